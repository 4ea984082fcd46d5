using SmartRec.Contracts.Batches;
using SmartRec.Grains.Batches;

namespace SmartRec.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class BatchListGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_list_longer_than_a_page_of_storage_pages_newest_first_and_every_page_carries_the_total()
    {
        var org = "org-" + Guid.NewGuid().ToString("N")[..12];
        var list = fixture.Grains.GetGrain<IBatchListGrain>(BatchListKey.For(org, BatchKind.MassCharge));
        var count = BatchListGrain.PageSize + 50;
        var accepted = DateTimeOffset.UnixEpoch;
        for (var n = 0; n < count; n++)
        {
            await list.Add(new BatchListEntry($"mc_{n:000}", accepted.AddMinutes(n)));
        }

        await list.Add(new BatchListEntry($"mc_{count - 1:000}", accepted.AddMinutes(count - 1))); // a replayed launch lists nothing new
        var pages = new List<BatchListPage>();
        string? cursor = null;
        do
        {
            var page = await list.List(cursor, 40);
            pages.Add(page);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.All(pages, page => Assert.Equal(count, page.Total));
        Assert.Equal(Enumerable.Range(0, count).Reverse().Select(n => $"mc_{n:000}"), pages.SelectMany(p => p.Items).Select(e => e.BatchId));
    }
}
