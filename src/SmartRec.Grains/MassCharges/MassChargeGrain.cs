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
using SmartRec.Grains.Persistence;

namespace SmartRec.Grains.MassCharges;

/// <summary>
/// Runs a mass charge (R12) as one chunk per directory shard. The batch row holds the request, never the targets.
/// The launch answers once the batch is stored; the chunks start in the background. A reminder keeps an unfinished
/// batch alive across silo deaths: each tick, like each progress read, asks every chunk for its progress, which
/// reactivates a chunk whose silo went away, and a reactivated chunk resumes by asking the processor what it did.
/// </summary>
public sealed class MassChargeGrain(
    [PersistentState("chargebatch", StorageNames.Batches)] IPersistentState<MassChargeState> state,
    IOptions<BillingOptions> billing,
    TimeProvider time,
    ILogger<MassChargeGrain> logger)
    : Grain, IMassChargeGrain, IRemindable
{
    private const string ResumeReminder = "resume";

    private MassChargeState S => state.State;

    private string OrganizationId => OrgScopedKey.Parse(this.GetPrimaryKeyString()).OrganizationId;

    private string BatchId => OrgScopedKey.Parse(this.GetPrimaryKeyString()).Id;

    private bool IsOver => S.Status is MassChargeStatus.Completed or MassChargeStatus.Cancelled;

    public async Task<MassChargeProgress> Start(MassChargeRequest request)
    {
        var organization = await GrainFactory.GetGrain<IOrganizationGrain>(OrganizationId).Find() ?? throw DomainException.NotFound("Organization");
        var valid = MassCharging.Validate(request, organization.Currency);
        if (S.Request is not null)
        {
            return MassCharging.SameRequest(S.Request, valid)
                ? (await GetProgress())!
                : throw DomainException.Conflict("idempotency_key.reused", "This Idempotency-Key was used for another mass charge.");
        }

        var criteria = valid.Selection.Filter is { } filter ? await GrainFactory.GetGrain<IDirectoryGrain>(OrganizationId).Resolve(filter) : null;
        // Armed before the batch is stored: a stored batch always has the reminder that finishes it.
        await this.RegisterOrUpdateReminder(ResumeReminder, billing.Value.ReminderPeriod, billing.Value.ReminderPeriod);
        await this.Commit(state, s =>
        {
            s.Criteria = criteria;
            s.Request = valid;
            s.Currency = organization.Currency;
            s.Chunks = valid.Selection.Ids is { } ids
                ? [.. ids.Select(id => DirectorySharding.ShardOf(id.AccountId)).Distinct().Order()]
                : [.. Enumerable.Range(0, DirectorySharding.ShardCount)];
            s.Status = MassChargeStatus.Starting;
            s.AcceptedAt = time.GetUtcNow();
        });
        logger.LogInformation("Mass charge {BatchId} of {OrgId} accepted over {Chunks} chunks", BatchId, OrganizationId, S.Chunks.Count);
        await List();
        // The launch answers now; the chunks start on the next turn (or the next progress read or reminder tick).
        this.RegisterGrainTimer(async _ => await GetProgress(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        return Snapshot(MassChargeCounts.None, 0);
    }

    public async Task<MassChargeProgress?> GetProgress()
    {
        if (S.Request is null)
        {
            return null;
        }

        if (!S.Listed)
        {
            await List();
        }

        if (S.Status == MassChargeStatus.Starting)
        {
            await StartChunks();
        }

        var chunks = await Task.WhenAll(S.Chunks.Select(c => Chunk(c).GetProgress()));
        if (!IsOver && chunks.All(c => c.Finished))
        {
            await this.Commit(state, s =>
            {
                s.Status = s.Status == MassChargeStatus.Cancelling ? MassChargeStatus.Cancelled : MassChargeStatus.Completed;
                s.FinishedAt = chunks.Max(c => c.LastOutcomeAt) ?? time.GetUtcNow();
            });
            await StopReminder();
            logger.LogInformation("Mass charge {BatchId} of {OrgId} {Status}", BatchId, OrganizationId, S.Status);
        }

        return Snapshot(chunks.Aggregate(MassChargeCounts.None, (sum, c) => sum + c.Counts), chunks.Sum(c => c.AmountChargedMinor));
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

            await Task.WhenAll(S.Chunks.Select(c => Chunk(c).Cancel()));
        }

        return (await GetProgress())!;
    }

    public async Task<MassChargeProgress> RetryFailed()
    {
        if (S.Request is null)
        {
            throw DomainException.NotFound("Mass charge");
        }

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

        await Task.WhenAll(S.Chunks.Select(c => Chunk(c).RetryFailed()));
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

        await GetProgress();
    }

    /// <summary>Starting a chunk again changes nothing, so an interrupted fan-out is simply repeated.</summary>
    private async Task StartChunks()
    {
        var request = S.Request!;
        var idsByShard = request.Selection.Ids?.ToLookup(id => DirectorySharding.ShardOf(id.AccountId));
        await Task.WhenAll(S.Chunks.Select(shard => Chunk(shard).Start(new MassChargeChunkSpec(
            request.Selection.Tab, S.Criteria, idsByShard is null ? null : [.. idsByShard[shard]],
            request.Amount, request.AmountRule, request.MethodPreference, MassCharging.Description(request), S.Currency))));
        if (S.Status == MassChargeStatus.Starting)
        {
            await this.Commit(state, s =>
            {
                s.Status = MassChargeStatus.Running;
                s.StartedAt = time.GetUtcNow();
            });
        }
    }

    /// <summary>Lists the batch for its organization; a failure leaves it to the next read, the launch stands.</summary>
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

    private MassChargeProgress Snapshot(MassChargeCounts counts, long amountCharged)
    {
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
