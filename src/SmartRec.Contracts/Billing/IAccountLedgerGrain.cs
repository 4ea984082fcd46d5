using SmartRec.Contracts.Invoices;
using SmartRec.Contracts.Payments;

namespace SmartRec.Contracts.Billing;

/// <summary>
/// The money of one client account, keyed like the account ("{organizationId}/{accountId}"): its invoices' totals,
/// the receipts of its succeeded payments and where they are allocated, and its credit. It is the one place where the
/// account's invariants hold: Σ invoices − Σ allocated payments − Σ applied credit = balance owing, and
/// Σ received − Σ refunded = Σ allocated + Σ unallocated. It never calls payment or plan grains, so they may call it.
/// </summary>
[Alias("smartrec.IAccountLedgerGrain")]
public interface IAccountLedgerGrain : IGrainWithStringKey
{
    /// <summary>Called by an invoice when it is created; registering the same invoice again changes nothing.</summary>
    [Alias("RegisterInvoice")]
    Task RegisterInvoice(LedgerInvoiceEntry invoice);

    /// <summary>Voids an invoice that has nothing allocated to it.</summary>
    [Alias("VoidInvoice")]
    Task<InvoiceView> VoidInvoice(string invoiceId);

    /// <summary>
    /// Records a payment's latest state. The first time it is seen succeeded, its amount becomes a receipt allocated
    /// to its invoices (oldest first) unless it is meant to stay unreconciled; refunds take back unallocated money first,
    /// then reopen invoices, newest allocation first.
    /// </summary>
    [Alias("RecordPayment")]
    Task RecordPayment(PaymentView payment);

    /// <summary>
    /// Records, as <see cref="RecordPayment"/> does and in one write, charges a bulk path made under their derived
    /// processor keys without payments of their own (a mass charge's, decision 12): each receipt keeps its key, so a
    /// payment can be made of it when one is asked for (see <see cref="FindBulkReceipt"/>). Recording one again
    /// changes nothing.
    /// </summary>
    [Alias("RecordBulkPayments")]
    Task RecordBulkPayments(IReadOnlyList<BulkPayment> payments);

    /// <summary>The receipt of a bulk charge recorded with <see cref="RecordBulkPayments"/>, or null.</summary>
    [Alias("FindBulkReceipt")]
    Task<BulkReceipt?> FindBulkReceipt(string paymentId);

    [Alias("RegisterPlan")]
    Task RegisterPlan(string planId);

    /// <summary>Lists a subscription with the account's upcoming payments; registering it again changes nothing.</summary>
    [Alias("RegisterSubscription")]
    Task RegisterSubscription(string subscriptionId);

    /// <summary>Adds account credit; the same credit id again changes nothing.</summary>
    [Alias("GrantCredit")]
    Task<LedgerView> GrantCredit(string creditId, Money amount, string reason);

    /// <summary>Applies available credit to the chosen open invoices (all when empty), oldest first (R9); idempotent per application id.</summary>
    [Alias("ApplyCredit")]
    Task<LedgerView> ApplyCredit(string applicationId, Money amount, IReadOnlyList<string> invoiceIds);

    /// <summary>
    /// A checkout's one judgement against the balance (R9), in one turn: applies its credit (application id
    /// "{reservationId}:credit") and holds its amount until its payment is settled or declined, or its plan's
    /// installments are paid or finally failed. Refused (payment.over_balance) when credit plus amount is more than the
    /// chosen invoices owe less what other checkouts hold on them. The same id with the same amount changes nothing.
    /// </summary>
    [Alias("Reserve")]
    Task<LedgerView> Reserve(string reservationId, Money credit, Money amount, IReadOnlyList<string> invoiceIds);

    /// <summary>
    /// Gives back everything a checkout's reservation did: the held amount and the credit it applied. Called when a
    /// later step of the checkout failed for good, so nothing stays held; an unknown reservation changes nothing.
    /// </summary>
    [Alias("Release")]
    Task<LedgerView> Release(string reservationId);

    /// <summary>
    /// Ends one part (a plan installment, paid or finally failed) of a reservation; the same part again, or an unknown
    /// reservation, changes nothing. A checkout's own payment ends its reservation through <see cref="RecordPayment"/>.
    /// </summary>
    [Alias("EndReservationPart")]
    Task EndReservationPart(string reservationId, string partId, Money amount);

    /// <summary>Allocates a receipt's unallocated money to the chosen open invoices (all when empty), oldest first.</summary>
    [Alias("Reconcile")]
    Task<LedgerView> Reconcile(string paymentId, IReadOnlyList<string> invoiceIds);

    [Alias("Get")]
    Task<LedgerView> Get();
}

[GenerateSerializer, Immutable, Alias("smartrec.LedgerInvoiceEntry")]
public sealed record LedgerInvoiceEntry(
    [property: Id(0)] string InvoiceId,
    [property: Id(1)] Money Total,
    [property: Id(2)] DateOnly DueDate,
    [property: Id(3)] DateTimeOffset CreatedAt);
