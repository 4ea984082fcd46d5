using System.Collections.Concurrent;

namespace SmartRec.Grains.Tests;

/// <summary>Counts the calls each grain type receives, among grains whose id holds one of the markers a test watches.</summary>
public sealed class CountedCalls : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, int> _byType = new(StringComparer.Ordinal);
    private volatile string[] _markers = [];

    /// <summary>Starts counting again, for the grains whose id holds one of <paramref name="markers"/> (none: stops).</summary>
    public void Watch(params string[] markers)
    {
        _markers = markers;
        _byType.Clear();
    }

    public int To(string grainType) => _byType.GetValueOrDefault(grainType);

    public override string ToString() => string.Join(", ", _byType.OrderBy(t => t.Key).Select(t => $"{t.Key} {t.Value}"));

    public Task Invoke(IIncomingGrainCallContext context)
    {
        var markers = _markers;
        if (markers.Length > 0)
        {
            var id = context.TargetId.ToString();
            if (markers.Any(m => id.Contains(m, StringComparison.Ordinal)))
            {
                _byType.AddOrUpdate(context.TargetId.Type.ToString()!, 1, (_, n) => n + 1);
            }
        }

        return context.Invoke();
    }
}
