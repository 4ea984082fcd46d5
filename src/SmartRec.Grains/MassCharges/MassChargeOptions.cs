namespace SmartRec.Grains.MassCharges;

/// <summary>Bound from "SmartRec:MassCharge"; the processor budget is configured once for the whole cluster (decision 4).</summary>
public sealed class MassChargeOptions
{
    public const string Section = "SmartRec:MassCharge";

    /// <summary>Requests per second the processor allows us, for the whole cluster (Stripe's live mode allows 100).</summary>
    public double RequestsPerSecond { get; set; } = 100;

    /// <summary>Processor requests in flight across the cluster at most.</summary>
    public int MaxInFlight { get; set; } = 100;

    /// <summary>Targets one chunk works on at once; the budget, not this, is what bounds the processor's load.</summary>
    public int Window { get; set; } = 16;

    /// <summary>
    /// A chunk stores its outcomes after this many, or after <see cref="WriteInterval"/>, whichever comes first. Each
    /// write rewrites the chunk's row (some 150 KB at 1,600 targets), and a crash costs only a processor lookup per
    /// outcome not stored, so writes are few.
    /// </summary>
    public int OutcomesPerWrite { get; set; } = 256;

    public TimeSpan WriteInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A chunk starts no new charge while this many of its targets are charging or have outcomes not stored yet.
    /// When storage is slow or failing, outcomes pile up in memory, each one a processor lookup after a crash; past
    /// this bound the chunk waits for a write to land instead of charging on. A chunk charging at the cluster's whole
    /// budget and storing every second stays well under it.
    /// </summary>
    public int MaxUnstoredOutcomes { get; set; } = 512;

    /// <summary>How long the whole cluster runs at half the rate after the processor answered 429.</summary>
    public TimeSpan ThrottleFor { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Pause before a target whose processor or owner call failed is tried again; doubled up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
}
