using SmartRec.Contracts;
using SmartRec.Contracts.Invoices;

namespace SmartRec.Grains.Invoices;

[GenerateSerializer, Alias("smartrec.InvoiceState")]
public sealed class InvoiceState
{
    [Id(0)] public NewInvoice? Request { get; set; }
    [Id(1)] public string Fingerprint { get; set; } = "";
    [Id(2)] public Money Total { get; set; }
    [Id(3)] public Money Paid { get; set; }
    [Id(4)] public bool IsVoid { get; set; }
    [Id(5)] public DateTimeOffset CreatedAt { get; set; }
    [Id(6)] public bool RegisteredWithLedger { get; set; }
}
