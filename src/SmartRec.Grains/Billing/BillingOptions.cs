namespace SmartRec.Grains.Billing;

/// <summary>Bound from "SmartRec:Billing".</summary>
public sealed class BillingOptions
{
    public const string Section = "SmartRec:Billing";

    /// <summary>
    /// How often installment plans look for due installments and unresolved payments ask the processor again.
    /// Orleans refuses reminder periods below ReminderOptions.MinimumReminderPeriod (one minute by default).
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The longest a plan sleeps before it looks again even though nothing is due: the safety net for a missed
    /// wake-up. Plans otherwise wake at their next installment or retry (decision 14).
    /// </summary>
    public TimeSpan LongestSleep { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// The longest a payment waiting on the processor (an e-check settling, an unknown outcome) waits between two
    /// questions; the wait doubles from <see cref="ReminderPeriod"/> up to this, since processor events come first.
    /// </summary>
    public TimeSpan LongestRecheck { get; set; } = TimeSpan.FromHours(6);

    /// <summary>
    /// How long a checkout may hold an amount on the ledger without making its payment or plan (its client gave up
    /// mid-way) before the hold is given back.
    /// </summary>
    public TimeSpan ReservationTimeout { get; set; } = TimeSpan.FromMinutes(15);
}
