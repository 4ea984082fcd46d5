using SmartRec.Contracts.Directory;

namespace SmartRec.Contracts.MassCharges;

/// <summary>How much each target is charged: the request's fixed amount, or (Accounts tab only) what the account owes.</summary>
public enum AmountRule
{
    Fixed = 0,
    /// <summary>The account's balance owing, less money it already paid that is not reconciled yet and what checkouts hold.</summary>
    Balance = 1,
}

/// <summary>Which kind of saved method a target is charged on; <see cref="Any"/> prefers a card, then an e-check.</summary>
public enum MethodPreference
{
    Any = 0,
    Card = 1,
    BankAccount = 2,
}

/// <summary>Where a mass charge's receipt goes.</summary>
public enum ReceiptAllocation
{
    /// <summary>An unreconciled receipt with the operator's notes, reconciled by hand later (R12).</summary>
    Unreconciled = 0,
    /// <summary>Allocated at once to the account's open invoices, oldest due first; what is left stays unreconciled.</summary>
    OldestInvoices = 1,
}

/// <summary>
/// A mass charge (R12): one payment per selected person (Persons tab) or per selected account whatever its number of
/// participants (Accounts tab), each on the holder's saved method the organization is authorized for, each leaving an
/// unreconciled receipt that carries <see cref="Notes"/>, or one allocated to the account's oldest open invoices
/// (<see cref="ReceiptAllocation.OldestInvoices"/>). Exactly one of a fixed <see cref="Amount"/> and
/// <see cref="AmountRule.Balance"/> applies.
/// </summary>
[GenerateSerializer, Immutable, Alias("smartrec.MassChargeRequest")]
public sealed record MassChargeRequest(
    [property: Id(0)] DirectorySelection Selection,
    [property: Id(1)] Money? Amount = null,
    [property: Id(2)] AmountRule AmountRule = AmountRule.Fixed,
    [property: Id(3)] MethodPreference MethodPreference = MethodPreference.Any,
    [property: Id(4)] string? Notes = null,
    [property: Id(5)] ReceiptAllocation Allocation = ReceiptAllocation.Unreconciled);

public enum MassChargeStatus
{
    /// <summary>Accepted; its chunks are resolving their targets from the directory.</summary>
    Starting = 0,
    Running = 1,
    /// <summary>No new charge starts; those in flight finish.</summary>
    Cancelling = 2,
    Cancelled = 3,
    Completed = 4,
}

public enum ChargeTargetOutcome
{
    Pending = 0,
    Charged = 1,
    /// <summary>Accepted by the processor, not settled yet (e-checks, R13): its payment follows it to the end.</summary>
    Processing = 2,
    Declined = 3,
    /// <summary>Not charged, with the reason in the code (no method, nothing owing, cancelled, ...).</summary>
    Skipped = 4,
    /// <summary>The processor's answer is not known yet; the chunk asks again with the same key before anything else.</summary>
    Unknown = 5,
}

/// <summary>Why a target was not charged; the codes are part of the contract.</summary>
public static class SkipReasons
{
    public const string NoMethod = "no_method_authorized";
    public const string OnlyExpiredCards = "only_expired_cards";
    public const string NothingOwing = "nothing_owing";
    public const string AccountNotFound = "account_not_found";
    public const string Cancelled = "cancelled";
}

[GenerateSerializer, Immutable, Alias("smartrec.MassChargeProgress")]
public sealed record MassChargeProgress(
    [property: Id(0)] string BatchId,
    [property: Id(1)] DirectoryTab Tab,
    [property: Id(2)] MassChargeStatus Status,
    [property: Id(3)] MassChargeCounts Counts,
    [property: Id(4)] Money AmountCharged,
    [property: Id(5)] double ChargesPerSecond,
    [property: Id(6)] DateTimeOffset AcceptedAt,
    [property: Id(7)] DateTimeOffset? StartedAt,
    [property: Id(8)] DateTimeOffset? FinishedAt);

