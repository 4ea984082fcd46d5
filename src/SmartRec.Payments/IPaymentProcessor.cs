using SmartRec.Contracts.Wallets;

namespace SmartRec.Payments;

/// <summary>
/// The seam to the card and bank processor, shaped after Stripe's model: a processor customer per wallet, payment
/// methods tokenized on the customer's device and attached to that customer, and off-session charges that carry
/// an idempotency key chosen (and persisted) by the caller before the call.
/// </summary>
/// <remarks>
/// A card or bank decline is an answer, returned as a <see cref="ChargeOutcome"/> with <see cref="ChargeStatus.Declined"/>,
/// never thrown. Implementations throw <see cref="ProcessorException"/> for a refusal of the request itself,
/// <see cref="ProcessorRateLimitedException"/> when the processor asks us to slow down (never a decline), and
/// <see cref="ProcessorUnavailableException"/> (or, from a test double, any other exception) when the outcome of the
/// call is not known: the caller must then treat a charge as unknown and resolve it with <see cref="FindChargeAsync"/>,
/// never as failed. <see cref="ProcessorException.LeavesOutcomeUnknown"/> tells the two kinds of refusal apart.
/// </remarks>
public interface IPaymentProcessor
{
    /// <summary>Returns the processor's customer for our wallet reference, creating it the first time.</summary>
    Task<string> EnsureCustomerAsync(string walletReference, CancellationToken cancellationToken);

    /// <summary>Attaches a tokenized method to the customer and returns the token to charge and its display data.</summary>
    Task<AttachedPaymentMethod> AttachAsync(string customerId, string token, BillingAddress billingAddress, CancellationToken cancellationToken);

    /// <summary>
    /// The display data of a tokenized method without attaching it to anyone: a one-off payment (R5, R7) is checked
    /// and charged this way, so a customer who never signed in has nothing saved at the processor either.
    /// </summary>
    Task<PaymentMethodDetails> DescribeAsync(string token, CancellationToken cancellationToken);

    Task DetachAsync(string paymentMethodId, CancellationToken cancellationToken);

    Task UpdateCardExpiryAsync(string paymentMethodId, CardExpiry expiry, CancellationToken cancellationToken);

    /// <summary>
    /// A charge: off-session on a customer's attached method, or on a one-off token when <see cref="ChargeRequest.CustomerId"/>
    /// is empty. The same idempotency key always yields the first charge's outcome. A decline is an outcome, never an exception.
    /// </summary>
    Task<ChargeOutcome> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken);

    /// <summary>The current outcome of the charge made with this idempotency key, or null when none was made.</summary>
    Task<ChargeOutcome?> FindChargeAsync(string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>
    /// Refunds part or all of a succeeded charge. The same idempotency key always yields the first refund; refunding
    /// more than what is left of the charge is refused with "amount_too_large".
    /// </summary>
    Task<RefundOutcome> RefundAsync(RefundRequest request, CancellationToken cancellationToken);
}
