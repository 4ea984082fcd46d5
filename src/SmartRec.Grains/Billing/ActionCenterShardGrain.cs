using SmartRec.Contracts;
using SmartRec.Contracts.Billing;
using SmartRec.Domain.Billing;
using SmartRec.Grains.Persistence;

namespace SmartRec.Grains.Billing;

[GenerateSerializer, Alias("smartrec.ActionCenterShardState")]
public sealed class ActionCenterShardState
{
    [Id(0)] public List<ActionItemRecord> Items { get; set; } = [];
}

[GenerateSerializer, Alias("smartrec.ActionItemRecord")]
public sealed class ActionItemRecord
{
    [Id(0)] public ActionItem Item { get; set; } = null!;
    [Id(1)] public ActionItemState State { get; set; }
    [Id(2)] public int Attempts { get; set; }
    [Id(3)] public string? HolderName { get; set; }
    [Id(4)] public DateTimeOffset FirstRecordedAt { get; set; }
    [Id(5)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(6)] public string? Note { get; set; }
    [Id(7)] public string? ResolvedByPaymentId { get; set; }
}

/// <summary>One shard of an organization's Action Center: its items whole, kept in a blob (decision 7).</summary>
public sealed class ActionCenterShardGrain(
    [PersistentState("actions", StorageNames.ActionCenter)] IPersistentState<ActionCenterShardState> state,
    TimeProvider time)
    : Grain, IActionCenterShardGrain
{
    private List<ActionItemRecord> Items => state.State.Items;

    public async Task Record(ActionItem item, string? holderName)
    {
        var now = time.GetUtcNow();
        await this.Commit(state, s =>
        {
            var record = s.Items.FirstOrDefault(r => r.Item.Id == item.Id);
            if (record is null)
            {
                s.Items.Add(new ActionItemRecord
                {
                    Item = item, State = ActionItemState.Open, Attempts = 1, HolderName = holderName, FirstRecordedAt = item.CreatedAt, UpdatedAt = now,
                });
                return;
            }

            record.Item = item;
            record.Attempts++;
            record.UpdatedAt = now;
            record.HolderName = holderName ?? record.HolderName;
            // Declined again after it was resolved: it needs a person again. A dismissal is a person's decision and stays.
            if (record.State == ActionItemState.Resolved)
            {
                record.State = ActionItemState.Open;
                record.ResolvedByPaymentId = null;
            }
        });
    }

    public async Task<ActionItemView?> Resolve(string itemId, string? resolvedByPaymentId)
    {
        var record = Items.FirstOrDefault(r => r.Item.Id == itemId);
        if (record is null || record.State != ActionItemState.Open)
        {
            return record is null ? null : View(record);
        }

        await this.Commit(state, s =>
        {
            var draft = s.Items.First(r => r.Item.Id == itemId);
            draft.State = ActionItemState.Resolved;
            draft.ResolvedByPaymentId = resolvedByPaymentId;
            draft.UpdatedAt = time.GetUtcNow();
        });
        return View(Items.First(r => r.Item.Id == itemId));
    }

    public async Task<ActionItemView?> Dismiss(string itemId, string note)
    {
        var record = Items.FirstOrDefault(r => r.Item.Id == itemId);
        if (record is null || record.State == ActionItemState.Dismissed)
        {
            return record is null ? null : View(record);
        }

        await this.Commit(state, s =>
        {
            var draft = s.Items.First(r => r.Item.Id == itemId);
            draft.State = ActionItemState.Dismissed;
            draft.Note = note;
            draft.UpdatedAt = time.GetUtcNow();
        });
        return View(Items.First(r => r.Item.Id == itemId));
    }

    public Task<ActionItemView?> Find(string itemId) =>
        Task.FromResult(Items.FirstOrDefault(r => r.Item.Id == itemId) is { } record ? View(record) : null);

    public Task<ActionCenterPage> Page(ActionCenterQuery query)
    {
        var cursor = ActionCenterPaging.Decode(query.Cursor);
        var ofKind = Items.Where(r => query.Kind is not { } kind || r.Item.Kind == kind).ToList();
        var matching = ofKind.Where(r => query.State is not { } wanted || r.State == wanted).ToList();
        var page = matching
            .Where(r => ActionCenterPaging.IsAfter(r.FirstRecordedAt, r.Item.Id, cursor))
            .OrderByDescending(r => r.FirstRecordedAt).ThenBy(r => r.Item.Id, StringComparer.Ordinal)
            .Take(query.Limit)
            .Select(View)
            .ToList();
        var counts = new ActionCenterCounts(
            ofKind.Count(r => r.State == ActionItemState.Open),
            ofKind.Count(r => r.State == ActionItemState.Resolved),
            ofKind.Count(r => r.State == ActionItemState.Dismissed));
        return Task.FromResult(new ActionCenterPage(page, null, matching.Count, counts));
    }

    private static ActionItemView View(ActionItemRecord r) =>
        new(r.Item, r.State, r.Attempts, r.HolderName, r.FirstRecordedAt, r.UpdatedAt, r.Note, r.ResolvedByPaymentId);
}
