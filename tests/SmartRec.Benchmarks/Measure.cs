using System.Diagnostics;

namespace SmartRec.Benchmarks;

/// <summary>Latency percentiles and units, shared by the benchmarks.</summary>
public static class Measure
{
    public static async Task<(double P50, double P99)> Latencies(int count, Func<Task> call)
    {
        var samples = new double[count];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await call();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(samples);
        return (samples[count / 2], samples[(int)(count * 0.99)]);
    }

    /// <summary>
    /// Raw no-op grain calls per second from 64 concurrent callers, after a warm-up: the baseline every engine figure is
    /// set against; and the process's CPU time per call, which another process's load on the machine does not change.
    /// </summary>
    public static async Task<(double PerSecond, TimeSpan CpuPerCall)> NoopCalls(IGrainFactory grains)
    {
        var warm = grains.GetGrain<INoopGrain>(0);
        for (var i = 0; i < 20_000; i++)
        {
            await warm.Ping();
        }

        var cpu = CpuTime();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 64).Select(async w =>
        {
            var grain = grains.GetGrain<INoopGrain>(w);
            for (var i = 0; i < 2_000; i++)
            {
                await grain.Ping();
            }
        }));
        return (128_000 / clock.Elapsed.TotalSeconds, (CpuTime() - cpu) / 128_000);
    }

    /// <summary>CPU time this process has used so far, on every core.</summary>
    public static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    public static string Ms(double ms) => ms < 1 ? $"{ms * 1000:N0} µs" : $"{ms:N2} ms";

    public static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0:N0} MB";
}
