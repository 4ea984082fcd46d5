namespace SmartRec.Contracts.MassCharges;

/// <summary>
/// One mass-charge batch, keyed "{organizationId}/{batchId}" (see <see cref="OrgScopedKey"/>), the batch id derived
/// from the launch's Idempotency-Key. It fans the selection out over one chunk per holder group and follows them;
/// a reminder and every progress read resume chunks a silo's death interrupted. Starting it again with the same
/// request replays it.
/// </summary>
[Alias("smartrec.IMassChargeGrain")]
public interface IMassChargeGrain : IGrainWithStringKey
{
    /// <summary>Stores the batch and starts it; the same request again answers its progress, another request under the same id is a conflict.</summary>
    [Alias("Start")]
    Task<MassChargeProgress> Start(MassChargeRequest request);

    /// <summary>The batch's progress, or null when it was never started.</summary>
    [Alias("GetProgress")]
    Task<MassChargeProgress?> GetProgress();

    /// <summary>Per-target results in chunk order, a page after <paramref name="cursor"/>, optionally of one outcome only.</summary>
    [Alias("GetResults")]
    Task<MassChargeResults> GetResults(ChargeTargetOutcome? outcome, string? cursor, int limit);

    /// <summary>Starts no new charge; those in flight finish. Cancelling a finished batch changes nothing.</summary>
    [Alias("Cancel")]
    Task<MassChargeProgress> Cancel();

    /// <summary>Charges the soft-declined targets again with a new attempt (a new processor key); hard declines stay.</summary>
    [Alias("RetryFailed")]
    Task<MassChargeProgress> RetryFailed();
}

/// <summary>
/// The targets of one batch whose holders fall in one holder group, keyed "{organizationId}/{batchId}/{group}", so a
/// holder's targets are all in one chunk (decision 5). It fixes its targets
/// when it starts, charges them a bounded window at a time and stores their outcomes in batches.
/// </summary>
[Alias("smartrec.IMassChargeChunkGrain")]
public interface IMassChargeChunkGrain : IGrainWithStringKey
{
    /// <summary>Resolves and stores the chunk's targets, then starts charging; starting again changes nothing.</summary>
    [Alias("Start")]
    Task<MassChargeChunkProgress> Start(MassChargeChunkSpec spec);

    /// <summary>Progress so far; reading it also wakes a chunk whose work a silo's death interrupted.</summary>
    [Alias("GetProgress")]
    Task<MassChargeChunkProgress> GetProgress();

    [Alias("GetResults")]
    Task<IReadOnlyList<MassChargeResult>> GetResults(ChargeTargetOutcome? outcome, int offset, int limit);

    /// <summary>Skips every target not charged yet; charges in flight finish and keep their outcome.</summary>
    [Alias("Cancel")]
    Task<MassChargeChunkProgress> Cancel();

    /// <summary>Gives every soft-declined target a new attempt and charges them.</summary>
    [Alias("RetryFailed")]
    Task<MassChargeChunkProgress> RetryFailed();
}

/// <summary>
/// Dry runs of an organization's mass charges, keyed by organization id: it asks the owners (wallets, ledgers) what a
/// charge of each target would do now, and changes nothing.
/// </summary>
[Alias("smartrec.IMassChargePreviewGrain")]
public interface IMassChargePreviewGrain : IGrainWithStringKey
{
    /// <summary>Validates the request as a launch would, then counts targets, the total and the skipped by reason.</summary>
    [Alias("Preview")]
    Task<MassChargePreview> Preview(MassChargeRequest request, int firstSkipped);
}

public static class MassChargeKey
{
    public static string Chunk(string organizationId, string batchId, int shard) => OrgScopedKey.For(organizationId, $"{batchId}/{shard}");
}
