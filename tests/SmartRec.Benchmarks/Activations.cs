namespace SmartRec.Benchmarks;

/// <summary>What stays resident, counted: the engine's activations by grain type, from the management grain.</summary>
public static class Activations
{
    public static async Task<long> Count(IGrainFactory grains) =>
        (await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics()).Where(IsEngine).Sum(s => (long)s.ActivationCount);

    /// <summary>The grain types with the most activations, as "Type n, Type n, …".</summary>
    public static async Task<string> Census(IGrainFactory grains, int top = 8)
    {
        var statistics = await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        var byType = statistics.Where(IsEngine)
            .GroupBy(s => ShortName(s.GrainType))
            .Select(g => (Type: g.Key, Count: g.Sum(s => (long)s.ActivationCount)))
            .OrderByDescending(t => t.Count)
            .ToList();
        return $"{byType.Sum(t => t.Count):N0} activations: " + string.Join(", ", byType.Take(top).Select(t => $"{t.Type} {t.Count:N0}"));
    }

    /// <summary>Deactivates every idle activation, as if the seeded organization had been created long before the batch.</summary>
    public static Task CollectIdle(IGrainFactory grains) => grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    private static bool IsEngine(SimpleGrainStatistic statistic) => statistic.GrainType.Contains("SmartRec", StringComparison.Ordinal);

    private static string ShortName(string grainType)
    {
        var type = grainType.Split(',')[0];
        return type[(type.LastIndexOf('.') + 1)..];
    }
}
