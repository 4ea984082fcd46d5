namespace SmartRec.Contracts.Billing;

/// <summary>One invoice as the ledger sees it: what was allocated to it from payments and from credit.</summary>
[GenerateSerializer, Immutable, Alias("smartrec.LedgerInvoice")]
public sealed record LedgerInvoice(
    [property: Id(0)] string InvoiceId,
    [property: Id(1)] Money Total,
    [property: Id(2)] Money AllocatedPayments,
    [property: Id(3)] Money AppliedCredit,
    [property: Id(4)] Money Owing,
    [property: Id(5)] DateOnly DueDate,
    [property: Id(6)] bool IsVoid);

[GenerateSerializer, Immutable, Alias("smartrec.Allocation")]
public sealed record Allocation(
    [property: Id(0)] string InvoiceId,
    [property: Id(1)] Money Amount);

/// <summary>A payment receipt: money received, refunded, and where it went. Unallocated money is unreconciled.</summary>
[GenerateSerializer, Immutable, Alias("smartrec.Receipt")]
public sealed record Receipt(
    [property: Id(0)] string PaymentId,
    [property: Id(1)] Money Received,
    [property: Id(2)] Money Refunded,
    [property: Id(3)] Money Unallocated,
    [property: Id(4)] IReadOnlyList<Allocation> Allocations);

/// <summary>
/// An account's statement. The totals satisfy Invoiced − AllocatedPayments − AppliedCredit = BalanceOwing and
/// Received − Refunded = AllocatedPayments + Unallocated. <see cref="Reserved"/> is held by checkouts in flight (a payment
/// not yet settled or declined, a plan's installments not yet paid or failed); it is outside both sums.
/// </summary>
[GenerateSerializer, Immutable, Alias("smartrec.LedgerView")]
public sealed record LedgerView(
    [property: Id(0)] string AccountId,
    [property: Id(1)] string Currency,
    [property: Id(2)] IReadOnlyList<LedgerInvoice> Invoices,
    [property: Id(3)] IReadOnlyList<Receipt> Receipts,
    [property: Id(4)] IReadOnlyList<string> PaymentIds,
    [property: Id(5)] IReadOnlyList<string> PlanIds,
    [property: Id(6)] Money Invoiced,
    [property: Id(7)] Money AllocatedPayments,
    [property: Id(8)] Money AppliedCredit,
    [property: Id(9)] Money BalanceOwing,
    [property: Id(10)] Money Received,
    [property: Id(11)] Money Refunded,
    [property: Id(12)] Money Unallocated,
    [property: Id(13)] Money CreditGranted,
    [property: Id(14)] Money CreditAvailable,
    [property: Id(15)] Money Reserved,
    [property: Id(16)] IReadOnlyList<string>? SubscriptionIds = null);
