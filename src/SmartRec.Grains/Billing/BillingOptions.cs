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
}
