using Microsoft.Extensions.Logging;

namespace SmartRec.Grains.Batches;

/// <summary>
/// What a batch grain last heard from each of its chunks, kept in memory between writes so a progress read is not a
/// write: the batch answers these when a chunk cannot be reached (a dead silo), and stores them at most every
/// <see cref="WriteInterval"/> unless forced. A failed store leaves them <see cref="Changed"/>, so the next one retries.
/// </summary>
public sealed class ChunkCounts<TProgress>(TimeProvider time)
{
    public static readonly TimeSpan WriteInterval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long one chunk's read may take before its last counts are kept for this round. A chunk on a silo that just
    /// died answers nothing until the call times out (30 s): the batch's progress stood still in 30 s steps after each
    /// kill in the chaos drill, every chunk's counts waiting for the slowest. Real time: it bounds a network wait.
    /// </summary>
    public static readonly TimeSpan ReadWait = TimeSpan.FromSeconds(5);

    private readonly Dictionary<int, TProgress> _known = [];
    private DateTimeOffset _storedAt;

    public bool Changed { get; private set; }

    public IReadOnlyDictionary<int, TProgress> Known => _known;

    /// <summary>Starts from the counts the batch stored, as an activation does.</summary>
    public void Load(IReadOnlyDictionary<int, TProgress> stored)
    {
        foreach (var (chunk, progress) in stored)
        {
            _known[chunk] = progress;
        }
    }

    public void Remember(int chunk, TProgress progress)
    {
        if (!_known.TryGetValue(chunk, out var known) || !EqualityComparer<TProgress>.Default.Equals(known, progress))
        {
            _known[chunk] = progress;
            Changed = true;
        }
    }

    /// <summary>
    /// Reads one chunk's counts with <paramref name="read"/>, which also wakes it; one that cannot be reached, or does not
    /// answer within <see cref="ReadWait"/>, keeps its last counts.
    /// </summary>
    public async Task Refresh(int chunk, Func<Task<TProgress>> read, ILogger logger, string batchId)
    {
        try
        {
            Remember(chunk, await read().WaitAsync(ReadWait));
        }
        catch (Exception e)
        {
            logger.LogInformation(e, "Batch {BatchId}: chunk {Chunk} not reached; its counts stay as they were", batchId, chunk);
        }
    }

    /// <summary>
    /// Stores the counts read since the last write with <paramref name="store"/> when <see cref="Due"/>, so a batch that
    /// moves to another silo answers them at once. A store that throws leaves them changed for the next one.
    /// </summary>
    public async Task StoreIfDue(bool force, Func<Dictionary<int, TProgress>, Task> store)
    {
        if (Due(force))
        {
            await store(ToStore());
            Stored();
        }
    }

    /// <summary>Whether the counts should be written now: something changed, and it is forced or the interval has passed.</summary>
    public bool Due(bool force) => Changed && (force || time.GetUtcNow() - _storedAt >= WriteInterval);

    /// <summary>A copy for the state to store.</summary>
    public Dictionary<int, TProgress> ToStore() => new(_known);

    /// <summary>Called once the write holding <see cref="ToStore"/> has landed.</summary>
    public void Stored()
    {
        Changed = false;
        _storedAt = time.GetUtcNow();
    }
}
