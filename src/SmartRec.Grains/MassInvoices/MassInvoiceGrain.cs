using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartRec.Contracts;
using SmartRec.Contracts.Batches;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.MassInvoices;
using SmartRec.Contracts.Organizations;
using SmartRec.Domain.Bulk;
using SmartRec.Domain.Directory;
using SmartRec.Domain.MassInvoices;
using SmartRec.Grains.Billing;
using SmartRec.Grains.Batches;
using SmartRec.Grains.Persistence;

namespace SmartRec.Grains.MassInvoices;

/// <summary>
/// Runs a mass invoice (R11) as one chunk per directory shard. The batch row holds the request and each chunk's last
/// known counts, never the targets. The launch answers once the batch is stored; the chunks are started afterwards, by
/// a timer, every progress read and the batch's reminder, so a silo that dies mid-launch delays the fan-out but never
/// fails the launch. Progress is answered from the counts the batch holds: a chunk that cannot be reached (its silo
/// died and the cluster has not declared it dead yet) leaves its figures as they were, and the next read or reminder
/// tick, landing on a live silo, wakes it and brings them up to date.
/// </summary>
public sealed class MassInvoiceGrain(
    [PersistentState("batch", StorageNames.Batches)] IPersistentState<MassInvoiceState> state,
    IOptions<BillingOptions> billing,
    TimeProvider time,
    ILogger<MassInvoiceGrain> logger)
    : Grain, IMassInvoiceGrain, IRemindable
{
    private const string ResumeReminder = "resume";

    /// <summary>How long a progress read waits for the chunks' fresh counts before it answers the ones the batch holds.</summary>
    private static readonly TimeSpan ProgressWait = TimeSpan.FromSeconds(1);

    private readonly ChunkCounts<MassInvoiceChunkProgress> _counts = new(time);
    private Task? _advancing;

    private MassInvoiceState S => state.State;

    private string OrganizationId => OrgScopedKey.Parse(this.GetPrimaryKeyString()).OrganizationId;

    private string BatchId => OrgScopedKey.Parse(this.GetPrimaryKeyString()).Id;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _counts.Load(S.ChunkCounts);
        return Task.CompletedTask;
    }

    public async Task<MassInvoiceProgress> Start(MassInvoiceRequest request)
    {
        if (S.Request is not null)
        {
            // A replay is answered from this grain alone: no other grain is asked, so a dead silo cannot fail it.
            return MassInvoicing.SameRequest(S.Request, Replayed(request))
                ? Snapshot()
                : throw DomainException.Conflict("idempotency_key.reused", "This Idempotency-Key was used for another mass invoice.");
        }

        var organization = await GrainFactory.GetGrain<IOrganizationGrain>(OrganizationId).Find() ?? throw DomainException.NotFound("Organization");
        var valid = MassInvoicing.Validate(request, organization.Currency);
        var criteria = valid.Selection.Filter is { } filter ? await GrainFactory.GetGrain<IDirectoryGrain>(OrganizationId).Resolve(filter) : null;
        // Armed before the batch is stored: a stored batch always has the reminder that finishes it.
        await this.RegisterOrUpdateReminder(ResumeReminder, billing.Value.ReminderPeriod, billing.Value.ReminderPeriod);
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
        logger.LogInformation("Mass invoice {BatchId} of {OrgId} accepted over {Chunks} chunks", BatchId, OrganizationId, S.Chunks.Count);
        // The launch answers now; the batch is listed and its chunks started on the next turn.
        this.RegisterGrainTimer(_ => Advance(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        return Snapshot();
    }

    public async Task<MassInvoiceProgress?> GetProgress()
    {
        if (S.Request is null)
        {
            return null;
        }

        var advancing = Advance();
        await Task.WhenAny(advancing, Task.Delay(ProgressWait));
        return Snapshot();
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

        await Advance();
        await _counts.StoreIfDue(force: true, counts => this.Commit(state, s => s.ChunkCounts = counts));
    }

    /// <summary>
    /// One pass at moving the batch on: list it, start its chunks, read their counts, complete it. Only one runs at a
    /// time, and it is the only writer after the launch. Each step that fails is left to the next pass.
    /// </summary>
    private Task Advance()
    {
        if (_advancing is null || _advancing.IsCompleted)
        {
            _advancing = AdvanceOnce();
        }

        return _advancing;
    }

    private async Task AdvanceOnce()
    {
        if (S.Status == MassInvoiceStatus.Completed && S.Chunks.All(_counts.Known.ContainsKey))
        {
            // Its counts were stored with its completion and move no more: a list of old batches asks no chunk. (A
            // batch completed before the batch kept counts reads them from its chunks.)
            return;
        }

        try
        {
            if (!S.Listed)
            {
                await List();
            }

            if (S.Status == MassInvoiceStatus.Starting)
            {
                await StartChunks();
            }

            await Task.WhenAll(S.Chunks.Select(c => _counts.Refresh(c, () => Chunk(c).GetProgress(), logger, BatchId)));
            if (S.Status == MassInvoiceStatus.Running && S.Chunks.All(c => _counts.Known.TryGetValue(c, out var p) && p.Completed))
            {
                await this.Commit(state, s =>
                {
                    s.Status = MassInvoiceStatus.Completed;
                    s.CompletedAt = time.GetUtcNow();
                    s.ChunkCounts = _counts.ToStore();
                });
                _counts.Stored();
                await StopReminder();
                logger.LogInformation("Mass invoice {BatchId} of {OrgId} completed", BatchId, OrganizationId);
                return;
            }

            await _counts.StoreIfDue(force: false, counts => this.Commit(state, s => s.ChunkCounts = counts));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Mass invoice {BatchId} of {OrgId} did not move on this time; the next read or reminder tries again", BatchId, OrganizationId);
        }
    }

    /// <summary>Starting a chunk again changes nothing, so an interrupted fan-out is simply repeated.</summary>
    private async Task StartChunks()
    {
        var request = S.Request!;
        var idsByShard = request.Selection.Ids?.ToLookup(id => DirectorySharding.ShardOf(id.AccountId));
        var started = await Task.WhenAll(S.Chunks.Select(async shard => (shard, await Chunk(shard).Start(new MassInvoiceChunkSpec(
            request.Selection.Tab, S.Criteria, idsByShard is null ? null : [.. idsByShard[shard]],
            request.Description, request.Amount, request.DueDate, request.Memo)))));
        foreach (var (shard, progress) in started)
        {
            _counts.Remember(shard, progress);
        }

        await this.Commit(state, s =>
        {
            s.Status = MassInvoiceStatus.Running;
            s.ChunkCounts = _counts.ToStore();
        });
        _counts.Stored();
    }

    /// <summary>A replay checked against the currency the batch was accepted in; one that does not pass is another request.</summary>
    private MassInvoiceRequest Replayed(MassInvoiceRequest request)
    {
        try
        {
            return MassInvoicing.Validate(request, S.Request!.Amount.Currency);
        }
        catch (DomainException)
        {
            throw DomainException.Conflict("idempotency_key.reused", "This Idempotency-Key was used for another mass invoice.");
        }
    }

    private MassInvoiceProgress Snapshot()
    {
        var chunks = _counts.Known.Values.ToList();
        var targets = chunks.Sum(c => c.Targets);
        var created = chunks.Sum(c => c.Created);
        var failed = chunks.Sum(c => c.Failed);
        var skipped = chunks.Sum(c => c.Skipped);
        return new MassInvoiceProgress(BatchId, S.Request!.Selection.Tab, S.Status, targets, created, failed, skipped,
            targets - created - failed - skipped, S.AcceptedAt, S.CompletedAt);
    }

    /// <summary>Lists the batch for its organization; a failure leaves it to the next pass, the launch stands.</summary>
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
