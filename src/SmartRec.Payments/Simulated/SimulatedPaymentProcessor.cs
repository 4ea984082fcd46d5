using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using SmartRec.Contracts.Wallets;

namespace SmartRec.Payments.Simulated;

/// <summary>
/// An in-process processor with Stripe-like behaviour: test tokens with fixed outcomes, idempotent charges, e-checks
/// that settle later, and configurable latency, rate limit and faults for benchmarks and chaos tests.
/// </summary>
/// <remarks>
/// Its ledger lives in this process. Attached method ids carry the test method's name, so a method attached on one
/// silo can be charged from another; charge idempotency, however, holds within one process only.
/// </remarks>
public sealed class SimulatedPaymentProcessor(SimulatedProcessorOptions options, TimeProvider time) : IPaymentProcessor
{
    private const string MethodPrefix = "pm_sim_";

    private readonly ConcurrentDictionary<string, CardExpiry> _expiries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _detached = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StoredCharge> _charges = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _lostResponses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredRefund> _refunds = new(StringComparer.Ordinal);
    private readonly Lock _refundLock = new();
    private readonly Lock _diceLock = new();
    private readonly Random _dice = new(options.RandomSeed);
    private readonly Lock _bucketLock = new();
    private double _bucketTokens = options.RequestsPerSecond;
    private long _bucketRefilledAt = time.GetTimestamp();

    public async Task<string> EnsureCustomerAsync(string walletReference, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        return "cus_sim_" + Hash(walletReference)[..16];
    }

    public async Task<AttachedPaymentMethod> AttachAsync(string customerId, string token, BillingAddress billingAddress, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        var details = Describe(token);
        var id = $"{MethodPrefix}{token[3..]}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";
        if (details.Expiry is { } expiry)
        {
            _expiries[id] = expiry;
        }

        return new AttachedPaymentMethod(id, details);
    }

    public async Task<PaymentMethodDetails> DescribeAsync(string token, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        return Describe(token);
    }

    private PaymentMethodDetails Describe(string token)
    {
        if (!SimulatedTestMethods.All.TryGetValue(token, out var method))
        {
            throw new ProcessorException("resource_missing", "No such payment method token.");
        }

        CardExpiry? expiry = null;
        if (method.Kind == PaymentMethodKind.Card)
        {
            var now = time.GetUtcNow().UtcDateTime;
            expiry = method.ExpiredOnAttach
                ? (now.Month == 1 ? new CardExpiry(12, now.Year - 1) : new CardExpiry(now.Month - 1, now.Year))
                : new CardExpiry(12, now.Year + 3);
        }

        return new PaymentMethodDetails(method.Kind, method.Last4, Fingerprint: Hash(token)[..16], method.Brand, expiry, method.BankName, method.Country);
    }

    public async Task DetachAsync(string paymentMethodId, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        Resolve(paymentMethodId);
        _detached[paymentMethodId] = 0;
    }

    public async Task UpdateCardExpiryAsync(string paymentMethodId, CardExpiry expiry, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        if (Resolve(paymentMethodId).Kind != PaymentMethodKind.Card)
        {
            throw new ProcessorException("parameter_invalid", "Only cards have an expiry.");
        }

        _expiries[paymentMethodId] = expiry;
    }

    public async Task<ChargeOutcome> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        if (Roll(options.UnavailableRate))
        {
            throw new ProcessorUnavailableException("Simulated processor: connection reset before the request was read.");
        }

        var stored = _charges.GetOrAdd(request.IdempotencyKey, _ => Decide(request));
        if (stored.Request != request)
        {
            throw new ProcessorException(ProcessorException.KeyConflict,
                "This idempotency key was already used with different parameters.");
        }

        if (Roll(options.LostResponseRate)
            || (Resolve(request.PaymentMethodId).LosesFirstResponse && _lostResponses.TryAdd(request.IdempotencyKey, 0)))
        {
            throw new ProcessorUnavailableException("Simulated processor: the charge was made but its response was lost.");
        }

