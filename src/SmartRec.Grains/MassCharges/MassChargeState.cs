using SmartRec.Contracts.Directory;
using SmartRec.Contracts.MassCharges;
using SmartRec.Contracts.Wallets;

namespace SmartRec.Grains.MassCharges;

/// <summary>A batch's row stays small: the request, its chunks and their counts, never the targets (decision 7).</summary>
[GenerateSerializer, Alias("smartrec.MassChargeState")]
public sealed class MassChargeState
{
    [Id(0)] public MassChargeRequest? Request { get; set; }
    [Id(1)] public DirectoryCriteria? Criteria { get; set; }
    [Id(2)] public MassChargeStatus Status { get; set; }
    [Id(3)] public List<int> Chunks { get; set; } = [];
    [Id(4)] public string Currency { get; set; } = "";
    [Id(5)] public DateTimeOffset AcceptedAt { get; set; }
    [Id(6)] public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>Whether the organization's batch list holds it; a launch that failed to list it lists it on the next read.</summary>
    [Id(7)] public bool Listed { get; set; }
    /// <summary>When the chunks were started; the rate counts from here.</summary>
    [Id(8)] public DateTimeOffset? StartedAt { get; set; }
    /// <summary>Each chunk's counts as last read: progress is answered from these while a chunk cannot be reached.</summary>
    [Id(9)] public Dictionary<int, MassChargeChunkProgress> ChunkCounts { get; set; } = [];
}

/// <summary>One shard's targets: at 100,000 targets about 1,600 per chunk, a row of some 150 KB.</summary>
[GenerateSerializer, Alias("smartrec.MassChargeChunkState")]
public sealed class MassChargeChunkState
{
    [Id(0)] public MassChargeChunkSpec? Spec { get; set; }
    [Id(1)] public List<ChargeTarget> Targets { get; set; } = [];
    [Id(2)] public bool Cancelled { get; set; }
    /// <summary>Every target has a final outcome and was told to its ledger or the Action Center.</summary>
    [Id(3)] public bool Finished { get; set; }
    [Id(4)] public DateTimeOffset? FirstChargeAt { get; set; }
    [Id(5)] public DateTimeOffset? LastOutcomeAt { get; set; }
}

/// <summary>
/// One target and its last recorded outcome. Its payment id and processor key derive from the batch, the target and
/// <see cref="Attempt"/>; nothing is stored before a charge (decision 12).
/// </summary>
[GenerateSerializer, Alias("smartrec.ChargeTarget")]
public sealed class ChargeTarget
{
    [Id(0)] public string AccountId { get; set; } = "";
    [Id(1)] public string? PersonId { get; set; }
    /// <summary>The holder as the directory named them: the wallet confirms it holds the account before any charge.</summary>
    [Id(2)] public string? HolderUserId { get; set; }
    [Id(3)] public ChargeTargetOutcome Outcome { get; set; }
    [Id(4)] public string? Code { get; set; }
    [Id(5)] public int Attempt { get; set; } = 1;
    [Id(6)] public long AmountMinor { get; set; }
    [Id(7)] public PaymentMethodKind? MethodKind { get; set; }

    public DirectoryKey Key => new(AccountId, PersonId);

    public bool IsFinal => Outcome is ChargeTargetOutcome.Charged or ChargeTargetOutcome.Processing or ChargeTargetOutcome.Declined or ChargeTargetOutcome.Skipped;
}
