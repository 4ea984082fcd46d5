using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartRec.Contracts;
using SmartRec.Contracts.Batches;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.MassCharges;
using SmartRec.Contracts.Organizations;
using SmartRec.Domain.Bulk;
using SmartRec.Domain.Directory;
using SmartRec.Domain.MassCharges;
using SmartRec.Grains.Billing;
using SmartRec.Grains.Batches;
using SmartRec.Grains.Persistence;

namespace SmartRec.Grains.MassCharges;

/// <summary>
/// Runs a mass charge (R12) as chunks of targets, one per holder group, so all of a holder's targets are charged by
/// one chunk, one at a time (decision 5), whatever directory shards their accounts live in. The batch row holds the request and each chunk's last known counts,
/// never the targets. The launch answers once the batch is stored; the chunks start in the background. A reminder
/// keeps an unfinished batch alive across silo deaths: each tick, like each progress read, asks every chunk for its
/// progress, which reactivates a chunk whose silo went away, and a reactivated chunk resumes by asking the processor
/// what it did. Progress is answered from the counts the batch holds, so a chunk that cannot be reached while the
/// cluster has not yet declared its silo dead makes the figures late, never the read an error.
/// </summary>
public sealed class MassChargeGrain(
    [PersistentState("chargebatch", StorageNames.Batches)] IPersistentState<MassChargeState> state,
    IOptions<BillingOptions> billing,
    TimeProvider time,
    ILogger<MassChargeGrain> logger)
    : Grain, IMassChargeGrain, IRemindable
{
    private const string ResumeReminder = "resume";

    /// <summary>How long a progress read waits for the chunks' fresh counts before it answers the ones the batch holds.</summary>
    private static readonly TimeSpan ProgressWait = TimeSpan.FromSeconds(1);

    private readonly ChunkCounts<MassChargeChunkProgress> _counts = new(time);
    private Task? _advancing;

    private MassChargeState S => state.State;

    private string OrganizationId => OrgScopedKey.Parse(this.GetPrimaryKeyString()).OrganizationId;

    private string BatchId => OrgScopedKey.Parse(this.GetPrimaryKeyString()).Id;

    private bool IsOver => S.Status is MassChargeStatus.Completed or MassChargeStatus.Cancelled;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _counts.Load(S.ChunkCounts);
        return Task.CompletedTask;
    }

    public async Task<MassChargeProgress> Start(MassChargeRequest request)
    {
        if (S.Request is not null)
        {
            // A replay is answered from this grain alone: no other grain is asked, so a dead silo cannot fail it.
            return MassCharging.SameRequest(S.Request, Replayed(request))
                ? Snapshot()
                : throw DomainException.Conflict("idempotency_key.reused", "This Idempotency-Key was used for another mass charge.");
        }

        var organization = await GrainFactory.GetGrain<IOrganizationGrain>(OrganizationId).Find() ?? throw DomainException.NotFound("Organization");
        var valid = MassCharging.Validate(request, organization.Currency);

        var criteria = valid.Selection.Filter is { } filter ? await GrainFactory.GetGrain<IDirectoryGrain>(OrganizationId).Resolve(filter) : null;
        // Armed before the batch is stored: a stored batch always has the reminder that finishes it.
        await this.RegisterOrUpdateReminder(ResumeReminder, billing.Value.ReminderPeriod, billing.Value.ReminderPeriod);
        await this.Commit(state, s =>
        {
            s.Criteria = criteria;
            s.Request = valid;
            s.Currency = organization.Currency;
            // Chunks are holder groups, each gathering its holders' targets from every shard (decision 5): as many as
            // there are shards, fewer for a short list of ids.
            s.Chunks = [.. Enumerable.Range(0, Math.Min(DirectorySharding.ShardCount, valid.Selection.Ids?.Count ?? DirectorySharding.ShardCount))];
            s.Status = MassChargeStatus.Starting;
            s.AcceptedAt = time.GetUtcNow();
        });
        logger.LogInformation("Mass charge {BatchId} of {OrgId} accepted over {Chunks} chunks", BatchId, OrganizationId, S.Chunks.Count);
        // The launch answers now; the batch is listed and its chunks started on the next turn (or the next progress
        // read or reminder tick).
        this.RegisterGrainTimer(_ => Advance(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        return Snapshot();
    }

    public async Task<MassChargeProgress?> GetProgress()
    {
        if (S.Request is null)
        {
            return null;
        }

        await Task.WhenAny(Advance(), Task.Delay(ProgressWait));
        return Snapshot();
    }

    public async Task<MassChargeResults> GetResults(ChargeTargetOutcome? outcome, string? cursor, int limit)
    {
        if (S.Request is null)
        {
            throw DomainException.NotFound("Mass charge");
        }

        var (chunk, offset) = ChunkCursors.Decode(cursor, S.Chunks.Count);
        var items = new List<MassChargeResult>(limit);
        while (chunk < S.Chunks.Count && items.Count < limit)
        {
            var page = await Chunk(S.Chunks[chunk]).GetResults(outcome, offset, limit - items.Count);
            items.AddRange(page);
            offset += page.Count;
            if (items.Count < limit)
            {
                (chunk, offset) = (chunk + 1, 0);
            }
        }

        return new MassChargeResults(items, chunk < S.Chunks.Count ? ChunkCursors.Encode(chunk, offset) : null);
    }

    public async Task<MassChargeProgress> Cancel()
    {
        if (S.Request is null)
        {
            throw DomainException.NotFound("Mass charge");
        }

        // A pass a progress read left running writes state too: one writer at a time (decision 6).
        await (_advancing ?? Task.CompletedTask);

        if (!IsOver)
        {
            if (S.Status == MassChargeStatus.Starting)
            {
                await StartChunks();
            }

            if (S.Status != MassChargeStatus.Cancelling)
            {
                await this.Commit(state, s => s.Status = MassChargeStatus.Cancelling);
                logger.LogInformation("Mass charge {BatchId} of {OrgId} cancelling", BatchId, OrganizationId);
            }

            await Task.WhenAll(S.Chunks.Select(async c => _counts.Remember(c, await Chunk(c).Cancel())));
        }

        return (await GetProgress())!;
    }

    public async Task<MassChargeProgress> RetryFailed()
    {
        if (S.Request is null)
        {
            throw DomainException.NotFound("Mass charge");
        }

        // A pass a progress read left running writes state too: one writer at a time (decision 6).
        await (_advancing ?? Task.CompletedTask);

        if (S.Status is MassChargeStatus.Cancelling or MassChargeStatus.Cancelled)
        {
            throw DomainException.Conflict("mass_charge.cancelled", "A cancelled mass charge charges nothing more.");
        }

        if (S.Status == MassChargeStatus.Starting)
        {
            await StartChunks();
        }

        if (S.Status == MassChargeStatus.Completed)
        {
            await this.RegisterOrUpdateReminder(ResumeReminder, billing.Value.ReminderPeriod, billing.Value.ReminderPeriod);
            await this.Commit(state, s =>
            {
                s.Status = MassChargeStatus.Running;
                s.FinishedAt = null;
            });
        }

        await Task.WhenAll(S.Chunks.Select(async c => _counts.Remember(c, await Chunk(c).RetryFailed())));
        logger.LogInformation("Mass charge {BatchId} of {OrgId}: soft declines retried", BatchId, OrganizationId);
        return (await GetProgress())!;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (S.Request is null || IsOver)
        {
            await StopReminder();
            return;
        }

        await Advance();
        await _counts.StoreIfDue(force: true, counts => this.Commit(state, s => s.ChunkCounts = counts));
    }

    /// <summary>
    /// One pass at moving the batch on: list it, start its chunks, read their counts, finish it. Only one runs at a
    /// time; each step that fails is left to the next pass.
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
        if (IsOver && S.Chunks.All(_counts.Known.ContainsKey))
        {
            // Its counts were stored when it ended and move no more (retry-failed reopens it first): a list of old
            // batches asks no chunk. (A batch ended before the batch kept counts reads them from its chunks.)
            return;
        }

        try
        {
            if (!S.Listed)
            {
                await List();
            }

            if (S.Status == MassChargeStatus.Starting)
            {
                await StartChunks();
            }

            await Task.WhenAll(S.Chunks.Select(c => _counts.Refresh(c, () => Chunk(c).GetProgress(), logger, BatchId)));
            if (!IsOver && S.Status != MassChargeStatus.Starting && S.Chunks.All(c => _counts.Known.TryGetValue(c, out var p) && p.Finished))
            {
                await this.Commit(state, s =>
                {
                    s.Status = s.Status == MassChargeStatus.Cancelling ? MassChargeStatus.Cancelled : MassChargeStatus.Completed;
                    s.FinishedAt = _counts.Known.Values.Max(c => c.LastOutcomeAt) ?? time.GetUtcNow();
                    s.ChunkCounts = _counts.ToStore();
                });
                _counts.Stored();
                await StopReminder();
                logger.LogInformation("Mass charge {BatchId} of {OrgId} {Status}", BatchId, OrganizationId, S.Status);
                return;
            }

            await _counts.StoreIfDue(force: false, counts => this.Commit(state, s => s.ChunkCounts = counts));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Mass charge {BatchId} of {OrgId} did not move on this time; the next read or reminder tries again", BatchId, OrganizationId);
        }
    }

    /// <summary>A replay checked against the currency the batch was accepted in; one that does not pass is another request.</summary>
    private MassChargeRequest Replayed(MassChargeRequest request)
    {
        try
        {
            return MassCharging.Validate(request, S.Currency);
        }
        catch (DomainException)
        {
            throw DomainException.Conflict("idempotency_key.reused", "This Idempotency-Key was used for another mass charge.");
        }
    }

    /// <summary>Starting a chunk again changes nothing, so an interrupted fan-out is simply repeated.</summary>
    private async Task StartChunks()
    {
        var request = S.Request!;
        await Task.WhenAll(S.Chunks.Select(async chunk => _counts.Remember(chunk, await Chunk(chunk).Start(new MassChargeChunkSpec(
            request.Selection.Tab, S.Criteria, request.Selection.Ids, request.Amount, request.AmountRule, request.MethodPreference,
            MassCharging.Description(request), S.Currency, S.Chunks.Count, request.Allocation)))));
        if (S.Status == MassChargeStatus.Starting)
        {
            await this.Commit(state, s =>
            {
                s.Status = MassChargeStatus.Running;
                s.StartedAt = time.GetUtcNow();
                s.ChunkCounts = _counts.ToStore();
            });
            _counts.Stored();
        }
    }

    /// <summary>Lists the batch for its organization; a failure leaves it to the next pass, the launch stands.</summary>
    private async Task List()
    {
        try
        {
            await GrainFactory.GetGrain<IBatchListGrain>(BatchListKey.For(OrganizationId, BatchKind.MassCharge)).Add(new BatchListEntry(BatchId, S.AcceptedAt));
            await this.Commit(state, s => s.Listed = true);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Mass charge {BatchId} of {OrgId} not listed yet", BatchId, OrganizationId);
        }
    }

    private MassChargeProgress Snapshot()
    {
        var counts = _counts.Known.Values.Aggregate(MassChargeCounts.None, (sum, c) => sum + c.Counts);
        var amountCharged = _counts.Known.Values.Sum(c => c.AmountChargedMinor);
        var end = S.FinishedAt ?? time.GetUtcNow();
        var seconds = S.StartedAt is { } started ? (end - started).TotalSeconds : 0;
        return new MassChargeProgress(BatchId, S.Request!.Selection.Tab, S.Status, counts, new Money(amountCharged, S.Currency),
            seconds > 0 ? Math.Round(counts.Charged / seconds, 1) : 0, S.AcceptedAt, S.StartedAt, S.FinishedAt);
    }

    private async Task StopReminder()
    {
        if (await this.GetReminder(ResumeReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private IMassChargeChunkGrain Chunk(int shard) => GrainFactory.GetGrain<IMassChargeChunkGrain>(MassChargeKey.Chunk(OrganizationId, BatchId, shard));
}
