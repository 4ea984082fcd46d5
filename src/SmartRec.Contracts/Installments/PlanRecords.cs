namespace SmartRec.Contracts.Installments;

[GenerateSerializer, Immutable, Alias("smartrec.NewInstallment")]
public sealed record NewInstallment(
    [property: Id(0)] DateOnly DueDate,
    [property: Id(1)] Money Amount);

/// <param name="MethodId">The saved, authorized method to charge; null only for a customer who never signed in (R7): the plan then needs follow-up.</param>
/// <param name="Total">What the installments must add up to.</param>
[GenerateSerializer, Immutable, Alias("smartrec.NewPlan")]
public sealed record NewPlan(
    [property: Id(0)] string AccountId,
    [property: Id(1)] string? MethodId,
    [property: Id(2)] Money Total,
    [property: Id(3)] IReadOnlyList<NewInstallment> Installments,
    [property: Id(4)] IReadOnlyList<string> InvoiceIds,
    [property: Id(5)] string Description);

/// <summary>What an admin may change on an upcoming installment; null leaves it as it is.</summary>
[GenerateSerializer, Immutable, Alias("smartrec.InstallmentEdit")]
public sealed record InstallmentEdit(
    [property: Id(0)] DateOnly? DueDate = null,
    [property: Id(1)] Money? Amount = null,
    [property: Id(2)] string? MethodId = null);

public enum InstallmentStatus
{
    Scheduled = 0,
    /// <summary>A charge is in flight: an e-check processing or an unknown outcome being resolved.</summary>
    Charging = 1,
    Paid = 2,
    /// <summary>Declined with a soft code; charged again at <see cref="InstallmentView.NextAttemptAt"/>.</summary>
    RetryScheduled = 3,
    /// <summary>Declined with a hard code, or out of retries: only a person can fix it (Action Center).</summary>
    Failed = 4,
    /// <summary>Called off before it was charged; its share of the balance is free to be paid another way.</summary>
    Cancelled = 5,
}

[GenerateSerializer, Immutable, Alias("smartrec.InstallmentView")]
public sealed record InstallmentView(
    [property: Id(0)] int Number,
    [property: Id(1)] DateOnly DueDate,
    [property: Id(2)] Money Amount,
    [property: Id(3)] string? MethodId,
    [property: Id(4)] InstallmentStatus Status,
    [property: Id(5)] int Attempts,
    [property: Id(6)] string? PaymentId,
    [property: Id(7)] string? LastDeclineCode,
    [property: Id(8)] DateTimeOffset? NextAttemptAt);

[GenerateSerializer, Immutable, Alias("smartrec.PlanView")]
public sealed record PlanView(
    [property: Id(0)] string OrganizationId,
    [property: Id(1)] string PlanId,
    [property: Id(2)] string AccountId,
    [property: Id(3)] Money Total,
    [property: Id(4)] bool NeedsFollowUp,
    [property: Id(5)] IReadOnlyList<InstallmentView> Installments,
    [property: Id(6)] string Description);
