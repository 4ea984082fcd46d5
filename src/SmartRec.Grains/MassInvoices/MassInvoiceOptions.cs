namespace SmartRec.Grains.MassInvoices;

public sealed class MassInvoiceOptions
{
    /// <summary>Invoices in flight per chunk; with 64 chunks, 16 makes about a thousand across the cluster.</summary>
    public int Window { get; set; } = 16;
}
