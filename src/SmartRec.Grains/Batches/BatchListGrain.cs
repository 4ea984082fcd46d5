using SmartRec.Contracts;
using SmartRec.Contracts.Batches;
using SmartRec.Domain.Bulk;
using SmartRec.Grains.Persistence;

namespace SmartRec.Grains.Batches;

/// <summary>
/// An organization's batches of one kind, newest first, as a chain of bounded pages (decision 15). Not reentrant:
/// adding to the current page and moving to the next are one turn, so two launches never fill the same page past its size.
/// </summary>
public sealed class BatchListGrain(
    [PersistentState("batchlist", StorageNames.Batches)] IPersistentState<BatchListState> state)
    : Grain, IBatchListGrain
{
    /// <summary>Entries per page: a page row stays a few KB however many batches an organization runs.</summary>
    public const int PageSize = 100;

    public async Task Add(BatchListEntry entry)
    {
        var count = await Page(state.State.CurrentPage).Add(entry);
        if (count >= PageSize)
        {
            await this.Commit(state, s => s.CurrentPage++);
        }
    }

    public async Task<BatchListPage> List(string? cursor, int limit)
    {
        // The cursor is "{page}.{entries of that page already listed}", counted from the page's newest entry.
        var (page, skip) = string.IsNullOrEmpty(cursor) ? (state.State.CurrentPage, 0) : ChunkCursors.Decode(cursor, state.State.CurrentPage + 1);
        var items = new List<BatchListEntry>(limit);
        int? currentCount = null;
        while (page >= 0 && items.Count < limit)
        {
            var entries = await Page(page).Get();
            if (page == state.State.CurrentPage)
            {
                currentCount = entries.Count;
            }

            var newestFirst = entries.Reverse().Skip(skip).Take(limit - items.Count).ToList();
            items.AddRange(newestFirst);
            skip += newestFirst.Count;
            if (skip >= entries.Count)
            {
                (page, skip) = (page - 1, 0);
            }
        }

        // Every page before the current one is full.
        var total = state.State.CurrentPage * PageSize + (currentCount ?? (await Page(state.State.CurrentPage).Get()).Count);
        return new BatchListPage(items, page >= 0 ? ChunkCursors.Encode(page, skip) : null, total);
    }

    private IBatchListPageGrain Page(int page)
    {
        var (organizationId, kind) = OrgScopedKey.Parse(this.GetPrimaryKeyString());
        return GrainFactory.GetGrain<IBatchListPageGrain>(BatchListKey.Page(organizationId, Enum.Parse<BatchKind>(kind), page));
    }
}
