using SmartRec.Contracts.Billing;
using SmartRec.Grains.Persistence;

namespace SmartRec.Grains.Billing;

[GenerateSerializer, Alias("smartrec.ActionCenterState")]
public sealed class ActionCenterState
{
    [Id(0)] public List<ActionItem> Items { get; set; } = [];
}

public sealed class ActionCenterGrain(
    [PersistentState("actions", StorageNames.ActionCenter)] IPersistentState<ActionCenterState> state)
    : Grain, IActionCenterGrain
{
    /// <summary>The newest items only, so the state stays one small storage row (decision 7).</summary>
    private const int MaxItems = 1000;

    public async Task Record(ActionItem item)
    {
        await this.Commit(state, s =>
        {
            s.Items.RemoveAll(i => i.Id == item.Id);
            s.Items.Insert(0, item);
            if (s.Items.Count > MaxItems)
            {
                s.Items.RemoveRange(MaxItems, s.Items.Count - MaxItems);
            }
        });
    }

    public Task<IReadOnlyList<ActionItem>> List() => Task.FromResult<IReadOnlyList<ActionItem>>([.. state.State.Items]);
}
