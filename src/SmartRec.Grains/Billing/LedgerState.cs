using SmartRec.Contracts.Wallets;

namespace SmartRec.Grains.Billing;

/// <summary>Amounts are minor units of <see cref="Currency"/>, the organization's currency (decision 1).</summary>
[GenerateSerializer, Alias("smartrec.LedgerState")]
public sealed class LedgerState
{
    [Id(0)] public string? Currency { get; set; }
    [Id(1)] public List<LedgerInvoiceState> Invoices { get; set; } = [];
    [Id(2)] public List<ReceiptState> Receipts { get; set; } = [];
    [Id(3)] public List<string> PaymentIds { get; set; } = [];
    [Id(4)] public List<string> PlanIds { get; set; } = [];
    [Id(5)] public Dictionary<string, long> Credits { get; set; } = new(StringComparer.Ordinal);
    [Id(6)] public Dictionary<string, List<AllocationState>> CreditApplications { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Checkouts in flight only: a reservation is removed once all of it is paid or released.</summary>
    [Id(7)] public List<ReservationState> Reservations { get; set; } = [];
    [Id(8)] public List<string> SubscriptionIds { get; set; } = [];
}

/// <summary>
/// Money a checkout is about to charge now or through a plan (id = the checkout's, which is also its payment's and
/// plan's id), held against its invoices so that two checkouts cannot both be judged against the same balance.
/// </summary>
[GenerateSerializer, Alias("smartrec.ReservationState")]
public sealed class ReservationState
{
    [Id(0)] public string ReservationId { get; set; } = "";
    [Id(1)] public long Amount { get; set; }
    [Id(2)] public List<string> InvoiceIds { get; set; } = [];
    /// <summary>Paid or released so far; the parts (plan installments) already counted, so telling again changes nothing.</summary>
    [Id(3)] public long Ended { get; set; }
    [Id(4)] public List<string> EndedParts { get; set; } = [];
    [Id(5)] public DateTimeOffset CreatedAt { get; set; }
}

[GenerateSerializer, Alias("smartrec.LedgerInvoiceState")]
public sealed class LedgerInvoiceState
{
    [Id(0)] public string InvoiceId { get; set; } = "";
    [Id(1)] public long Total { get; set; }
    [Id(2)] public DateOnly DueDate { get; set; }
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
    [Id(4)] public bool IsVoid { get; set; }
}

[GenerateSerializer, Alias("smartrec.ReceiptState")]
public sealed class ReceiptState
{
    [Id(0)] public string PaymentId { get; set; } = "";
    [Id(1)] public long Received { get; set; }
    [Id(2)] public long Refunded { get; set; }
    /// <summary>In the order they were made, so a refund can take back the newest first.</summary>
    [Id(3)] public List<AllocationState> Allocations { get; set; } = [];
    /// <summary>Every invoice this receipt was ever allocated to, so a replay re-tells each of them, refunded ones included.</summary>
    [Id(4)] public List<string> TouchedInvoices { get; set; } = [];
    /// <summary>Set for a bulk charge with no payment of its own: what a payment is made of when one is asked for.</summary>
    [Id(5)] public BulkReceiptState? Bulk { get; set; }
}

[GenerateSerializer, Alias("smartrec.BulkReceiptState")]
public sealed class BulkReceiptState
{
    [Id(0)] public string ProcessorKey { get; set; } = "";
    [Id(1)] public string Description { get; set; } = "";
    [Id(2)] public PaymentMethodKind MethodKind { get; set; }
    [Id(3)] public bool LeaveUnreconciled { get; set; }
    [Id(4)] public DateTimeOffset ReceivedAt { get; set; }
    [Id(5)] public string? MethodBrand { get; set; }
    [Id(6)] public string? MethodLast4 { get; set; }
}

[GenerateSerializer, Alias("smartrec.AllocationState")]
public sealed class AllocationState
{
    [Id(0)] public string InvoiceId { get; set; } = "";
    [Id(1)] public long Amount { get; set; }
}
