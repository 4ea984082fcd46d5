using SmartRec.Grains.MassCharges;

namespace SmartRec.Grains.Tests;

/// <summary>
/// The processor budget's arithmetic (decision 4) on a clock the tests move by hand: no timing is measured, so a busy
/// machine cannot change an outcome. Slots are checked where the processor counts them, in every second, whole or not.
/// </summary>
public sealed class BudgetScheduleTests
{
    private const double Rate = 100;

    private static BudgetSchedule Schedule(int maxInFlight = 1_000) =>
        new(new MassChargeOptions { RequestsPerSecond = Rate, MaxInFlight = maxInFlight, ThrottleFor = TimeSpan.FromSeconds(10) });

    private static readonly int PerSecond = (int)Math.Floor(Rate * BudgetSchedule.Headroom);

    /// <summary>The most slots within any one second: every window that starts at a slot, which is where the most can be.</summary>
    private static int MostInAnySecond(List<TimeSpan> slots)
    {
        var sorted = slots.Order().ToList();
        var most = 0;
        for (int from = 0, to = 0; from < sorted.Count; from++)
        {
            while (to < sorted.Count && sorted[to] < sorted[from] + TimeSpan.FromSeconds(1))
            {
                to++;
            }

            most = Math.Max(most, to - from);
        }

        return most;
    }

    /// <summary>
    /// Three silos ask at their own uneven paces, each always wanting more; with <paramref name="lateTogether"/>, every
    /// 50th renewal is followed by 300 ms in which nobody asks (a busy machine's thread pool), longer than the horizon.
    /// Every slot handed out is collected at its time.
    /// </summary>
    private static List<TimeSpan> ThreeHungrySilos(BudgetSchedule schedule, TimeSpan length, bool lateTogether)
    {
        var slots = new List<TimeSpan>();
        var random = new Random(7);
        var next = new[] { TimeSpan.Zero, TimeSpan.FromMilliseconds(3), TimeSpan.FromMilliseconds(11) };
        for (var renewal = 1; next.Min() < length; renewal++)
        {
            var silo = Array.IndexOf(next, next.Min());
            var now = next[silo];
            var (_, offsets) = schedule.Lease($"silo-{silo}", inFlight: 0, wanted: 500, now);
            slots.AddRange(offsets.Select(o => now + o));
            next[silo] = now + TimeSpan.FromMilliseconds(random.Next(5, 60));
            if (lateTogether && renewal % 50 == 0)
            {
                var back = now + TimeSpan.FromMilliseconds(300);
                next = [.. next.Select(n => Max(n, back))];
            }
        }

        return slots.Where(s => s < length).ToList();
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [Fact]
    public void Silos_that_keep_asking_get_the_rate_less_the_headroom_and_never_more_in_any_second()
    {
        var slots = ThreeHungrySilos(Schedule(), TimeSpan.FromSeconds(30), lateTogether: false);

        Assert.True(MostInAnySecond(slots) <= PerSecond, $"{MostInAnySecond(slots)} slots within one second, at most {PerSecond} allowed");
        Assert.InRange(slots.Count, 30 * PerSecond - PerSecond, 30 * PerSecond);
        Assert.Equal(slots.Count, slots.Distinct().Count());
    }

    [Fact]
    public void Renewals_late_on_a_busy_machine_lose_no_slots_and_never_crowd_a_second()
    {
        var slots = ThreeHungrySilos(Schedule(), TimeSpan.FromSeconds(30), lateTogether: true);

        // The time nobody asked is made up for later, so the 30 seconds still hold 95% of 30 seconds' slots or more (slots
        // due 1/rate apart from the last one handed out, as before, left about 85%)…
        Assert.InRange(slots.Count, (int)(0.95 * 30 * PerSecond), 30 * PerSecond);
        // …and making up never puts more than the rate into any second, whole or not.
        Assert.True(MostInAnySecond(slots) <= PerSecond, $"{MostInAnySecond(slots)} slots within one second, at most {PerSecond} allowed");
    }

    [Fact]
    public void Slots_are_handed_out_only_a_horizon_ahead()
    {
        var schedule = Schedule();
        var now = TimeSpan.FromSeconds(5);

        var (_, first) = schedule.Lease("silo-a", inFlight: 0, wanted: 500, now);
        var (_, second) = schedule.Lease("silo-b", inFlight: 0, wanted: 500, now);

        Assert.NotEmpty(first);
        Assert.All(first, o => Assert.InRange(o, TimeSpan.Zero, BudgetSchedule.Horizon));
        // The horizon is taken: a silo asking at the same moment waits for time to pass rather than booking further ahead.
        Assert.Empty(second);
        var (_, later) = schedule.Lease("silo-b", inFlight: 0, wanted: 500, now + TimeSpan.FromMilliseconds(50));
        Assert.InRange(later.Length, 1, 10);
        Assert.True(now + TimeSpan.FromMilliseconds(50) + later[0] > now + first[^1], "silo-b's slots come after silo-a's");
    }

    [Fact]
    public void A_silo_gets_no_more_slots_than_it_asked_for_nor_than_its_in_flight_room()
    {
        var schedule = Schedule(maxInFlight: 10);

        var (allowedA, slotsA) = schedule.Lease("silo-a", inFlight: 0, wanted: 3, TimeSpan.Zero);
        var (allowedB, slotsB) = schedule.Lease("silo-b", inFlight: 0, wanted: 50, TimeSpan.FromMilliseconds(1));

        Assert.Equal((3, 3), (allowedA, slotsA.Length));
        Assert.Equal((7, 7), (allowedB, slotsB.Length));
    }

    [Fact]
    public void A_silo_that_stops_asking_gives_its_in_flight_share_back()
    {
        var schedule = Schedule(maxInFlight: 10);
        schedule.Lease("silo-a", inFlight: 0, wanted: 50, TimeSpan.Zero);

        var (whileAHolds, _) = schedule.Lease("silo-b", inFlight: 0, wanted: 50, TimeSpan.FromSeconds(1));
        var (afterAIsGone, slots) = schedule.Lease("silo-b", inFlight: 0, wanted: 50, BudgetSchedule.HolderTimeout + TimeSpan.FromSeconds(1));

        Assert.Equal(0, whileAHolds);
        Assert.Equal(10, afterAIsGone);
        Assert.NotEmpty(slots);
    }

    [Fact]
    public void A_429_pauses_every_silo_then_halves_the_rate()
    {
        var schedule = Schedule();
        var now = TimeSpan.FromSeconds(60);
        schedule.Throttle(TimeSpan.FromSeconds(1), now);

        var slots = new List<TimeSpan>();
        for (var at = now; at < now + TimeSpan.FromSeconds(8); at += TimeSpan.FromMilliseconds(20))
        {
            var (_, offsets) = schedule.Lease(at.Milliseconds % 40 == 0 ? "silo-a" : "silo-b", inFlight: 0, wanted: 500, at);
            slots.AddRange(offsets.Select(o => at + o));
        }

        slots.RemoveAll(s => s >= now + TimeSpan.FromSeconds(8));
        Assert.All(slots, s => Assert.True(s >= now + TimeSpan.FromSeconds(1), $"a slot at {s} before the pause ended"));
        Assert.True(MostInAnySecond(slots) <= PerSecond / 2, $"{MostInAnySecond(slots)} slots within one second at half rate");
        Assert.InRange(slots.Count, 7 * (PerSecond / 2) - PerSecond / 2, 7 * (PerSecond / 2));
    }
}
