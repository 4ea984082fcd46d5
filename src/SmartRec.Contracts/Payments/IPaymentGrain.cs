namespace SmartRec.Contracts.Payments;

/// <summary>
/// One payment, keyed "{organizationId}/{paymentId}". Its processor idempotency key is fixed and persisted before
/// the processor is called and reused on every retry, so it charges at most once (decision 3). A processor that does
/// not answer leaves it <see cref="PaymentStatus.Unknown"/>; a reminder resolves it by asking the processor.
/// </summary>
[Alias("smartrec.IPaymentGrain")]
public interface IPaymentGrain : IGrainWithStringKey
{
    /// <summary>Creates and charges the payment. Submitting the same request again returns the payment as it is now.</summary>
    [Alias("Submit")]
    Task<PaymentView> Submit(NewPayment request);

    /// <summary>
    /// Takes over a charge a bulk path already made under its own derived key and left processing (a mass charge's
    /// e-check, R13): stores it as it is, tells the ledger, and lets the janitor follow it until it settles or fails
    /// (a failure reaches the Action Center). Adopting it again changes nothing.
    /// </summary>
    [Alias("Adopt")]
    Task<PaymentView> Adopt(AdoptedCharge charge);

    /// <summary>
    /// Becomes the payment of a bulk charge that has only a receipt (a mass charge's, which writes no payment per
    /// charge): the processor confirms the charge under the receipt's key, and the payment is stored as succeeded, its
    /// receipt already on the ledger. Adopting it again changes nothing.
    /// </summary>
    [Alias("AdoptReceipt")]
    Task<PaymentView> AdoptReceipt(BulkReceipt receipt);

    /// <summary>The payment, or null when it was never submitted.</summary>
    [Alias("Find")]
    Task<PaymentView?> Find();

    /// <summary>Asks the processor for the outcome of an unknown or processing payment now, as the janitor reminder does.</summary>
    [Alias("Resolve")]
    Task<PaymentView> Resolve();

    /// <summary>
    /// The customer's bank disputed the charge (a processor event): the money is taken back from the ledger, the
    /// invoices reopen and the Action Center hears of it. Told again, nothing changes.
    /// </summary>
    [Alias("RecordDispute")]
    Task<PaymentView> RecordDispute();

    /// <summary>Refunds part or all of a succeeded payment; the same refund id again returns the first result.</summary>
    [Alias("Refund")]
    Task<PaymentView> Refund(string refundId, Money amount);
}