        return Current(stored);
    }

    public async Task<ChargeOutcome?> FindChargeAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        return _charges.TryGetValue(idempotencyKey, out var stored) ? Current(stored) : null;
    }

    public async Task<RefundOutcome> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        if (!request.Amount.IsPositive)
        {
            throw new ProcessorException("parameter_invalid", "A refund amount must be positive.");
        }

        lock (_refundLock)
        {
            if (_refunds.TryGetValue(request.IdempotencyKey, out var replayed))
            {
                return replayed.Request == request
                    ? replayed.Outcome
                    : throw new ProcessorException(ProcessorException.KeyConflict, "This idempotency key was already used with different parameters.");
            }

            var charge = _charges.Values.FirstOrDefault(c => c.ChargeId == request.ChargeId)
                ?? throw new ProcessorException("resource_missing", "No such charge.");
            var current = Current(charge);
            if (current.Status != ChargeStatus.Succeeded)
            {
                throw new ProcessorException("charge_not_refundable", "Only a succeeded charge can be refunded.");
            }

            var refunded = _refunds.Values.Where(r => r.Request.ChargeId == request.ChargeId).Sum(r => r.Request.Amount.Minor);
            if (request.Amount.Currency != current.Amount.Currency || refunded + request.Amount.Minor > current.Amount.Minor)
            {
                throw new ProcessorException("amount_too_large", "The refund is larger than what is left of the charge.");
            }

            var outcome = new RefundOutcome("re_sim_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)), request.ChargeId, request.Amount);
            _refunds[request.IdempotencyKey] = new StoredRefund(request, outcome);
            return outcome;
        }
    }

    private StoredCharge Decide(ChargeRequest request)
    {
        var method = Resolve(request.PaymentMethodId);
        var chargeId = "ch_sim_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var now = time.GetUtcNow();
        if (method.Kind == PaymentMethodKind.BankAccount)
        {
            return new StoredCharge(request, chargeId, now, ChargeStatus.Processing, method.DeclineCode);
        }

        var expired = _expiries.TryGetValue(request.PaymentMethodId, out var expiry)
            && (expiry.Year < now.Year || (expiry.Year == now.Year && expiry.Month < now.Month));
        var declineCode = expired ? "expired_card" : method.DeclineCode;
        return new StoredCharge(request, chargeId, now, declineCode is null ? ChargeStatus.Succeeded : ChargeStatus.Declined, declineCode);
    }

    private ChargeOutcome Current(StoredCharge stored)
    {
        if (stored.Status != ChargeStatus.Processing)
        {
            return new ChargeOutcome(stored.Status, stored.ChargeId, stored.Request.Amount, stored.DeclineCode, DeclineMessage(stored.DeclineCode));
        }

        if (time.GetUtcNow() < stored.CreatedAt + options.BankSettlementDelay)
        {
            return new ChargeOutcome(ChargeStatus.Processing, stored.ChargeId, stored.Request.Amount);
        }

        return stored.DeclineCode is null
            ? new ChargeOutcome(ChargeStatus.Succeeded, stored.ChargeId, stored.Request.Amount)
            : new ChargeOutcome(ChargeStatus.Declined, stored.ChargeId, stored.Request.Amount, stored.DeclineCode, DeclineMessage(stored.DeclineCode));
    }

    /// <summary>An attached method's id, or a one-off test token charged as it is (no customer, R7).</summary>
    private SimulatedTestMethods.TestMethod Resolve(string paymentMethodId)
    {
        if (SimulatedTestMethods.All.TryGetValue(paymentMethodId, out var token))
        {
            return token;
        }

        var lastUnderscore = paymentMethodId.LastIndexOf('_');
        if (!paymentMethodId.StartsWith(MethodPrefix, StringComparison.Ordinal) || lastUnderscore <= MethodPrefix.Length
            || _detached.ContainsKey(paymentMethodId)
            || !SimulatedTestMethods.All.TryGetValue("pm_" + paymentMethodId[MethodPrefix.Length..lastUnderscore], out var method))
        {
            throw new ProcessorException("resource_missing", "No such payment method.");
        }

        return method;
    }

    private async Task EnterAsync(CancellationToken cancellationToken)
    {
        TakeFromBucket();
        var delay = options.Latency;
        if (options.LatencyJitter > TimeSpan.Zero)
        {
            lock (_diceLock)
            {
                delay += options.LatencyJitter * _dice.NextDouble();
            }
        }

        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, time, cancellationToken);
        }
    }

    private void TakeFromBucket()
    {
        var rate = options.RequestsPerSecond;
        if (rate <= 0)
        {
            return;
        }

        lock (_bucketLock)
        {
            var now = time.GetTimestamp();
            _bucketTokens = Math.Min(rate, _bucketTokens + time.GetElapsedTime(_bucketRefilledAt, now).TotalSeconds * rate);
            _bucketRefilledAt = now;
            if (_bucketTokens < 1)
            {
                throw new ProcessorRateLimitedException(TimeSpan.FromSeconds((1 - _bucketTokens) / rate));
            }

            _bucketTokens -= 1;
        }
    }

    private bool Roll(double probability)
    {
        if (probability <= 0)
        {
            return false;
        }

        lock (_diceLock)
        {
            return _dice.NextDouble() < probability;
        }
    }

    private static string? DeclineMessage(string? declineCode) => declineCode switch
    {
        null => null,
        "insufficient_funds" => "Your card has insufficient funds.",
        "expired_card" => "Your card has expired.",
        "stolen_card" => "Your card was declined.",
        "account_closed" => "The bank account has been closed.",
        _ => "Your card was declined.",
    };

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private sealed record StoredRefund(RefundRequest Request, RefundOutcome Outcome);

    private sealed record StoredCharge(ChargeRequest Request, string ChargeId, DateTimeOffset CreatedAt, ChargeStatus Status, string? DeclineCode);
}
