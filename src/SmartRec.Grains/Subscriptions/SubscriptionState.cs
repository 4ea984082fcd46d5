using SmartRec.Contracts.Subscriptions;

namespace SmartRec.Grains.Subscriptions;

[GenerateSerializer, Alias("smartrec.SubscriptionState")]
public sealed class SubscriptionState
{
    [Id(0)] public NewSubscription? Request { get; set; }
    [Id(1)] public string Fingerprint { get; set; } = "";
    [Id(2)] public string HolderUserId { get; set; } = "";
    [Id(3)] public SubscriptionStatus Status { get; set; }
    /// <summary>The first period not started yet; written before that period is charged, with the period itself.</summary>
    [Id(4)] public int NextPeriod { get; set; } = 1;
    [Id(5)] public int PeriodsPaid { get; set; }
    /// <summary>Periods still being charged or retried, and the last few settled: an open-ended subscription stays one small row.</summary>
    [Id(6)] public List<SubscriptionPeriodState> Periods { get; set; } = [];
}

[GenerateSerializer, Alias("smartrec.SubscriptionPeriodState")]
public sealed class SubscriptionPeriodState
{
    [Id(0)] public int Number { get; set; }
    [Id(1)] public DateOnly DueDate { get; set; }
    [Id(2)] public PeriodStatus Status { get; set; }
    [Id(3)] public int Attempts { get; set; }
    [Id(4)] public string? LastDeclineCode { get; set; }
    [Id(5)] public DateTimeOffset? NextAttemptAt { get; set; }
}
