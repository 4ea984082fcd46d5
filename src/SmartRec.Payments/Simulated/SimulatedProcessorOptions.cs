namespace SmartRec.Payments.Simulated;

/// <summary>Knobs that let benchmarks and chaos tests make the simulated processor behave like a real one under load.</summary>
public sealed class SimulatedProcessorOptions
{
    /// <summary>Time every request takes before it answers.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    /// <summary>Uniform random extra time on top of <see cref="Latency"/>.</summary>
    public TimeSpan LatencyJitter { get; set; } = TimeSpan.Zero;

    /// <summary>Requests accepted per second before answering 429; 0 means no limit.</summary>
    public int RequestsPerSecond { get; set; }

    /// <summary>Share of charges (0..1) that fail before reaching the processor: nothing is charged.</summary>
    public double UnavailableRate { get; set; }

    /// <summary>Share of charges (0..1) applied by the processor whose answer is lost: the caller sees a timeout.</summary>
    public double LostResponseRate { get; set; }

    /// <summary>How long an e-check stays processing before it settles or fails.</summary>
    public TimeSpan BankSettlementDelay { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Seed for the fault and jitter dice, so a chaos run can be replayed.</summary>
    public int RandomSeed { get; set; } = 7;
}
