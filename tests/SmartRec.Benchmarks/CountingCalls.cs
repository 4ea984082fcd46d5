using System.Collections.Concurrent;

namespace SmartRec.Benchmarks;

/// <summary>
/// Counts incoming calls to the engine's own grains (not Orleans' memory-storage grains), by grain type. Progress reads
/// are left out: the benchmark's own polling (ten a second, each asking every chunk) would otherwise be charged to
/// the batch, and more so the slower the storage.
/// </summary>
public sealed class CountingCalls : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, long> _byGrain = new(StringComparer.Ordinal);

    public long Total => _byGrain.Values.Sum();

    public IReadOnlyDictionary<string, long> ByGrain => _byGrain;

    public void Reset() => _byGrain.Clear();

    public Task Invoke(IIncomingGrainCallContext context)
    {
        var type = context.Grain.GetType();
        if (type.Namespace?.StartsWith("SmartRec", StringComparison.Ordinal) == true && context.InterfaceMethod?.Name != "GetProgress")
        {
            _byGrain.AddOrUpdate(type.Name, 1, (_, n) => n + 1);
        }

        return context.Invoke();
    }
}
