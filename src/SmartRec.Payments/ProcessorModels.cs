using SmartRec.Contracts;
using SmartRec.Contracts.Wallets;

namespace SmartRec.Payments;

/// <param name="PaymentMethodId">The processor's id of the attached method: the only thing we keep to charge it.</param>
public sealed record AttachedPaymentMethod(string PaymentMethodId, PaymentMethodDetails Details);

/// <param name="Reference">The engine's payment ("{organizationId}/{paymentId}"), carried by the processor so its events find it.</param>
public sealed record ChargeRequest(
    string CustomerId,
    string PaymentMethodId,
    Money Amount,
    string IdempotencyKey,
    string Description,
    string? Reference = null);

public enum ChargeStatus
{
    Succeeded = 0,
    /// <summary>Accepted but not settled yet: e-checks stay here for days (R13).</summary>
    Processing = 1,
    Declined = 2,
}

/// <param name="DeclineCode">The processor's reason, e.g. "insufficient_funds" or "stolen_card", when declined.</param>
public sealed record ChargeOutcome(
    ChargeStatus Status,
    string ChargeId,
    Money Amount,
    string? DeclineCode = null,
    string? Message = null);

public sealed record RefundRequest(string ChargeId, Money Amount, string IdempotencyKey);

public sealed record RefundOutcome(string RefundId, string ChargeId, Money Amount);

/// <summary>The processor refused the request; <see cref="Code"/> is its error code, e.g. "resource_missing".</summary>
public class ProcessorException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Another request with the same idempotency key is still in flight at the processor (Stripe's 409).</summary>
    public const string KeyInUse = "idempotency_key_in_use";

    /// <summary>
    /// The key was already used with other parameters (Stripe's 400 "idempotency_error"): a conflict in our own keys,
    /// never something the card or bank said.
    /// </summary>
    public const string KeyConflict = "idempotency_error";

    public string Code { get; } = code;

    /// <summary>
    /// True for a refusal that says nothing about the charge itself: the caller must treat its outcome as unknown and
    /// ask again later, never record a decline.
    /// </summary>
    /// <remarks>
    /// A key conflict is one of them: the charge made with that key, whatever it is, is found again by the key, and
    /// recording the conflict as a decline would invite a retry with a fresh key, a double charge.
    /// </remarks>
    public virtual bool LeavesOutcomeUnknown => Code is KeyInUse or KeyConflict;

    /// <summary>
    /// The processor looked at the request and refused it (an unknown method, a refund larger than the charge): the
    /// request did nothing.
    /// </summary>
    public bool IsRefusal => !LeavesOutcomeUnknown;
}

/// <summary>HTTP 429 from the processor: retry later, and slow down every caller sharing the budget.</summary>
public sealed class ProcessorRateLimitedException(TimeSpan retryAfter)
    : ProcessorException("rate_limited", $"The processor asked to retry after {retryAfter.TotalMilliseconds:0} ms.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;

    public override bool LeavesOutcomeUnknown => true;
}

/// <summary>
/// The processor did not answer: a 5xx, a timeout or a lost connection. The request may or may not have been applied,
/// so the caller resolves it by its idempotency key (<see cref="IPaymentProcessor.FindChargeAsync"/>), never as failed.
/// </summary>
public sealed class ProcessorUnavailableException(string message, Exception? inner = null)
    : ProcessorException(UnavailableCode, message, inner)
{
    public const string UnavailableCode = "processor_unavailable";

    public override bool LeavesOutcomeUnknown => true;
}
