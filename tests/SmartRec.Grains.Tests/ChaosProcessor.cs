using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using SmartRec.Contracts.Wallets;
using SmartRec.Payments;

namespace SmartRec.Grains.Tests;

/// <summary>
/// The processor as a mass charge sees it, seen from the processor's side: it stamps every charge and lookup that
/// reaches it (to check the rate the cluster promised), remembers the first outcome of each key (the processor's own
/// record of what was charged), and when switched to chaos answers bursts of 429s, lost answers of applied charges
/// (timeouts) and 5xx errors. It also counts the charges of each processor customer in flight at once.
/// </summary>
public sealed class ChaosProcessor(IPaymentProcessor inner) : IPaymentProcessor
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<TimeSpan> _arrivals = new();
    private readonly ConcurrentDictionary<string, ChargeOutcome> _charged = new(StringComparer.Ordinal);
    private readonly Random _dice = new(11);
    private readonly ConcurrentDictionary<string, int> _chargingByCustomer = new(StringComparer.Ordinal);
    private int _chargeCalls;
    private int _rateLimited;
    private int _mostAtOnceForOneCustomer;

    /// <summary>Share of requests answered 429 outside bursts, 500 after nothing was charged, and applied with their answer lost.</summary>
    public (double RateLimited, double ServerError, double LostAnswer) Chaos { get; set; }

    /// <summary>While true, every fourth 200 ms answers 429 to everything: a burst.</summary>
    public bool Bursts { get; set; }

    public TimeSpan Latency { get; set; }

    /// <summary>Each key's first outcome: what the processor charged, once per key however often it was sent.</summary>
    public IReadOnlyDictionary<string, ChargeOutcome> Charges => _charged;

    public int ChargeCalls => Volatile.Read(ref _chargeCalls);

    public int RateLimitedAnswers => Volatile.Read(ref _rateLimited);

    /// <summary>The most charges of one processor customer that were in flight at once since the last reset (decision 5: one).</summary>
    public int MostChargesOfOneCustomerAtOnce => Volatile.Read(ref _mostAtOnceForOneCustomer);

    public void ResetOverlaps() => Volatile.Write(ref _mostAtOnceForOneCustomer, 0);

    public void Calm()
    {
        Chaos = default;
        Bursts = false;
        Latency = TimeSpan.Zero;
    }

    /// <summary>The most requests that reached the processor within any <paramref name="window"/>, since <paramref name="since"/>.</summary>
    public int MostRequestsWithin(TimeSpan window, TimeSpan since)
    {
        var times = _arrivals.Where(t => t >= since).Order().ToArray();
        int most = 0, first = 0;
        for (var last = 0; last < times.Length; last++)
        {
            while (times[last] - times[first] >= window)
            {
                first++;
            }

            most = Math.Max(most, last - first + 1);
        }

        return most;
    }

    public TimeSpan Now => _clock.Elapsed;

    public async Task<ChargeOutcome> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken)
    {
        var atOnce = _chargingByCustomer.AddOrUpdate(request.CustomerId, 1, (_, n) => n + 1);
        for (var most = MostChargesOfOneCustomerAtOnce; atOnce > most; most = MostChargesOfOneCustomerAtOnce)
        {
            Interlocked.CompareExchange(ref _mostAtOnceForOneCustomer, atOnce, most);
        }

        try
        {
            return await Charge(request, cancellationToken);
        }
        finally
        {
            _chargingByCustomer.AddOrUpdate(request.CustomerId, 0, (_, n) => n - 1);
        }
    }

    private async Task<ChargeOutcome> Charge(ChargeRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _chargeCalls);
        await Arrive();
        var (rateLimited, serverError, lostAnswer) = Chaos;
        if (Roll(rateLimited) || InBurst())
        {
            Interlocked.Increment(ref _rateLimited);
            throw new ProcessorRateLimitedException(TimeSpan.FromMilliseconds(50));
        }

        if (Roll(serverError))
        {
            throw new HttpRequestException("Test: 500 from the processor", null, HttpStatusCode.InternalServerError);
        }

        var outcome = await inner.ChargeAsync(request, cancellationToken);
        _charged.TryAdd(request.IdempotencyKey, outcome);
        return Roll(lostAnswer) ? throw new TimeoutException("Test: the charge was applied but its answer was lost.") : outcome;
    }

    public async Task<ChargeOutcome?> FindChargeAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        await Arrive();
        if (InBurst())
        {
            Interlocked.Increment(ref _rateLimited);
            throw new ProcessorRateLimitedException(TimeSpan.FromMilliseconds(50));
        }

        return await inner.FindChargeAsync(idempotencyKey, cancellationToken);
    }

    public Task<string> EnsureCustomerAsync(string walletReference, CancellationToken cancellationToken) =>
        inner.EnsureCustomerAsync(walletReference, cancellationToken);

    public Task<AttachedPaymentMethod> AttachAsync(string customerId, string token, BillingAddress billingAddress, CancellationToken cancellationToken) =>
        inner.AttachAsync(customerId, token, billingAddress, cancellationToken);

    public Task<PaymentMethodDetails> DescribeAsync(string token, CancellationToken cancellationToken) => inner.DescribeAsync(token, cancellationToken);

    public Task DetachAsync(string paymentMethodId, CancellationToken cancellationToken) => inner.DetachAsync(paymentMethodId, cancellationToken);

    public Task UpdateCardExpiryAsync(string paymentMethodId, CardExpiry expiry, CancellationToken cancellationToken) =>
        inner.UpdateCardExpiryAsync(paymentMethodId, expiry, cancellationToken);

    public Task<RefundOutcome> RefundAsync(RefundRequest request, CancellationToken cancellationToken) => inner.RefundAsync(request, cancellationToken);

    private async Task Arrive()
    {
        _arrivals.Enqueue(_clock.Elapsed);
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency);
        }
    }

    private bool InBurst() => Bursts && (long)_clock.Elapsed.TotalMilliseconds / 200 % 4 == 0;

    private bool Roll(double share)
    {
        if (share <= 0)
        {
            return false;
        }

        lock (_dice)
        {
            return _dice.NextDouble() < share;
        }
    }
}
