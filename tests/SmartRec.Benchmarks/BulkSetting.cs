using System.Diagnostics;

namespace SmartRec.Benchmarks;

/// <summary>
/// What both bulk benchmarks do around their batch: the no-op baseline, seeding measured apart (its peak, then what it
/// leaves once its activations are collected, as if the organization had been created long before), and the batch's
/// own peak beside the activations still resident when it ends.
/// </summary>
public sealed class BulkSetting(string label, IGrainFactory grains, MemoryWatch memory)
{
    private long _retainedAfterSeeding;

    private TimeSpan _cpuAtStart;

    public double NoopPerSecond { get; private set; }

    public TimeSpan NoopCpu { get; private set; }

    public async Task Baseline()
    {
        (NoopPerSecond, NoopCpu) = await Measure.NoopCalls(grains);
        Print($"baseline no-op grain calls: {NoopPerSecond:N0}/s (64 callers), {NoopCpu.TotalMicroseconds:N1} µs of CPU each");
    }

    /// <summary>Starts counting the batch's CPU time.</summary>
    public void StartBatch() => _cpuAtStart = Measure.CpuTime();

    /// <summary>
    /// The batch's CPU time per item, as a number of no-op calls' worth: on a CPU-bound run the same ratio as the rates,
    /// but unmoved by whatever else the machine is running.
    /// </summary>
    public string CpuPerItem(int items, string item, string target = "")
    {
        var perItem = (Measure.CpuTime() - _cpuAtStart) / Math.Max(1, items);
        return $"CPU per {item} {perItem.TotalMicroseconds:N0} µs = {perItem / NoopCpu:N0} no-op calls' worth{target}";
    }

    public async Task Seed(int families, bool withCards)
    {
        memory.NewPhase();
        var clock = Stopwatch.StartNew();
        await Families.Seed(grains, families, withCards);
        var seconds = clock.Elapsed.TotalSeconds;
        var seedingPeak = memory.Peak;
        var census = await Activations.Census(grains);
        await Activations.CollectIdle(grains);
        _retainedAfterSeeding = MemoryWatch.Retained();
        Print($"seeded {families:N0} families of {Families.PersonsPerFamily}{(withCards ? " with an authorized card" : "")} in {seconds:N1} s; " +
            $"seeding peak RSS {Measure.Mb(seedingPeak)}, {census}");
        Print($"after seeding (its activations collected): RSS {Measure.Mb(_retainedAfterSeeding)}, live heap {Measure.Mb(MemoryWatch.LiveHeap())}, " +
            $"{await Activations.Count(grains):N0} activations");
        memory.NewPhase();
    }

    /// <summary>Samples the resident activations while the batch runs; the largest count is reported with the batch.</summary>
    public async Task<long> PeakActivationsWhile(Func<Task<bool>> running)
    {
        long peak = 0;
        var polls = 0;
        while (await running())
        {
            if (++polls % 10 == 0)
            {
                peak = Math.Max(peak, await Activations.Count(grains));
            }

            await Task.Delay(100);
        }

        return Math.Max(peak, await Activations.Count(grains));
    }

    public async Task ReportMemory(long peakActivations)
    {
        var batchPeak = memory.Peak;
        Print($"RSS after seeding {Measure.Mb(_retainedAfterSeeding)}, peak during the batch {Measure.Mb(batchPeak)} " +
            $"(+{Measure.Mb(batchPeak - _retainedAfterSeeding)} for the batch; target < 1 GB); process peak {Measure.Mb(Process.GetCurrentProcess().PeakWorkingSet64)}");
        Print($"activations: at most {peakActivations:N0} during the batch; at its end {await Activations.Census(grains)}");
        Print($"after the batch: RSS {Measure.Mb(MemoryWatch.Retained())} retained, live heap {Measure.Mb(MemoryWatch.LiveHeap())}");
    }

    public void Print(string line) => Console.WriteLine($"[{label}] {line}");
}
