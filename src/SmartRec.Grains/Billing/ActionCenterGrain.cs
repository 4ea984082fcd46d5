using SmartRec.Contracts.Billing;

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
        state.State.Items.RemoveAll(i => i.Id == item.Id);
        state.State.Items.Insert(0, item);
        if (state.State.Items.Count > MaxItems)
        {
            state.State.Items.RemoveRange(MaxItems, state.State.Items.Count - MaxItems);
        }

        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<ActionItem>> List() => Task.FromResult<IReadOnlyList<ActionItem>>([.. state.State.Items]);
}
