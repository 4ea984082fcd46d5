namespace SmartRec.Contracts.MassInvoices;

/// <summary>
/// One mass-invoicing batch, keyed "{organizationId}/{batchId}" (see <see cref="OrgScopedKey"/>). It fans the
/// selection out over one chunk per directory shard and follows them to the end; a reminder and every progress read
/// resume chunks a silo restart interrupted. Starting it again with the same request replays it.
/// </summary>
[Alias("smartrec.IMassInvoiceGrain")]
public interface IMassInvoiceGrain : IGrainWithStringKey
{
    /// <summary>Starts the batch; the same request again answers its progress, another request under the same id is a conflict.</summary>
    [Alias("Start")]
    Task<MassInvoiceProgress> Start(MassInvoiceRequest request);

    /// <summary>The batch's progress, or null when it was never started.</summary>
    [Alias("GetProgress")]
    Task<MassInvoiceProgress?> GetProgress();

    /// <summary>Per-target results in chunk order, a page after <paramref name="cursor"/>.</summary>
    [Alias("GetResults")]
    Task<MassInvoiceResults> GetResults(string? cursor, int limit);
}

/// <summary>
/// The targets of one batch in one directory shard, keyed "{organizationId}/{batchId}/{shard}". It fixes its targets
/// when it starts, creates their invoices a bounded window at a time and persists progress as it goes.
/// </summary>
[Alias("smartrec.IMassInvoiceChunkGrain")]
public interface IMassInvoiceChunkGrain : IGrainWithStringKey
{
    /// <summary>Resolves and stores the chunk's targets, then starts creating invoices; starting again changes nothing.</summary>
    [Alias("Start")]
    Task<MassInvoiceChunkProgress> Start(MassInvoiceChunkSpec spec);

    /// <summary>Progress so far; reading it also wakes a chunk whose work a silo restart interrupted.</summary>
    [Alias("GetProgress")]
    Task<MassInvoiceChunkProgress> GetProgress();

    [Alias("GetResults")]
    Task<IReadOnlyList<MassInvoiceResult>> GetResults(int offset, int limit);
}

public static class MassInvoiceKey
{
    public static string Chunk(string organizationId, string batchId, int shard) => OrgScopedKey.For(organizationId, $"{batchId}/{shard}");
}

/// <summary>A mass invoice's dry run, keyed by organization id: the same selection a launch resolves, and no write.</summary>
[Alias("smartrec.IMassInvoicePreviewGrain")]
public interface IMassInvoicePreviewGrain : IGrainWithStringKey
{
    /// <summary>Validates the request as a launch would, then counts targets, the total and the skipped by reason.</summary>
    [Alias("Preview")]
    Task<MassInvoicePreview> Preview(MassInvoiceRequest request, int firstSkipped);
}
