namespace SmartRec.Grains.MassInvoices;

/// <summary>Bound from "SmartRec:MassInvoice".</summary>
public sealed class MassInvoiceOptions
{
    public const string Section = "SmartRec:MassInvoice";

    /// <summary>Invoices in flight per chunk; with 64 chunks, 16 makes about a thousand across the cluster.</summary>
    public int Window { get; set; } = 16;

    /// <summary>
    /// How long a target whose invoice call keeps failing with something other than a refusal is tried again before it
    /// is reported failed. A silo killed under the batch makes every call to its grains fail until membership declares
    /// it dead and the grains come back elsewhere (about a minute with Orleans' default probes), so this is well above.
    /// </summary>
    public TimeSpan TargetRetryWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Pause before a window with such targets is tried again; doubled up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(15);
}
