using System.Collections.Concurrent;
using SmartRec.Contracts.Wallets;
using SmartRec.Payments;

namespace SmartRec.Grains.Tests;

/// <summary>
/// The cluster's processor with a switch per idempotency key: while a key is down, its charges fail before they reach
/// the processor (nothing is charged), like a connection refused or a 429. Counts the charge requests that do reach it.
/// </summary>
public sealed class OutageProcessor(IPaymentProcessor inner) : IPaymentProcessor
{
    private readonly ConcurrentDictionary<string, Func<Exception>> _down = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _refused = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _charged = new(StringComparer.Ordinal);

    /// <summary>Fails this key's charges with <paramref name="failure"/>; by default a connection refused.</summary>
    public void TakeDown(string idempotencyKey, Func<Exception>? failure = null) =>
        _down[idempotencyKey] = failure ?? (() => new HttpRequestException("Test outage: connection refused before the request was sent."));

    public void Restore(string idempotencyKey) => _down.TryRemove(idempotencyKey, out _);

    /// <summary>Charge requests with this key that failed before reaching the processor.</summary>
    public int Refused(string idempotencyKey) => _refused.GetValueOrDefault(idempotencyKey);

    /// <summary>Every key a charge request reached the processor with.</summary>
    public IEnumerable<string> ChargedKeys => _charged.Keys;

    /// <summary>Charge requests with this key that reached the processor (which answers a repeated key with its first charge).</summary>
    public int Charged(string idempotencyKey) => _charged.GetValueOrDefault(idempotencyKey);

    public Task<ChargeOutcome> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken)
    {
        if (_down.TryGetValue(request.IdempotencyKey, out var failure))
        {
            _refused.AddOrUpdate(request.IdempotencyKey, 1, (_, n) => n + 1);
            throw failure();
        }

        _charged.AddOrUpdate(request.IdempotencyKey, 1, (_, n) => n + 1);
        return inner.ChargeAsync(request, cancellationToken);
    }

    public Task<ChargeOutcome?> FindChargeAsync(string idempotencyKey, CancellationToken cancellationToken) =>
        inner.FindChargeAsync(idempotencyKey, cancellationToken);

    public Task<string> EnsureCustomerAsync(string walletReference, CancellationToken cancellationToken) =>
        inner.EnsureCustomerAsync(walletReference, cancellationToken);

    public Task<AttachedPaymentMethod> AttachAsync(string customerId, string token, BillingAddress billingAddress, CancellationToken cancellationToken) =>
        inner.AttachAsync(customerId, token, billingAddress, cancellationToken);

    public Task<PaymentMethodDetails> DescribeAsync(string token, CancellationToken cancellationToken) => inner.DescribeAsync(token, cancellationToken);

    public Task DetachAsync(string paymentMethodId, CancellationToken cancellationToken) => inner.DetachAsync(paymentMethodId, cancellationToken);

    public Task UpdateCardExpiryAsync(string paymentMethodId, CardExpiry expiry, CancellationToken cancellationToken) =>
        inner.UpdateCardExpiryAsync(paymentMethodId, expiry, cancellationToken);

    public Task<RefundOutcome> RefundAsync(RefundRequest request, CancellationToken cancellationToken) => inner.RefundAsync(request, cancellationToken);
}
