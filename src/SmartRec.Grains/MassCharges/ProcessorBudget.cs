using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SmartRec.Contracts.MassCharges;
using SmartRec.Payments;

namespace SmartRec.Grains.MassCharges;

/// <summary>
/// This silo's share of the cluster's processor budget: every processor request of a mass charge enters here first.
/// It renews its lease from <see cref="IProcessorBudgetGrain"/> for all the silo's waiting requests at once, so the
/// budget grain hears from a silo a few times a second, not once per charge.
/// </summary>
public sealed class ProcessorBudget(IGrainFactory grains, ILogger<ProcessorBudget> logger)
{
    /// <summary>A slot not used within this of its time is dropped: used later it could crowd another silo's next slot.</summary>
    private static readonly TimeSpan SlotTolerance = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Slots asked for at least, even by a single waiter: when charges come one by one (storage, not the processor, is
    /// the bottleneck), a lease per charge would make the budget grain a call per charge. Slots a silo does not use
    /// lapse within the grain's short horizon.
    /// </summary>
    private const int MinimumLease = 8;

    private static readonly TimeSpan TimerResolution = TimeSpan.FromMilliseconds(1);

    private static readonly TimeSpan NothingGrantedPause = TimeSpan.FromMilliseconds(50);

    /// <summary>Throttles reported less than this apart are one 429 burst: the budget grain hears of it once.</summary>
    private static readonly TimeSpan ThrottleReportGap = TimeSpan.FromMilliseconds(500);

    private readonly string _holder = Guid.NewGuid().ToString("N");
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _inFlight;
    private int _waiting;
    private int _allowed;

    /// <summary>This silo's send slots not yet taken, on its own clock, earliest first.</summary>
    private readonly Queue<TimeSpan> _slots = new();

    private long _lastThrottleTicks = long.MinValue / 2;
    private volatile bool _dropSlots;

    private IProcessorBudgetGrain Grain => grains.GetGrain<IProcessorBudgetGrain>(0);

    /// <summary>
    /// Sends <paramref name="request"/> in its slot, counted in flight until it answers. It runs on the thread pool, not
    /// on the calling grain's scheduler: a grain busy with its other targets would otherwise send late, and a late send
    /// crowds the next slot. A 429 slows down the whole cluster before it is thrown back.
    /// </summary>
    public Task<T> Send<T>(Func<Task<T>> request, CancellationToken cancellationToken) => Task.Run(async () =>
    {
        try
        {
            using (await Enter(cancellationToken).ConfigureAwait(false))
            {
                return await request().ConfigureAwait(false);
            }
        }
        catch (ProcessorRateLimitedException e)
        {
            await Throttle(e.RetryAfter).ConfigureAwait(false);
            throw;
        }
    }, cancellationToken);

    /// <summary>Waits for a send slot and an in-flight place; disposing the answer gives the place back.</summary>
    private async Task<IDisposable> Enter(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        TimeSpan slot;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                var now = _clock.Elapsed;
                if (_dropSlots)
                {
                    _dropSlots = false;
                    _slots.Clear();
                }

                while (_slots.TryPeek(out var next) && next + SlotTolerance < now)
                {
                    _slots.Dequeue();
                }

                if (_slots.Count > 0 && Volatile.Read(ref _inFlight) < _allowed)
                {
                    slot = _slots.Dequeue();
                    Interlocked.Increment(ref _inFlight);
                    break;
                }

                await Renew(now, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
            _gate.Release();
        }

        // A timer cannot wait less than about a millisecond: a slot closer than that is taken now rather than through a
        // timer per request (with a wide-open budget, nearly every request), and at most a millisecond early.
        var wait = slot - _clock.Elapsed;
        if (wait > TimerResolution)
        {
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }

        return new Place(this);
    }

    /// <summary>The processor answered 429: the whole cluster slows down, and this silo's slots are dropped.</summary>
    private async Task Throttle(TimeSpan retryAfter)
    {
        // Not under the gate: its holder may be waiting for in-flight places that only this request's end frees.
        _dropSlots = true;
        var now = _clock.Elapsed.Ticks;
        var last = Interlocked.Read(ref _lastThrottleTicks);
        if (now - last < ThrottleReportGap.Ticks || Interlocked.CompareExchange(ref _lastThrottleTicks, now, last) != last)
        {
            return;
        }

        try
        {
            await Grain.Throttle(retryAfter).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The 429 itself still makes the target wait and retry; the cluster slows down at the next report.
            logger.LogWarning(e, "Could not report a processor 429 to the budget");
        }
    }

    private async Task Renew(TimeSpan asked, CancellationToken cancellationToken)
    {
        var lease = await Grain.Lease(_holder, Volatile.Read(ref _inFlight), Math.Max(MinimumLease, Volatile.Read(ref _waiting))).ConfigureAwait(false);
        var granted = _clock.Elapsed;
        _allowed = lease.InFlightAllowed;
        var slotsIn = lease.SlotsIn ?? [];
        // Slots are relative to when the grain granted them; counting from when its answer arrived can only make them
        // later, never crowd them. Slots still held are kept: the grain counted them, and a renewal is no reason to waste them.
        foreach (var slotIn in slotsIn)
        {
            _slots.Enqueue(granted + slotIn);
        }

        if (slotsIn.Length == 0 || Volatile.Read(ref _inFlight) >= _allowed)
        {
            var pause = slotsIn.Length == 0 ? NothingGrantedPause : TimeSpan.FromMilliseconds(5);
            await Task.Delay(granted - asked > pause ? TimeSpan.Zero : pause, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class Place(ProcessorBudget budget) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref budget._inFlight);
            }
        }
    }
}
