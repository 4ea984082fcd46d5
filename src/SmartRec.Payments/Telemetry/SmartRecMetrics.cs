using System.Diagnostics.Metrics;

namespace SmartRec.Payments.Telemetry;

/// <summary>
/// The engine's own instruments, exported by the host (Prometheus at /metrics). Tags stay low-cardinality: outcomes,
/// decline codes, operations, currencies — never ids.
/// </summary>
public static class SmartRecMetrics
{
    public const string MeterName = "SmartRec";

    private static readonly Meter Meter = new(MeterName, "1.0");

    /// <summary>Charges by outcome: succeeded, processing, declined, unknown, rate_limited, refused.</summary>
    public static readonly Counter<long> Charges = Meter.CreateCounter<long>("smartrec.charges", "{charge}", "Charges sent to the processor, by outcome.");

    public static readonly Counter<long> Declines = Meter.CreateCounter<long>("smartrec.declines", "{charge}", "Declined charges, by decline code.");

    public static readonly Histogram<double> ProcessorDuration =
        Meter.CreateHistogram<double>("smartrec.processor.duration", "ms", "Time the processor took to answer, by operation and outcome.");

    /// <summary>Targets a batch (mass invoice, mass charge) has finished, by batch kind and outcome: its progress.</summary>
    public static readonly Counter<long> BatchTargets = Meter.CreateCounter<long>("smartrec.batch.targets", "{target}", "Batch targets completed, by kind and outcome.");
}
