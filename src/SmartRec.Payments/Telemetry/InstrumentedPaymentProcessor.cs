using System.Diagnostics;
using SmartRec.Contracts.Wallets;

namespace SmartRec.Payments.Telemetry;

/// <summary>Measures every processor call at the seam, so each processor adapter is measured the same way.</summary>
public sealed class InstrumentedPaymentProcessor(IPaymentProcessor inner) : IPaymentProcessor
{
    public Task<string> EnsureCustomerAsync(string walletReference, CancellationToken cancellationToken) =>
        Measure("ensure_customer", () => inner.EnsureCustomerAsync(walletReference, cancellationToken));

    public Task<AttachedPaymentMethod> AttachAsync(string customerId, string token, BillingAddress billingAddress, CancellationToken cancellationToken) =>
        Measure("attach", () => inner.AttachAsync(customerId, token, billingAddress, cancellationToken));

    public Task<PaymentMethodDetails> DescribeAsync(string token, CancellationToken cancellationToken) =>
        Measure("describe", () => inner.DescribeAsync(token, cancellationToken));

    public Task DetachAsync(string paymentMethodId, CancellationToken cancellationToken) =>
        Measure("detach", async () =>
        {
            await inner.DetachAsync(paymentMethodId, cancellationToken);
            return true;
        });

    public Task UpdateCardExpiryAsync(string paymentMethodId, CardExpiry expiry, CancellationToken cancellationToken) =>
        Measure("update_expiry", async () =>
        {
            await inner.UpdateCardExpiryAsync(paymentMethodId, expiry, cancellationToken);
            return true;
        });

    public async Task<ChargeOutcome> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken)
    {
        var currency = new KeyValuePair<string, object?>("currency", request.Amount.Currency);
        try
        {
            var outcome = await Measure("charge", () => inner.ChargeAsync(request, cancellationToken));
            SmartRecMetrics.Charges.Add(1, new KeyValuePair<string, object?>("outcome", OutcomeName(outcome.Status)), currency);
            if (outcome.Status == ChargeStatus.Declined)
            {
                SmartRecMetrics.Declines.Add(1, new KeyValuePair<string, object?>("decline_code", outcome.DeclineCode ?? "unspecified"));
            }

            return outcome;
        }
        catch (Exception e)
        {
            SmartRecMetrics.Charges.Add(1, new KeyValuePair<string, object?>("outcome", FailureName(e)), currency);
            throw;
        }
    }

    public Task<ChargeOutcome?> FindChargeAsync(string idempotencyKey, CancellationToken cancellationToken) =>
        Measure("find_charge", () => inner.FindChargeAsync(idempotencyKey, cancellationToken));

    public Task<RefundOutcome> RefundAsync(RefundRequest request, CancellationToken cancellationToken) =>
        Measure("refund", () => inner.RefundAsync(request, cancellationToken));

    private static async Task<T> Measure<T>(string operation, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "ok";
        try
        {
            return await call();
        }
        catch (Exception e)
        {
            outcome = FailureName(e);
            throw;
        }
        finally
        {
            SmartRecMetrics.ProcessorDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    private static string OutcomeName(ChargeStatus status) => status switch
    {
        ChargeStatus.Succeeded => "succeeded",
        ChargeStatus.Processing => "processing",
        ChargeStatus.Declined => "declined",
        _ => "other",
    };

    /// <summary>A refusal is an answer; anything else leaves the outcome unknown.</summary>
    private static string FailureName(Exception e) => e switch
    {
        ProcessorRateLimitedException => "rate_limited",
        ProcessorException { LeavesOutcomeUnknown: true } => "unknown",
        ProcessorException => "refused",
        _ => "unknown",
    };
}
