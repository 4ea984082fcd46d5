using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.Invoices;
using SmartRec.Contracts.MassInvoices;
using SmartRec.Domain.MassInvoices;
using SmartRec.Grains.Batches;
using SmartRec.Payments.Telemetry;

namespace SmartRec.Grains.MassInvoices;

/// <summary>
/// Creates one shard's invoices of a batch. Chunks are placed at random so a batch spreads over every silo. The work
/// runs in an interleaving timer, so progress can be read while invoices are being created; only that loop writes
/// state after the start. Progress is persisted every few windows and when the silo shuts down: a crash redoes at most
/// those windows, and since each target's invoice id is fixed and creating an invoice is idempotent, redoing one never
/// makes a second invoice; it finishes what a crash left half-done (an invoice made but not yet on its account).
/// A target whose call fails with anything but a refusal is tried again with a growing pause for as long as
/// <see cref="MassInvoiceOptions.TargetRetryWindow"/>: long enough for the cluster to declare a dead silo dead.
/// </summary>
[RandomPlacement]
public sealed class MassInvoiceChunkGrain(
    [PersistentState("chunk", StorageNames.Batches)] IPersistentState<MassInvoiceChunkState> state,
    IOptions<MassInvoiceOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<MassInvoiceChunkGrain> logger)
    : Grain, IMassInvoiceChunkGrain
{
    /// <summary>Windows between progress writes: bounds both the rewrites of the chunk row and the work a restart redoes.</summary>
    private const int WindowsPerWrite = 4;

    private readonly CancellationTokenSource _stopping = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
    private IGrainTimer? _runner;

    private MassInvoiceChunkState S => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        RunIfUnfinished();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        return Task.CompletedTask;
    }

    public async Task<MassInvoiceChunkProgress> Start(MassInvoiceChunkSpec spec)
    {
        if (S.Spec is not null)
        {
            return Progress();
        }

        var (organizationId, _, shard) = Key();
        var directory = GrainFactory.GetGrain<IDirectoryShardGrain>(DirectoryShardKey.For(organizationId, shard));
        IReadOnlyList<DirectoryKey> found = spec.Ids is { } ids ? await directory.Lookup(spec.Tab, ids) : await directory.Select(spec.Tab, spec.Criteria!);
        S.Targets = [.. found.Select(k => new ChunkTarget { AccountId = k.AccountId, PersonId = k.PersonId })];
        if (spec.Ids is { } listed)
        {
            var known = found.ToHashSet();
            S.Targets.AddRange(listed.Where(k => !known.Contains(k))
                .Select(k => new ChunkTarget { AccountId = k.AccountId, PersonId = k.PersonId, Outcome = TargetOutcome.Skipped, Code = "not_found" }));
        }

        S.Spec = spec;
        S.Completed = S.Targets.All(t => t.Outcome != TargetOutcome.Pending);
        await state.WriteStateAsync();
        RunIfUnfinished();
        return Progress();
    }

    /// <summary>Also restarts a run that stopped on a storage error: the batch's reminder and progress reads keep work moving.</summary>
    public Task<MassInvoiceChunkProgress> GetProgress()
    {
        RunIfUnfinished();
        return Task.FromResult(Progress());
    }

    public Task<IReadOnlyList<MassInvoiceResult>> GetResults(int offset, int limit)
    {
        var batchId = Key().BatchId;
        IReadOnlyList<MassInvoiceResult> page = [.. S.Targets.Skip(offset).Take(limit).Select(t =>
            new MassInvoiceResult(t.AccountId, t.PersonId, MassInvoicing.InvoiceIdFor(batchId, new DirectoryKey(t.AccountId, t.PersonId)), t.Outcome, t.Code))];
        return Task.FromResult(page);
    }

    private void RunIfUnfinished()
    {
        if (_runner is null && S.Spec is not null && !S.Completed)
        {
            _runner = this.RegisterGrainTimer(Run, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
        }
    }

    private async Task Run(CancellationToken cancellationToken)
    {
        try
        {
            await RunWindows();
        }
        catch (Exception e) when (!_stopping.IsCancellationRequested)
        {
            // Invoice ids are fixed per target, so the next run redoes at most the windows not stored yet, without duplicates.
            logger.LogWarning(e, "Chunk {ChunkKey} paused on an error; the next progress read resumes it", this.GetPrimaryKeyString());
        }
        finally
        {
            _runner?.Dispose();
            _runner = null;
        }
    }

    private async Task RunWindows()
    {
        var (organizationId, batchId, _) = Key();
        var windows = 0;
        var delay = options.Value.RetryDelay;
        while (!_stopping.IsCancellationRequested)
        {
            var window = S.Targets.Where(t => t.Outcome == TargetOutcome.Pending).Take(options.Value.Window).ToList();
            if (window.Count == 0)
            {
                break;
            }

            await Task.WhenAll(window.GroupBy(t => t.AccountId).Select(account => InvoiceInTurn(organizationId, batchId, [.. account])));
            if (++windows % WindowsPerWrite == 0)
            {
                await Save();
            }

            if (window.All(t => t.Outcome != TargetOutcome.Pending))
            {
                delay = options.Value.RetryDelay;
            }
            else if (await Pause(delay))
            {
                // Whatever failed (a silo dying, storage away) is given more time each round, up to the cap.
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.Value.MaxRetryDelay.Ticks));
            }
            else
            {
                break;
            }
        }

        if (_stopping.IsCancellationRequested)
        {
            // The silo is going away: keep what this activation achieved, the next one resumes from here.
            await Save();
            return;
        }

        S.Completed = true;
        await Save();
        logger.LogInformation("Mass invoice {BatchId} of {OrgId}: chunk {ChunkKey} done", batchId, organizationId, this.GetPrimaryKeyString());
    }

    /// <summary>
    /// One account's targets one after another: its ledger takes their invoices one at a time anyway, and this way the
    /// last one knows it is the last and lets the account's grains go (<see cref="BulkRelease"/>). Each invoice is
    /// released as soon as it is made: nothing in the batch calls it again.
    /// </summary>
    private async Task InvoiceInTurn(string organizationId, string batchId, IReadOnlyList<ChunkTarget> targets)
    {
        var account = OrgScopedKey.For(organizationId, targets[0].AccountId);
        IAddressable[] accountGrains = [GrainFactory.GetGrain<IAccountLedgerGrain>(account), GrainFactory.GetGrain<ICustomerAccountGrain>(account)];
        for (var i = 0; i < targets.Count; i++)
        {
            await Invoice(organizationId, batchId, targets[i], i == targets.Count - 1 ? accountGrains : []);
        }
    }

    private async Task Invoice(string organizationId, string batchId, ChunkTarget target, IAddressable[] alsoRelease)
    {
        var spec = S.Spec!;
        var key = new DirectoryKey(target.AccountId, target.PersonId);
        var invoiceId = MassInvoicing.InvoiceIdFor(batchId, key);
        try
        {
            var invoice = GrainFactory.GetGrain<IInvoiceGrain>(OrgScopedKey.For(organizationId, invoiceId));
            await BulkRelease.After([invoice, .. alsoRelease], () => invoice.Create(
                new NewInvoice(target.AccountId, [new NewInvoiceLine(spec.Description, spec.Amount)], spec.DueDate, target.PersonId, spec.Memo)));
            target.Outcome = TargetOutcome.Created;
            Count("created");
        }
        catch (DomainException e) when (e.Kind != ErrorKind.Unavailable)
        {
            target.Outcome = TargetOutcome.Failed;
            target.Code = e.Code;
            Count("failed");
        }
        catch (Exception e)
        {
            // Unknown whether the invoice exists, or reached its account: the retry reuses its id, so it is created at
            // most once and linked either way. Only a target the billing side stayed away from all this time fails.
            var now = time.GetUtcNow();
            target.Attempts++;
            target.RetryingSince ??= now;
            if (now - target.RetryingSince.Value >= options.Value.TargetRetryWindow)
            {
                target.Outcome = TargetOutcome.Failed;
                target.Code = "unavailable";
                Count("failed");
            }

            logger.LogWarning(e, "Mass invoice {BatchId}: invoice {InvoiceId} not confirmed (attempt {Attempt})", batchId, invoiceId, target.Attempts);
        }
    }

    /// <summary>Batch progress for the metrics endpoint; a target counts once, when its outcome is final.</summary>
    private static void Count(string outcome) =>
        SmartRecMetrics.BatchTargets.Add(1, new KeyValuePair<string, object?>("kind", "mass_invoice"), new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Waits before retrying; false when the chunk is deactivating instead.</summary>
    private async Task<bool> Pause(TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _stopping.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task Save()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e) when (_stopping.IsCancellationRequested)
        {
            // Stopping mid-write: the next activation resumes from the last progress that was stored.
            logger.LogInformation(e, "Chunk {ChunkKey} stopped before storing its latest progress", this.GetPrimaryKeyString());
        }
    }

    private MassInvoiceChunkProgress Progress() => new(
        S.Spec is not null,
        S.Completed,
        S.Targets.Count,
        S.Targets.Count(t => t.Outcome == TargetOutcome.Created),
        S.Targets.Count(t => t.Outcome == TargetOutcome.Failed),
        S.Targets.Count(t => t.Outcome == TargetOutcome.Skipped));

    private (string OrganizationId, string BatchId, int Shard) Key()
    {
        var parts = this.GetPrimaryKeyString().Split('/');
        return (parts[0], parts[1], int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
    }
}
