using SmartRec.Domain.Billing;
using SmartRec.Grains.Billing;

namespace SmartRec.Benchmarks;

/// <summary>
/// Decision 14, counted: reminder ticks and processor calls in one simulated day for 10,000 installment plans and
/// 10,000 e-checks still processing, with the wake-up rules the plan and payment grains use (WakeSchedule with the
/// default BillingOptions) against the fixed one-minute beat they had before. It replays the schedules, not a silo:
/// a tick is one reminder delivery, and a processor call is what that tick asks the processor.
/// </summary>
public static class WakeupsBenchmark
{
    public static Task RunAsync(string[] args)
    {
        var plans = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
        var echecks = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
        var options = new BillingOptions();
        var day = TimeSpan.FromDays(1);
        var start = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var dice = new Random(14);

        // Before: every plan and every unsettled payment ticked each ReminderPeriod; an e-check tick asked the processor.
        var beforeTicks = (long)(plans + echecks) * (long)(day / options.ReminderPeriod);
        var beforeCalls = (long)echecks * (long)(day / options.ReminderPeriod);

        // After, plans: each sleeps until its next installment (due within the next 90 days), LongestSleep at most.
        long planTicks = 0, planCalls = 0;
        for (var p = 0; p < plans; p++)
        {
            var due = start + TimeSpan.FromHours(dice.Next(0, 90 * 24));
            var now = start;
            while (true)
            {
                now += WakeSchedule.Until(now, due, options.ReminderPeriod, options.LongestSleep);
                if (now > start + day)
                {
                    break;
                }

                planTicks++;
                if (now >= due)
                {
                    planCalls++; // the installment is charged once; its next one is a month away
                    due = due.AddMonths(1);
                }
            }
        }

        // After, e-checks: asked again on a backoff from ReminderPeriod up to LongestRecheck; they settle in 3-5 days.
        long echeckTicks = 0;
        for (var e = 0; e < echecks; e++)
        {
            var now = start;
            for (var checks = 0; ; checks++)
            {
                now += WakeSchedule.Recheck(options.ReminderPeriod, checks, options.LongestRecheck);
                if (now > start + day)
                {
                    break;
                }

                echeckTicks++;
            }
        }

        Console.WriteLine($"one simulated day, {plans:N0} plans and {echecks:N0} processing e-checks (ReminderPeriod {options.ReminderPeriod}, LongestSleep {options.LongestSleep}, LongestRecheck {options.LongestRecheck})");
        Console.WriteLine($"before (a one-minute beat): reminder ticks {beforeTicks:N0}, processor calls {beforeCalls:N0}");
        Console.WriteLine($"after (wake when due):      reminder ticks {planTicks + echeckTicks:N0} (plans {planTicks:N0}, e-checks {echeckTicks:N0}), processor calls {planCalls + echeckTicks:N0} (charges {planCalls:N0}, e-check questions {echeckTicks:N0})");
        Console.WriteLine($"ratio: {(double)beforeTicks / (planTicks + echeckTicks):N0}x fewer ticks, {(double)beforeCalls / Math.Max(1, planCalls + echeckTicks):N0}x fewer processor calls");
        return Task.CompletedTask;
    }
}
