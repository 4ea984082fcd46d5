using Microsoft.Extensions.Logging.Abstractions;
using SmartRec.Grains.Batches;

namespace SmartRec.Grains.Tests;

/// <summary>A batch's progress moves on while one chunk, on a silo that just died, answers nothing.</summary>
public sealed class ChunkCountsTests
{
    [Fact]
    public async Task A_chunk_that_does_not_answer_keeps_its_last_counts_while_the_others_move_on()
    {
        var counts = new ChunkCounts<int>(TimeProvider.System);
        counts.Load(new Dictionary<int, int> { [0] = 10, [1] = 20 });
        var silent = new TaskCompletionSource<int>();

        var round = Task.WhenAll(
            counts.Refresh(0, () => silent.Task, NullLogger.Instance, "batch"),
            counts.Refresh(1, () => Task.FromResult(25), NullLogger.Instance, "batch"));
        var finished = await Task.WhenAny(round, Task.Delay(ChunkCounts<int>.ReadWait * 4));

        Assert.Same(round, finished);
        Assert.Equal(10, counts.Known[0]);
        Assert.Equal(25, counts.Known[1]);
        Assert.True(counts.Changed);

        // Its answer, when it comes, counts in the next round.
        silent.SetResult(15);
        await counts.Refresh(0, () => silent.Task, NullLogger.Instance, "batch");
        Assert.Equal(15, counts.Known[0]);
    }
}
