using SmartRec.Contracts.Batches;
using SmartRec.Grains.Persistence;

namespace SmartRec.Grains.Batches;

public sealed class BatchListPageGrain(
    [PersistentState("batchlistpage", StorageNames.Batches)] IPersistentState<BatchListPageState> state)
    : Grain, IBatchListPageGrain
{
    public async Task<int> Add(BatchListEntry entry)
    {
        if (!state.State.Entries.Any(e => e.BatchId == entry.BatchId))
        {
            await this.Commit(state, s => s.Entries.Add(entry));
        }

        return state.State.Entries.Count;
    }

    public Task<IReadOnlyList<BatchListEntry>> Get() => Task.FromResult<IReadOnlyList<BatchListEntry>>([.. state.State.Entries]);
}