/// <summary>Targets by outcome; <see cref="Pending"/> is what is neither final nor known yet.</summary>
[GenerateSerializer, Immutable, Alias("smartrec.MassChargeCounts")]
public sealed record MassChargeCounts(
    [property: Id(0)] int Targets,
    [property: Id(1)] int Charged,
    [property: Id(2)] int Processing,
    [property: Id(3)] int Declined,
    [property: Id(4)] int Skipped,
    [property: Id(5)] int Unknown,
    [property: Id(6)] int Pending)
{
    public static readonly MassChargeCounts None = new(0, 0, 0, 0, 0, 0, 0);

    public static MassChargeCounts operator +(MassChargeCounts a, MassChargeCounts b) => new(
        a.Targets + b.Targets, a.Charged + b.Charged, a.Processing + b.Processing, a.Declined + b.Declined,
        a.Skipped + b.Skipped, a.Unknown + b.Unknown, a.Pending + b.Pending);
}

/// <summary>
/// What happened to one target. <see cref="PaymentId"/> and the processor key derive from the batch, the target and
/// <see cref="Attempt"/>, so they are known before the charge and the same on every retry. The payment id is given
/// only where the processor saw a charge (charged, processing, declined — the Action Center item names it); a target
/// skipped, pending or unknown has none to look up.
/// </summary>
[GenerateSerializer, Immutable, Alias("smartrec.MassChargeResult")]
public sealed record MassChargeResult(
    [property: Id(0)] string AccountId,
    [property: Id(1)] string? PersonId,
    [property: Id(2)] ChargeTargetOutcome Outcome,
    [property: Id(3)] Money? Amount,
    [property: Id(4)] int Attempt,
    [property: Id(5)] string? PaymentId,
    [property: Id(6)] string? Code = null);

[GenerateSerializer, Immutable, Alias("smartrec.MassChargeResults")]
public sealed record MassChargeResults(
    [property: Id(0)] IReadOnlyList<MassChargeResult> Items,
    [property: Id(1)] string? NextCursor);

/// <summary>A dry run: who would be charged, how much in all, who would be skipped and why, and where the receipts would go. Charges nothing.</summary>
[GenerateSerializer, Immutable, Alias("smartrec.MassChargePreview")]
public sealed record MassChargePreview(
    [property: Id(0)] int Targets,
    [property: Id(1)] int ToCharge,
    [property: Id(2)] Money Total,
    [property: Id(3)] IReadOnlyDictionary<string, int> SkippedByReason,
    [property: Id(4)] IReadOnlyList<MassChargeResult> FirstSkipped,
    [property: Id(5)] ReceiptAllocation Allocation = ReceiptAllocation.Unreconciled);

/// <summary>
/// The part of a batch one chunk owns: the selected targets whose holder falls in its holder group of
/// <see cref="Chunks"/>, gathered from every directory shard, so no holder is charged by two chunks at once.
/// </summary>
[GenerateSerializer, Immutable, Alias("smartrec.MassChargeChunkSpec")]
public sealed record MassChargeChunkSpec(
    [property: Id(0)] DirectoryTab Tab,
    [property: Id(1)] DirectoryCriteria? Criteria,
    [property: Id(2)] IReadOnlyList<DirectoryKey>? Ids,
    [property: Id(3)] Money? Amount,
    [property: Id(4)] AmountRule AmountRule,
    [property: Id(5)] MethodPreference MethodPreference,
    [property: Id(6)] string Description,
    [property: Id(7)] string Currency,
    [property: Id(8)] int Chunks,
    [property: Id(9)] ReceiptAllocation Allocation = ReceiptAllocation.Unreconciled);

[GenerateSerializer, Immutable, Alias("smartrec.MassChargeChunkProgress")]
public sealed record MassChargeChunkProgress(
    [property: Id(0)] bool Started,
    [property: Id(1)] bool Finished,
    [property: Id(2)] MassChargeCounts Counts,
    [property: Id(3)] long AmountChargedMinor,
    [property: Id(4)] DateTimeOffset? FirstChargeAt,
    [property: Id(5)] DateTimeOffset? LastOutcomeAt);
