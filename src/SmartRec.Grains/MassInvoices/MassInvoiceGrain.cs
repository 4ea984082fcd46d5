using Microsoft.Extensions.Logging;
using SmartRec.Contracts;
using SmartRec.Contracts.Batches;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.MassInvoices;
using SmartRec.Contracts.Organizations;
using SmartRec.Domain.Bulk;
using SmartRec.Domain.Directory;
using SmartRec.Domain.MassInvoices;
using SmartRec.Grains.Persistence;

namespace SmartRec.Grains.MassInvoices;

/// <summary>
/// Runs a mass invoice (R11) as one chunk per directory shard. The batch row holds the request, never the targets.
/// A reminder keeps an unfinished batch alive across silo restarts: each tick, like each progress read, asks every
/// chunk for its progress, which reactivates and resumes a chunk whose silo went away.
/// </summary>
public sealed class MassInvoiceGrain(
    [PersistentState("batch", StorageNames.Batches)] IPersistentState<MassInvoiceState> state,
    TimeProvider time,
    ILogger<MassInvoiceGrain> logger)
    : Grain, IMassInvoiceGrain, IRemindable
{
    private const string ResumeReminder = "resume";
    private static readonly TimeSpan ResumePeriod = TimeSpan.FromMinutes(1);

    private MassInvoiceState S => state.State;

    private string OrganizationId => OrgScopedKey.Parse(this.GetPrimaryKeyString()).OrganizationId;

    private string BatchId => OrgScopedKey.Parse(this.GetPrimaryKeyString()).Id;

    public async Task<MassInvoiceProgress> Start(MassInvoiceRequest request)
    {
        var organization = await GrainFactory.GetGrain<IOrganizationGrain>(OrganizationId).Find() ?? throw DomainException.NotFound("Organization");
        var valid = MassInvoicing.Validate(request, organization.Currency);
        if (S.Request is not null)
        {
            return MassInvoicing.SameRequest(S.Request, valid)
                ? (await GetProgress())!
                : throw DomainException.Conflict("idempotency_key.reused", "This Idempotency-Key was used for another mass invoice.");
        }

        var criteria = valid.Selection.Filter is { } filter ? await GrainFactory.GetGrain<IDirectoryGrain>(OrganizationId).Resolve(filter) : null;
        await this.Commit(state, s =>
        {
            s.Criteria = criteria;
            s.Request = valid;
            s.Chunks = valid.Selection.Ids is { } ids
                ? [.. ids.Select(id => DirectorySharding.ShardOf(id.AccountId)).Distinct().Order()]
                : [.. Enumerable.Range(0, DirectorySharding.ShardCount)];
            s.Status = MassInvoiceStatus.Starting;
            s.AcceptedAt = time.GetUtcNow();
        });
        await this.RegisterOrUpdateReminder(ResumeReminder, ResumePeriod, ResumePeriod);
        logger.LogInformation("Mass invoice {BatchId} of {OrgId} accepted over {Chunks} chunks", BatchId, OrganizationId, S.Chunks.Count);
        await List();
        return (await GetProgress())!;
    }

    public async Task<MassInvoiceProgress?> GetProgress()
    {
        if (S.Request is null)
        {
            return null;
        }

        if (!S.Listed)
        {
            await List();
        }

        if (S.Status == MassInvoiceStatus.Starting)
        {
            await StartChunks();
        }

        var chunks = await Task.WhenAll(S.Chunks.Select(c => Chunk(c).GetProgress()));
        if (S.Status == MassInvoiceStatus.Running && chunks.All(c => c.Completed))
        {
            await this.Commit(state, s =>
            {
                s.Status = MassInvoiceStatus.Completed;
                s.CompletedAt = time.GetUtcNow();
            });
            await StopReminder();
            logger.LogInformation("Mass invoice {BatchId} of {OrgId} completed", BatchId, OrganizationId);
        }

        var targets = chunks.Sum(c => c.Targets);
        var created = chunks.Sum(c => c.Created);
        var failed = chunks.Sum(c => c.Failed);
        var skipped = chunks.Sum(c => c.Skipped);
        return new MassInvoiceProgress(BatchId, S.Request.Selection.Tab, S.Status, targets, created, failed, skipped,
            targets - created - failed - skipped, S.AcceptedAt, S.CompletedAt);
    }

    public async Task<MassInvoiceResults> GetResults(string? cursor, int limit)
    {
        if (S.Request is null)
        {
            throw DomainException.NotFound("Mass invoice");
        }

        var (chunk, offset) = ChunkCursors.Decode(cursor, S.Chunks.Count);
        var items = new List<MassInvoiceResult>(limit);
        while (chunk < S.Chunks.Count && items.Count < limit)
        {
            var page = await Chunk(S.Chunks[chunk]).GetResults(offset, limit - items.Count);
            items.AddRange(page);
            offset += page.Count;
            if (items.Count < limit)
            {
                (chunk, offset) = (chunk + 1, 0);
            }
        }

        var next = chunk < S.Chunks.Count ? ChunkCursors.Encode(chunk, offset) : null;
        return new MassInvoiceResults(items, next);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (S.Request is null || S.Status == MassInvoiceStatus.Completed)
        {
            await StopReminder();
            return;
        }

        await GetProgress();
    }

    /// <summary>Starting a chunk again changes nothing, so an interrupted fan-out is simply repeated.</summary>
    private async Task StartChunks()
    {
        var request = S.Request!;
        var idsByShard = request.Selection.Ids?.ToLookup(id => DirectorySharding.ShardOf(id.AccountId));
        await Task.WhenAll(S.Chunks.Select(shard => Chunk(shard).Start(new MassInvoiceChunkSpec(
            request.Selection.Tab, S.Criteria, idsByShard is null ? null : [.. idsByShard[shard]],
            request.Description, request.Amount, request.DueDate, request.Memo))));
        await this.Commit(state, s => s.Status = MassInvoiceStatus.Running);
    }

    /// <summary>Lists the batch for its organization; a failure leaves it to the next read, the launch stands.</summary>
    private async Task List()
    {
        try
        {
            await GrainFactory.GetGrain<IBatchListGrain>(BatchListKey.For(OrganizationId, BatchKind.MassInvoice)).Add(new BatchListEntry(BatchId, S.AcceptedAt));
            await this.Commit(state, s => s.Listed = true);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Mass invoice {BatchId} of {OrgId} not listed yet", BatchId, OrganizationId);
        }
    }

    private async Task StopReminder()
    {
        if (await this.GetReminder(ResumeReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private IMassInvoiceChunkGrain Chunk(int shard) => GrainFactory.GetGrain<IMassInvoiceChunkGrain>(MassInvoiceKey.Chunk(OrganizationId, BatchId, shard));
}
