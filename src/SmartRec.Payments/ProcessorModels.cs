using SmartRec.Contracts;
using SmartRec.Contracts.Wallets;

namespace SmartRec.Payments;

/// <param name="PaymentMethodId">The processor's id of the attached method: the only thing we keep to charge it.</param>
public sealed record AttachedPaymentMethod(string PaymentMethodId, PaymentMethodDetails Details);

public sealed record ChargeRequest(
    string CustomerId,
    string PaymentMethodId,
    Money Amount,
    string IdempotencyKey,
    string Description);

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
public class ProcessorException(string code, string message) : Exception(message)
{
    /// <summary>Another request with the same idempotency key is still in flight at the processor (Stripe's 409).</summary>
    public const string KeyInUse = "idempotency_key_in_use";

    /// <summary>The same idempotency key was sent before with other parameters: a conflict at the processor, never a decline.</summary>
    public const string IdempotencyError = "idempotency_error";

    public string Code { get; } = code;

    /// <summary>
    /// True for a refusal that says nothing about the charge itself: the caller must treat its outcome as unknown and
    /// ask again later, never record a decline.
    /// </summary>
    public virtual bool LeavesOutcomeUnknown => Code == KeyInUse;

    /// <summary>
    /// The processor looked at the request and refused it (an unknown method, a refund larger than the charge): the
    /// request did nothing. An idempotency conflict is no refusal, since the key's first request may have charged.
    /// </summary>
    public bool IsRefusal => !LeavesOutcomeUnknown && Code != IdempotencyError;
}

/// <summary>HTTP 429 from the processor: retry later, and slow down every caller sharing the budget.</summary>
public sealed class ProcessorRateLimitedException(TimeSpan retryAfter)
    : ProcessorException("rate_limited", $"The processor asked to retry after {retryAfter.TotalMilliseconds:0} ms.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;

    public override bool LeavesOutcomeUnknown => true;
}
