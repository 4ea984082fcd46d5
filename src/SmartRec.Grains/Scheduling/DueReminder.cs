using SmartRec.Domain.Billing;
using SmartRec.Grains.Billing;

namespace SmartRec.Grains.Scheduling;

/// <summary>
/// Decision 14 for a grain with scheduled work (a plan, a subscription): one reminder, set for the next moment
/// something is due, at most <see cref="BillingOptions.LongestSleep"/> away, and removed when nothing is left. It is
/// registered again only when that moment moved, sparing a reminder-table write per tick.
/// </summary>
internal sealed class DueReminder(string name, TimeProvider time, BillingOptions options)
{
    /// <summary>The due moment the reminder is set for in this activation; null until armed here.</summary>
    private DateTimeOffset? _armedFor;

    public async Task Arm(Grain grain, DateTimeOffset due)
    {
        var wait = WakeSchedule.Until(time.GetUtcNow(), due, options.ReminderPeriod, options.LongestSleep);
        await grain.RegisterOrUpdateReminder(name, wait, options.LongestSleep);
        _armedFor = due;
    }

    /// <summary>Sets the reminder for <paramref name="due"/>, or removes it when null.</summary>
    public async Task Rearm(Grain grain, DateTimeOffset? due)
    {
        if (due is { } at)
        {
            if (_armedFor != at)
            {
                await Arm(grain, at);
            }
        }
        else if (await grain.GetReminder(name) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
            _armedFor = null;
        }
    }
}
