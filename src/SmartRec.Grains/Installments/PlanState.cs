using SmartRec.Contracts;
using SmartRec.Contracts.Installments;

namespace SmartRec.Grains.Installments;

[GenerateSerializer, Alias("smartrec.PlanState")]
public sealed class PlanState
{
    [Id(0)] public NewPlan? Request { get; set; }
    [Id(1)] public string Fingerprint { get; set; } = "";
    [Id(2)] public string HolderUserId { get; set; } = "";
    [Id(3)] public List<InstallmentState> Installments { get; set; } = [];
}

[GenerateSerializer, Alias("smartrec.InstallmentState")]
public sealed class InstallmentState
{
    [Id(0)] public int Number { get; set; }
    [Id(1)] public DateOnly DueDate { get; set; }
    [Id(2)] public Money Amount { get; set; }
    [Id(3)] public string? MethodId { get; set; }
    [Id(4)] public InstallmentStatus Status { get; set; }
    [Id(5)] public int Attempts { get; set; }
    [Id(6)] public string? PaymentId { get; set; }
    [Id(7)] public string? LastDeclineCode { get; set; }
    [Id(8)] public DateTimeOffset? NextAttemptAt { get; set; }
}
