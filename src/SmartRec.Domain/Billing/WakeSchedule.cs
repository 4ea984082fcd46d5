namespace SmartRec.Domain.Billing;

/// <summary>
/// Decision 14: scheduled work wakes when something is due, not on a fixed beat. A plan sleeps until its next
/// installment or retry; a payment waiting on the processor (an e-check settling, an outcome not yet known) is asked
/// again on a backoff, minutes at first, then hours, since processor events (webhooks) come first.
/// </summary>
public static class WakeSchedule
{
    /// <summary>
    /// The wait before the next question, after <paramref name="unsettledChecks"/> that found the payment unsettled:
    /// <paramref name="period"/> doubled each time, up to <paramref name="longest"/>.
    /// </summary>
    public static TimeSpan Recheck(TimeSpan period, int unsettledChecks, TimeSpan longest) =>
        TimeSpan.FromTicks(Math.Min(longest.Ticks, period.Ticks << Math.Clamp(unsettledChecks, 0, 30)));

    /// <summary>
    /// How long to sleep until <paramref name="due"/>: never less than <paramref name="period"/> (the reminder's
    /// floor), never more than <paramref name="longest"/> (the safety net for a missed wake-up), and the floor when
    /// something is due already.
    /// </summary>
    public static TimeSpan Until(DateTimeOffset now, DateTimeOffset due, TimeSpan period, TimeSpan longest)
    {
        var wait = due - now;
        return wait < period ? period : wait > longest ? longest : wait;
    }
}
