namespace SmartRec.Benchmarks;

/// <summary>
/// The runs that need a whole cluster, each printing its figures beside a baseline from the same run:
///   dotnet run -c Release --project tests/SmartRec.Benchmarks -- ceiling [targets] [limit/s] [latency ms] [loop seconds]
///   dotnet run -c Release --project tests/SmartRec.Benchmarks -- chaos [targets] [kills] [latency ms] [limit/s]
/// </summary>
public static class ClusterRuns
{
    public static Task RunAsync(string[] args) => args[0] switch
    {
        "ceiling" => CeilingBenchmark.RunAsync(args[1..]),
        _ => ChaosDrill.RunAsync(args[1..]),
    };
}
