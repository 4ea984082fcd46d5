using SmartRec.Contracts.Wallets;

namespace SmartRec.Contracts.Payments;

/// <summary>
/// What to charge: a saved method the organization is authorized for, or a one-off processor token with its billing
/// address (R5, R8). Exactly one of <see cref="MethodId"/> and <see cref="Token"/> is set.
/// </summary>
[GenerateSerializer, Immutable, Alias("smartrec.PaymentSource")]
public sealed record PaymentSource(
    [property: Id(0)] string? MethodId = null,
    [property: Id(1)] string? Token = null,
    [property: Id(2)] BillingAddress? BillingAddress = null);

/// <param name="InvoiceIds">The invoices to pay, oldest first; empty means every open invoice, oldest first.</param>
/// <param name="LeaveUnreconciled">Keep the receipt unallocated (a mass charge, R12) until someone reconciles it.</param>
/// <param name="IdempotencyKey">The processor key, chosen by the caller when it derives from something else (a plan installment); otherwise from the payment id.</param>
/// <param name="ActionItemId">
/// The Action Center item this payment answers to: its owner (a plan, a subscription, the Action Center's retry)
/// records its declines there, and the payment resolves the item when it succeeds. Null: the payment records its own.
/// </param>
[GenerateSerializer, Immutable, Alias("smartrec.NewPayment")]
public sealed record NewPayment(
    [property: Id(0)] string AccountId,
    [property: Id(1)] PaymentSource Source,
    [property: Id(2)] Money Amount,
    [property: Id(3)] string Description,
    [property: Id(4)] IReadOnlyList<string> InvoiceIds,
    [property: Id(5)] bool LeaveUnreconciled = false,
    [property: Id(6)] string? IdempotencyKey = null,
    [property: Id(7)] string? ActionItemId = null);

public enum PaymentStatus
{
    Created = 0,
    Submitted = 1,
    Succeeded = 2,
    /// <summary>Accepted, not settled: e-checks (R13).</summary>
    Processing = 3,
    Declined = 4,
    /// <summary>The processor did not answer; the charge may or may not exist until resolved.</summary>
    Unknown = 5,
    PartiallyRefunded = 6,
    Refunded = 7,
    /// <summary>Succeeded, then disputed by the customer's bank: the money is taken back and its invoices reopen.</summary>
    Disputed = 8,
}

/// <param name="Pending">Asked of the processor, its answer not yet recorded: it counts against what is left to refund.</param>
[GenerateSerializer, Immutable, Alias("smartrec.RefundView")]
public sealed record RefundView(
    [property: Id(0)] string RefundId,
    [property: Id(1)] Money Amount,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] bool Pending = false);

/// <param name="MethodBrand">What was charged, as the processor described it when charged: the card's brand, or the bank's name.</param>
/// <param name="MethodLast4">The last four digits of the card or bank account charged; never more (R2).</param>
[GenerateSerializer, Immutable, Alias("smartrec.PaymentView")]
public sealed record PaymentView(
    [property: Id(0)] string OrganizationId,
    [property: Id(1)] string PaymentId,
    [property: Id(2)] string AccountId,
    [property: Id(3)] Money Amount,
    [property: Id(4)] PaymentStatus Status,
    [property: Id(5)] PaymentMethodKind MethodKind,
    [property: Id(6)] string? DeclineCode,
    [property: Id(7)] string? DeclineMessage,
    [property: Id(8)] Money Refunded,
    [property: Id(9)] IReadOnlyList<RefundView> Refunds,
    [property: Id(10)] IReadOnlyList<string> InvoiceIds,
    [property: Id(11)] bool LeaveUnreconciled,
    [property: Id(12)] string Description,
    [property: Id(13)] DateTimeOffset CreatedAt,
    [property: Id(14)] string? MethodId = null,
    [property: Id(15)] string? MethodBrand = null,
    [property: Id(16)] string? MethodLast4 = null)
{
    /// <summary>Money the processor has settled to us: nothing until the charge succeeded.</summary>
    public bool HasSettled => Status is PaymentStatus.Succeeded or PaymentStatus.PartiallyRefunded or PaymentStatus.Refunded or PaymentStatus.Disputed;
}

/// <summary>A charge made elsewhere with <see cref="NewPayment.IdempotencyKey"/>, for a payment to follow (see IPaymentGrain.Adopt).</summary>
[GenerateSerializer, Immutable, Alias("smartrec.AdoptedCharge")]
public sealed record AdoptedCharge(
    [property: Id(0)] NewPayment Request,
    [property: Id(1)] string HolderUserId,
    [property: Id(2)] PaymentMethodKind MethodKind,
    [property: Id(3)] string ChargeId,
    [property: Id(4)] PaymentStatus Status,
    [property: Id(5)] string? MethodBrand = null,
    [property: Id(6)] string? MethodLast4 = null);

/// <summary>A charge made by a bulk path, told to the account's ledger with the processor key it was made under.</summary>
[GenerateSerializer, Immutable, Alias("smartrec.BulkPayment")]
public sealed record BulkPayment(
    [property: Id(0)] PaymentView Payment,
    [property: Id(1)] string ProcessorKey);

/// <summary>
/// A bulk charge's receipt as the account's ledger holds it: enough for a payment to be made of it on demand (see
/// IPaymentGrain.AdoptReceipt), so it can be refunded and listed like any other.
/// </summary>
[GenerateSerializer, Immutable, Alias("smartrec.BulkReceipt")]
public sealed record BulkReceipt(
    [property: Id(0)] string PaymentId,
    [property: Id(1)] string AccountId,
    [property: Id(2)] Money Amount,
    [property: Id(3)] string ProcessorKey,
    [property: Id(4)] string Description,
    [property: Id(5)] PaymentMethodKind MethodKind,
    [property: Id(6)] bool LeaveUnreconciled,
    [property: Id(7)] DateTimeOffset ReceivedAt,
    [property: Id(8)] string? MethodBrand = null,
    [property: Id(9)] string? MethodLast4 = null);
