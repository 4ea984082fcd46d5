namespace SmartRec.Grains.MassCharges;

/// <summary>
/// The budget grain's bookkeeping, kept apart from Orleans so its arithmetic reads plainly: send slots spaced
/// 1/rate apart, handed out only a short horizon ahead so a silo that stops asking wastes little; in-flight allowances
/// per holder (silo), forgotten when a holder stops renewing (a dead silo gives its share back).
/// </summary>
public sealed class BudgetSchedule(MassChargeOptions options)
{
    /// <summary>How far ahead slots are handed out: long enough to batch a silo's charges, short enough to share the rate fairly.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromMilliseconds(200);

    /// <summary>A holder that has not renewed for this long is gone; its in-flight allowance returns to the others.</summary>
    public static readonly TimeSpan HolderTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The share of the configured rate handed out. A lease reaches each silo after its own delay, so two silos' slots
    /// can slide together by the difference; 3% (30 ms of slots in any second) keeps the processor's count of a second
    /// under the limit through that, and still uses 97% of it.
    /// </summary>
    public const double Headroom = 0.97;

    private readonly Dictionary<string, (int Allowed, TimeSpan SeenAt)> _holders = new(StringComparer.Ordinal);
    private TimeSpan _nextSlot;
    private TimeSpan _throttledUntil;

    /// <param name="now">Time on one monotonic clock, the grain's.</param>
    public (int InFlightAllowed, int Slots, TimeSpan FirstSlot, TimeSpan Interval) Lease(string holder, int inFlight, int wanted, TimeSpan now)
    {
        foreach (var gone in _holders.Where(h => now - h.Value.SeenAt > HolderTimeout).Select(h => h.Key).ToList())
        {
            _holders.Remove(gone);
        }

        var others = _holders.Where(h => h.Key != holder).Sum(h => h.Value.Allowed);
        // Never below what the holder already has in flight: those requests are on their way and cannot be recalled.
        var allowed = Math.Max(inFlight, Math.Min(inFlight + wanted, options.MaxInFlight - others));
        _holders[holder] = (allowed, now);

        var rate = options.RequestsPerSecond * Headroom;
        var interval = TimeSpan.FromSeconds(1 / (now < _throttledUntil ? rate / 2 : rate));
        if (_nextSlot < now)
        {
            _nextSlot = now;
        }

        var room = Math.Min(wanted, Math.Max(0, allowed - inFlight));
        var slots = _nextSlot >= now + Horizon ? 0 : Math.Min(room, (int)((now + Horizon - _nextSlot) / interval) + 1);
        var first = _nextSlot;
        _nextSlot += interval * slots;
        return (allowed, slots, first - now, interval);
    }

    /// <summary>A 429: nothing is sent before <paramref name="retryAfter"/>, then the rate is halved for a while.</summary>
    public void Throttle(TimeSpan retryAfter, TimeSpan now)
    {
        var resume = now + retryAfter;
        if (_nextSlot < resume)
        {
            _nextSlot = resume;
        }

        _throttledUntil = resume + options.ThrottleFor;
    }
}
