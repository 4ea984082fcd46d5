using SmartRec.Contracts.Directory;

namespace SmartRec.Contracts.MassInvoices;

/// <summary>
/// A mass invoice (R11): one invoice per selected person (Persons tab, for that participant) or per selected account
/// (Accounts tab, to the holder), each with one line of <see cref="Amount"/> in the organization's currency.
/// </summary>
[GenerateSerializer, Immutable, Alias("smartrec.MassInvoiceRequest")]
public sealed record MassInvoiceRequest(
    [property: Id(0)] DirectorySelection Selection,
    [property: Id(1)] string Description,
    [property: Id(2)] Money Amount,
    [property: Id(3)] DateOnly DueDate,
    [property: Id(4)] string? Memo = null);

public enum MassInvoiceStatus
{
    /// <summary>Accepted; its chunks are resolving their targets from the directory.</summary>
    Starting = 0,
    Running = 1,
    Completed = 2,
}

public enum TargetOutcome
{
    Pending = 0,
    Created = 1,
    /// <summary>The invoice was refused (the code says why) or the billing side stayed unavailable through every retry.</summary>
    Failed = 2,
    /// <summary>An explicitly listed id that the organization's directory does not hold.</summary>
    Skipped = 3,
}

[GenerateSerializer, Immutable, Alias("smartrec.MassInvoiceProgress")]
public sealed record MassInvoiceProgress(
    [property: Id(0)] string BatchId,
    [property: Id(1)] DirectoryTab Tab,
    [property: Id(2)] MassInvoiceStatus Status,
    [property: Id(3)] int Targets,
    [property: Id(4)] int Created,
    [property: Id(5)] int Failed,
    [property: Id(6)] int Skipped,
    [property: Id(7)] int Pending,
    [property: Id(8)] DateTimeOffset AcceptedAt,
    [property: Id(9)] DateTimeOffset? CompletedAt);

/// <summary>
/// A mass invoice's dry run: how many targets the selection holds, how many would be invoiced and for how much, and
/// the skipped ones counted by reason (an explicitly listed id the directory does not hold: "not_found"), the first listed.
/// </summary>
[GenerateSerializer, Immutable, Alias("smartrec.MassInvoicePreview")]
public sealed record MassInvoicePreview(
    [property: Id(0)] int Targets,
    [property: Id(1)] int ToInvoice,
    [property: Id(2)] Money Total,
    [property: Id(3)] IReadOnlyDictionary<string, int> SkippedByReason,
    [property: Id(4)] IReadOnlyList<MassInvoiceResult> FirstSkipped);

/// <summary>What happened to one target; <see cref="InvoiceId"/> is fixed by the batch and the target, before any attempt.</summary>
[GenerateSerializer, Immutable, Alias("smartrec.MassInvoiceResult")]
public sealed record MassInvoiceResult(
    [property: Id(0)] string AccountId,
    [property: Id(1)] string? PersonId,
    [property: Id(2)] string InvoiceId,
    [property: Id(3)] TargetOutcome Outcome,
    [property: Id(4)] string? Code = null);

[GenerateSerializer, Immutable, Alias("smartrec.MassInvoiceResults")]
public sealed record MassInvoiceResults(
    [property: Id(0)] IReadOnlyList<MassInvoiceResult> Items,
    [property: Id(1)] string? NextCursor);

/// <summary>The part of a batch one chunk owns: the targets of one directory shard.</summary>
[GenerateSerializer, Immutable, Alias("smartrec.MassInvoiceChunkSpec")]
public sealed record MassInvoiceChunkSpec(
    [property: Id(0)] DirectoryTab Tab,
    [property: Id(1)] DirectoryCriteria? Criteria,
    [property: Id(2)] IReadOnlyList<DirectoryKey>? Ids,
    [property: Id(3)] string Description,
    [property: Id(4)] Money Amount,
    [property: Id(5)] DateOnly DueDate,
    [property: Id(6)] string? Memo);

[GenerateSerializer, Immutable, Alias("smartrec.MassInvoiceChunkProgress")]
public sealed record MassInvoiceChunkProgress(
    [property: Id(0)] bool Started,
    [property: Id(1)] bool Completed,
    [property: Id(2)] int Targets,
    [property: Id(3)] int Created,
    [property: Id(4)] int Failed,
    [property: Id(5)] int Skipped);
