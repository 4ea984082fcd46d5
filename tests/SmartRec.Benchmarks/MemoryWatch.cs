using System.Runtime;

namespace SmartRec.Benchmarks;

/// <summary>
/// Samples the process's resident set in the background and keeps the peak of the current phase, so a bulk
/// benchmark reports seeding and the batch apart: what the batch adds is not hidden behind what seeding left.
/// </summary>
public sealed class MemoryWatch : IAsyncDisposable
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(50);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private long _peak;

    public MemoryWatch()
    {
        _peak = Environment.WorkingSet;
        _sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(SampleEvery);
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                Sample();
            }
        });
    }

    /// <summary>The peak since the phase began (sampled, and taken once more now).</summary>
    public long Peak
    {
        get
        {
            Sample();
            return Interlocked.Read(ref _peak);
        }
    }

    /// <summary>Starts a new phase: the peak starts again from the present resident set.</summary>
    public void NewPhase() => Interlocked.Exchange(ref _peak, Environment.WorkingSet);

    /// <summary>The resident set once everything unreachable is collected and given back to the OS: what the process really keeps.</summary>
    public static long Retained()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return Environment.WorkingSet;
    }

    public static long LiveHeap() => GC.GetTotalMemory(forceFullCollection: true);

    private void Sample()
    {
        var now = Environment.WorkingSet;
        long seen;
        while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _sampler;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
