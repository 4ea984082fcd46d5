namespace SmartRec.Contracts.Subscriptions;

public enum SubscriptionFrequency
{
    Weekly = 0,
    Monthly = 1,
    Yearly = 2,
}

public enum SubscriptionStatus
{
    Active = 0,
    Paused = 1,
    Cancelled = 2,
    /// <summary>Past its end date: every period is settled.</summary>
    Ended = 3,
}

public enum PeriodStatus
{
    /// <summary>The charge is in flight: an e-check processing or an outcome being resolved.</summary>
    Charging = 0,
    Paid = 1,
    /// <summary>Declined with a soft code; charged again at <see cref="SubscriptionPeriodView.NextAttemptAt"/>.</summary>
    RetryScheduled = 2,
    /// <summary>Declined for good: its invoice stays owed and the Action Center has it.</summary>
    Failed = 3,
}

/// <param name="EndDate">The last day a period may start; null for open-ended.</param>
[GenerateSerializer, Immutable, Alias("smartrec.NewSubscription")]
public sealed record NewSubscription(
    [property: Id(0)] string AccountId,
    [property: Id(1)] string MethodId,
    [property: Id(2)] Money Amount,
    [property: Id(3)] SubscriptionFrequency Frequency,
    [property: Id(4)] DateOnly StartDate,
    [property: Id(5)] DateOnly? EndDate,
    [property: Id(6)] string Description);

[GenerateSerializer, Immutable, Alias("smartrec.SubscriptionPeriodView")]
public sealed record SubscriptionPeriodView(
    [property: Id(0)] int Number,
    [property: Id(1)] DateOnly DueDate,
    [property: Id(2)] string InvoiceId,
    [property: Id(3)] PeriodStatus Status,
    [property: Id(4)] int Attempts,
    [property: Id(5)] string PaymentId,
    [property: Id(6)] string? LastDeclineCode,
    [property: Id(7)] DateTimeOffset? NextAttemptAt);

/// <param name="NextDueDate">The next period's date; null when none will be charged (cancelled, ended, or paused).</param>
/// <param name="RecentPeriods">The periods still being charged and the last ones settled, newest first.</param>
[GenerateSerializer, Immutable, Alias("smartrec.SubscriptionView")]
public sealed record SubscriptionView(
    [property: Id(0)] string OrganizationId,
    [property: Id(1)] string SubscriptionId,
    [property: Id(2)] string AccountId,
    [property: Id(3)] string MethodId,
    [property: Id(4)] Money Amount,
    [property: Id(5)] SubscriptionFrequency Frequency,
    [property: Id(6)] DateOnly StartDate,
    [property: Id(7)] DateOnly? EndDate,
    [property: Id(8)] string Description,
    [property: Id(9)] SubscriptionStatus Status,
    [property: Id(10)] DateOnly? NextDueDate,
    [property: Id(11)] int PeriodsPaid,
    [property: Id(12)] IReadOnlyList<SubscriptionPeriodView> RecentPeriods);
