namespace SmartRec.Contracts.Subscriptions;

/// <summary>
/// A recurring charge of a client account on a saved method the organization is authorized for (R6), keyed
/// "{organizationId}/{subscriptionId}". Each period is billed by an invoice of its own and charged with the processor key
/// "sub:{organizationId}/{subscriptionId}:{period}" ("…:{period}:{attempt}" for a retry after a soft decline), so a
/// reminder that ticks late, twice or never charges each period at most once.
/// </summary>
[Alias("smartrec.ISubscriptionGrain")]
public interface ISubscriptionGrain : IGrainWithStringKey
{
    /// <summary>Creates the subscription; the same request again returns it.</summary>
    [Alias("Create")]
    Task<SubscriptionView> Create(NewSubscription request);

    [Alias("Find")]
    Task<SubscriptionView?> Find();

    /// <summary>Stops charging new periods until resumed; a period already being charged finishes.</summary>
    [Alias("Pause")]
    Task<SubscriptionView> Pause();

    /// <summary>Charges again from the next period due after today; the periods missed while paused are not charged.</summary>
    [Alias("Resume")]
    Task<SubscriptionView> Resume();

    /// <summary>No period is charged any more; cancelling again changes nothing.</summary>
    [Alias("Cancel")]
    Task<SubscriptionView> Cancel();

    /// <summary>Charges what is due now; what the reminder calls. Safe to call any number of times.</summary>
    [Alias("Tick")]
    Task<SubscriptionView> Tick();
}
