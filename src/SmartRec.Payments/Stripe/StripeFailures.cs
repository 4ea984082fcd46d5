using System.Net;
using global::Stripe;

namespace SmartRec.Payments.Stripe;

/// <summary>
/// Stripe's errors in the engine's terms. Only what Stripe says about the card or bank is a decline, and that is
/// answered by <see cref="StripePaymentProcessor.ChargeAsync"/> as an outcome; everything here is thrown.
/// </summary>
internal static class StripeFailures
{
    /// <summary>The wait when a 429 carries no Retry-After header (Stripe's usually do not).</summary>
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The engine's exception for a failed Stripe call, or null when <paramref name="error"/> is the caller giving up
    /// (its own cancellation) or not Stripe's doing, which propagates as it is.
    /// </summary>
    public static ProcessorException? Translate(Exception error, CancellationToken cancellationToken) => error switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        StripeException stripe => Translate(stripe),
        // Stripe.net surfaces a timeout as a cancellation and a refused or reset connection as HttpRequestException.
        OperationCanceledException or HttpRequestException or IOException =>
            new ProcessorUnavailableException("Stripe did not answer: " + error.Message, error),
        _ => null,
    };

    private static ProcessorException Translate(StripeException e)
    {
        var status = (int)e.HttpStatusCode;
        var code = e.StripeError?.Code;
        var type = e.StripeError?.Type;
        if (e.HttpStatusCode == HttpStatusCode.TooManyRequests || code is "lock_timeout" or "rate_limit")
        {
            return new ProcessorRateLimitedException(RetryAfter(e) ?? DefaultRetryAfter);
        }

        if (type == "idempotency_error" || code == ProcessorException.KeyConflict)
        {
            return new ProcessorException(ProcessorException.KeyConflict, e.Message, e);
        }

        if (e.HttpStatusCode == HttpStatusCode.Conflict || code == ProcessorException.KeyInUse)
        {
            return new ProcessorException(ProcessorException.KeyInUse, e.Message, e);
        }

        if (status >= 500 || status == 0 || type == "api_error" || e.StripeError is null)
        {
            return new ProcessorUnavailableException($"Stripe failed ({status}): {e.Message}", e);
        }

        if (e.HttpStatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            // A wrong or revoked key says nothing about any card: recording declines would fail every payment of a
            // misconfigured silo for good, while "unknown" lets the janitor settle them once the key is fixed.
            return new ProcessorUnavailableException($"Stripe refused the API key ({status}): check {StripeProcessorOptions.Section}:ApiKey.", e);
        }

        return code switch
        {
            // The engine's contract names one code for every over-refund; Stripe has two.
            "charge_already_refunded" => new ProcessorException("amount_too_large", e.Message, e),
            _ => new ProcessorException(e.StripeError.DeclineCode ?? code ?? type ?? "invalid_request_error", e.Message, e),
        };
    }

    private static TimeSpan? RetryAfter(StripeException e)
    {
        var retryAfter = e.StripeResponse?.Headers?.RetryAfter;
        return retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
    }
}
