using SmartRec.Domain.Billing;

namespace SmartRec.Domain.Tests;

public sealed class WakeScheduleTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void A_payment_is_asked_again_after_minutes_then_hours_never_more_than_six()
    {
        var sixHours = TimeSpan.FromHours(6);
        var waits = Enumerable.Range(0, 12).Select(n => WakeSchedule.Recheck(Minute, n, sixHours)).ToList();

        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128, 256, 360, 360, 360], waits.Select(w => (int)w.TotalMinutes));
        Assert.Equal(sixHours, WakeSchedule.Recheck(Minute, int.MaxValue, sixHours));
    }

    [Fact]
    public void A_plan_sleeps_until_its_next_due_moment_within_its_floor_and_safety_net()
    {
        var now = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        var day = TimeSpan.FromDays(1);

        Assert.Equal(TimeSpan.FromHours(15), WakeSchedule.Until(now, now.AddHours(15), Minute, day));
        Assert.Equal(day, WakeSchedule.Until(now, now.AddDays(30), Minute, day));
        Assert.Equal(Minute, WakeSchedule.Until(now, now.AddDays(-2), Minute, day));
        Assert.Equal(Minute, WakeSchedule.Until(now, now.AddSeconds(5), Minute, day));
    }
}
