namespace SmartRec.Grains.MassCharges;

/// <summary>
/// The budget grain's bookkeeping, kept apart from Orleans so its arithmetic reads plainly: send slots handed out
/// only a short horizon ahead so a silo that stops asking wastes little, and never more of them in any one second
/// than the processor allows; in-flight allowances per holder (silo), forgotten when a holder stops renewing (a dead
/// silo gives its share back).
/// </summary>
public sealed class BudgetSchedule(MassChargeOptions options)
{
    /// <summary>How far ahead slots are handed out: long enough to batch a silo's charges, short enough to share the rate fairly.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromMilliseconds(200);

    /// <summary>The processor counts requests per second; so does the schedule, over every second, not only whole ones.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    /// <summary>A holder that has not renewed for this long is gone; its in-flight allowance returns to the others.</summary>
    public static readonly TimeSpan HolderTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The share of the configured rate handed out. A lease reaches each silo after its own delay, so two silos' slots
    /// can slide together by the difference; 3% (30 ms of slots in any second) keeps the processor's count of a second
    /// under the limit through that, and still uses 97% of it.
    /// </summary>
    public const double Headroom = 0.97;

    private readonly Dictionary<string, (int Allowed, TimeSpan SeenAt)> _holders = new(StringComparer.Ordinal);

    /// <summary>The slots handed out within the last <see cref="Window"/> before the latest one, oldest first.</summary>
    private readonly List<TimeSpan> _recent = [];

    private TimeSpan _lastSlot = TimeSpan.MinValue;

    /// <summary>When the next slot is due at the rate; behind the clock when time went unused.</summary>
    private TimeSpan _due = TimeSpan.MinValue;
    private TimeSpan _resumeAt;
    private TimeSpan _throttledUntil;

    /// <summary>Slots in any one second at most: the rate less the headroom, halved for a while after a 429.</summary>
    public int PerWindow(TimeSpan at)
    {
        var rate = options.RequestsPerSecond * Headroom * Window.TotalSeconds;
        return Math.Max(1, (int)Math.Floor(at < _throttledUntil ? rate / 2 : rate));
    }

    /// <param name="now">Time on one monotonic clock, the grain's.</param>
    /// <returns>The holder's in-flight allowance, and its send slots as offsets from <paramref name="now"/>, in order.</returns>
    public (int InFlightAllowed, TimeSpan[] SlotsIn) Lease(string holder, int inFlight, int wanted, TimeSpan now)
    {
        foreach (var gone in _holders.Where(h => now - h.Value.SeenAt > HolderTimeout).Select(h => h.Key).ToList())
        {
            _holders.Remove(gone);
        }

        var others = _holders.Where(h => h.Key != holder).Sum(h => h.Value.Allowed);
        // Never below what the holder already has in flight: those requests are on their way and cannot be recalled.
        var allowed = Math.Max(inFlight, Math.Min(inFlight + wanted, options.MaxInFlight - others));
        _holders[holder] = (allowed, now);

        var room = Math.Min(wanted, Math.Max(0, allowed - inFlight));
        var slots = new List<TimeSpan>();
        while (slots.Count < room)
        {
            var (slot, due) = Next(now);
            if (slot >= now + Horizon)
            {
                break;
            }

            (_lastSlot, _due) = (slot, due);
            _recent.Add(slot);
            slots.Add(slot - now);
        }

        return (allowed, [.. slots]);
    }

    /// <summary>A 429: nothing is sent before <paramref name="retryAfter"/>, then the rate is halved for a while.</summary>
    public void Throttle(TimeSpan retryAfter, TimeSpan now)
    {
        var resume = now + retryAfter;
        if (_resumeAt < resume)
        {
            _resumeAt = resume;
        }

        _throttledUntil = resume + options.ThrottleFor;
    }

    /// <summary>
    /// The time of one more slot, and when the slot after it is due. Slots are due 1/rate apart and evenly spaced while
    /// silos keep asking; but time in which nobody asked (a silo's renewal late on a busy machine, a pause in the charges
    /// coming) is not lost for a second: the slots it left unused are handed out as soon as someone asks, twice as close
    /// together, and never more than <see cref="PerWindow"/> in any second the processor may count, whole or not.
    /// </summary>
    private (TimeSpan Slot, TimeSpan Due) Next(TimeSpan now)
    {
        var perWindow = PerWindow(now);
        var interval = Window / perWindow;
        // Nothing is owed before the first lease; after that, at most the last second's unused slots.
        var due = Max(Max(_due == TimeSpan.MinValue ? now : _due, now - Window), _resumeAt);
        var slot = Max(due, now);
        if (_lastSlot != TimeSpan.MinValue)
        {
            slot = Max(slot, _lastSlot + interval / 2);
        }

        // Slots only grow, so the ones that left the second are a prefix. Dropping it a slot at a time would shift the whole
        // list on every slot (thousands a second with a wide-open budget); it goes once it is half the list. A slot left
        // behind changes nothing below: one perWindow back that has left the second pushes no slot later.
        var gone = _recent.BinarySearch(slot - Window);
        gone = gone >= 0 ? gone + 1 : ~gone;
        if (gone > _recent.Count / 2)
        {
            _recent.RemoveRange(0, gone);
        }

        // At most perWindow slots in (slot - Window, slot]: the one perWindow back must have left that second.
        if (_recent.Count >= perWindow)
        {
            slot = Max(slot, _recent[^perWindow] + Window);
        }

        return (slot, due + interval);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
