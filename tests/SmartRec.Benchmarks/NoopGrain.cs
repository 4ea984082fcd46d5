namespace SmartRec.Benchmarks;

/// <summary>The baseline: a grain call that does nothing, so the engine's figures read as multiples of the runtime's own cost.</summary>
[Alias("smartrec.bench.INoopGrain")]
public interface INoopGrain : IGrainWithIntegerKey
{
    [Alias("Ping")]
    Task Ping();
}

public sealed class NoopGrain : Grain, INoopGrain
{
    public Task Ping() => Task.CompletedTask;
}
