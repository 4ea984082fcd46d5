using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using SmartRec.Contracts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.MassCharges;
using SmartRec.Contracts.Payments;
using SmartRec.Contracts.Wallets;
using SmartRec.Domain.Directory;
using SmartRec.Domain.MassCharges;
using SmartRec.Domain.Monetary;
using SmartRec.Grains.Batches;
using SmartRec.Grains.Persistence;
using SmartRec.Payments;
using SmartRec.Payments.Telemetry;

namespace SmartRec.Grains.MassCharges;

/// <summary>
/// Charges one holder group's targets of a mass charge: every target of a holder is in the same chunk, which never
/// charges one holder twice at once (decision 5). Chunks are placed at random so a batch spreads over every silo. The
/// work runs in an interleaving timer (progress and cancel are answered meanwhile), a bounded window of targets at a
/// time, each processor request through the cluster's budget.
/// <para>
/// Nothing is stored before a charge (decision 12): each target's key derives from the batch, the target and its
/// attempt. Outcomes are stored in batches, once their ledger or Action Center has been told. So after a crash, any
/// target without a stored outcome may have been charged: a new activation asks the processor about its key first and
/// charges only when the processor never saw it. A charge whose answer was lost is resolved the same way.
/// </para>
/// </summary>
[RandomPlacement]
public sealed class MassChargeChunkGrain(
    [PersistentState("chargechunk", StorageNames.Batches)] IPersistentState<MassChargeChunkState> state,
    IPaymentProcessor processor,
    ProcessorBudget budget,
    IOptions<MassChargeOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<MassChargeChunkGrain> logger)
    : Grain, IMassChargeChunkGrain
{
    private readonly CancellationTokenSource _stopping = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);

    /// <summary>One state write at a time (decision 6): the run, a cancel and a retry all store through it.</summary>
    private readonly SemaphoreSlim _writes = new(1, 1);

    /// <summary>Final outcomes whose side effects are done but which are not stored yet, by target index.</summary>
    private readonly Dictionary<int, RecordedOutcome> _unstored = [];

    /// <summary>Targets the processor may have a charge for that no stored outcome accounts for: asked about before anything else.</summary>
    private readonly HashSet<int> _maybeSent = [];

    /// <summary>Targets whose last charge got no answer; counted as unknown until the processor is asked again.</summary>
    private readonly HashSet<int> _unknown = [];

    /// <summary>
    /// The processor customers (holders' wallets) being charged now: never two charges of one at once (decision 5). No
    /// other chunk of the batch holds targets of these holders.
    /// </summary>
    private readonly Dictionary<string, Task> _holderTurns = new(StringComparer.Ordinal);

    private IGrainTimer? _runner;

    /// <summary>Whether the last try to store outcomes failed: the next waits for the write interval.</summary>
    private bool _lastWriteFailed;

    /// <summary>Progress is read by every batch read (and event streams poll it): counted over the targets at most this often.</summary>
    private static readonly TimeSpan ProgressMaxAge = TimeSpan.FromMilliseconds(200);

    private (MassChargeChunkProgress Progress, long At)? _progress;

    /// <summary>Target indexes by holder and by account, built on first use: who else still needs a wallet or a ledger.</summary>
    private (ILookup<string, int> ByHolder, ILookup<string, int> ByAccount)? _groups;

    private MassChargeChunkState S => state.State;

    private MassChargeOptions Options => options.Value;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Whatever a previous activation was doing when it went away, it may have reached the processor.
        for (var i = 0; i < S.Targets.Count; i++)
        {
            if (!S.Targets[i].IsFinal)
            {
                _maybeSent.Add(i);
            }
        }

        RunIfUnfinished();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        await Flush();
    }

    public async Task<MassChargeChunkProgress> Start(MassChargeChunkSpec spec)
    {
        if (S.Spec is not null)
        {
            return Progress();
        }

        var (organizationId, _, group) = Key();
        // Every shard is asked for this holder group's rows: a holder's accounts may live in several shards, and
        // only one chunk may charge that holder.
        var idsByShard = spec.Ids?.ToLookup(id => DirectorySharding.ShardOf(id.AccountId));
        var shards = idsByShard is null ? Enumerable.Range(0, DirectorySharding.ShardCount) : idsByShard.Select(g => g.Key).Order();
        var selections = await Task.WhenAll(shards.Select(shard => GrainFactory.GetGrain<IDirectoryShardGrain>(DirectoryShardKey.For(organizationId, shard))
            .SelectHeld(spec.Tab, spec.Criteria, idsByShard is null ? null : [.. idsByShard[shard]], group, spec.Chunks)));
        var targets = selections.SelectMany(s => s.Targets)
            .Select(t => new ChargeTarget { AccountId = t.Key.AccountId, PersonId = t.Key.PersonId, HolderUserId = t.HolderUserId })
            .ToList();
        // A listed id no shard knows has no holder: the chunk its account id falls to reports it.
        targets.AddRange(selections.SelectMany(s => s.Unknown)
            .Where(k => DirectorySharding.HolderGroupOf(k.AccountId, spec.Chunks) == group)
            .Select(k => new ChargeTarget { AccountId = k.AccountId, PersonId = k.PersonId, Outcome = ChargeTargetOutcome.Skipped, Code = SkipReasons.AccountNotFound }));

        await Store(s =>
        {
            s.Spec = spec;
            s.Targets = targets;
            s.Finished = targets.All(t => t.IsFinal);
        });
        RunIfUnfinished();
        return Progress();
    }

    /// <summary>Also restarts a run that stopped on an error: the batch's reminder and progress reads keep work moving.</summary>
    public Task<MassChargeChunkProgress> GetProgress()
    {
        RunIfUnfinished();
        return Task.FromResult(Progress());
    }

    public Task<IReadOnlyList<MassChargeResult>> GetResults(ChargeTargetOutcome? outcome, int offset, int limit)
    {
        var batchId = Key().BatchId;
        IReadOnlyList<MassChargeResult> page = [.. Enumerable.Range(0, S.Targets.Count)
            .Select(i => Result(batchId, i))
            .Where(r => outcome is null || r.Outcome == outcome)
            .Skip(offset)
            .Take(limit)];
        return Task.FromResult(page);
    }

    public async Task<MassChargeChunkProgress> Cancel()
    {
        if (S.Spec is not null && !S.Cancelled && !S.Finished)
        {
            // The run checks this before each new charge; a charge already sent finishes and keeps its outcome.
            await Store(s => s.Cancelled = true);
            RunIfUnfinished();
        }

        return Progress();
    }

    public async Task<MassChargeChunkProgress> RetryFailed()
    {
        if (S.Spec is null)
        {
            return Progress();
        }

        await Flush();
        var soft = Enumerable.Range(0, S.Targets.Count)
            .Where(i => S.Targets[i].Outcome == ChargeTargetOutcome.Declined && MassCharging.IsSoftDecline(S.Targets[i].Code))
            .ToList();
        if (soft.Count > 0)
        {
            // A new attempt is a new key: the processor would answer the declined key with its first decline.
            await Store(s =>
            {
                foreach (var i in soft)
                {
                    var target = s.Targets[i];
                    (target.Attempt, target.Outcome, target.Code, target.AmountMinor) = (target.Attempt + 1, ChargeTargetOutcome.Pending, null, 0);
                }

                s.Finished = false;
            });
            logger.LogInformation("Chunk {ChunkKey}: {Count} soft declines get a new attempt", this.GetPrimaryKeyString(), soft.Count);
            RunIfUnfinished();
        }

        return Progress();
    }

    private void RunIfUnfinished()
    {
        if (_runner is null && S.Spec is not null && !S.Finished && !_stopping.IsCancellationRequested)
        {
            _runner = this.RegisterGrainTimer(Run, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
        }
    }

    private async Task Run(CancellationToken cancellationToken)
    {
        try
        {
            await ChargeAll();
        }
        catch (Exception e) when (!_stopping.IsCancellationRequested)
        {
            // Keys are derived and unstored outcomes are asked about again, so the next run loses and repeats nothing.
            logger.LogWarning(e, "Chunk {ChunkKey} paused on an error; the next progress read resumes it", this.GetPrimaryKeyString());
        }
        finally
        {
            _runner?.Dispose();
            _runner = null;
        }
    }

    private async Task ChargeAll()
    {
        var running = new List<Task>(Options.Window);
        var queue = new Queue<int[]>();
        var flushTick = Task.Delay(Options.WriteInterval);
        while (!_stopping.IsCancellationRequested)
        {
            if (queue.Count == 0 && running.Count == 0)
            {
                // Refilled from the state, so targets a retry-failed reopened during the run are charged too. One
                // account's targets (its persons, on the Persons tab) go together, so its ledger hears of them in one call.
                foreach (var account in Enumerable.Range(0, S.Targets.Count).Where(i => !S.Targets[i].IsFinal && !_unstored.ContainsKey(i))
                    .GroupBy(i => S.Targets[i].AccountId, StringComparer.Ordinal))
                {
                    queue.Enqueue([.. account]);
                }

                if (queue.Count == 0)
                {
                    break;
                }
            }

            // Backpressure: with outcomes piling up unstored, no new account starts until a write lands.
            while (running.Count < Options.Window && running.Count + _unstored.Count < Options.MaxUnstoredOutcomes && queue.TryDequeue(out var account))
            {
                running.Add(Drive(account));
            }

            await Task.WhenAny([.. running, flushTick]);
            running.RemoveAll(t => t.IsCompleted);
            // After a failed write the next try waits for the tick: retrying on every outcome would send the chunk's
            // whole row again and again to a storage that is already failing or slow.
            if (flushTick.IsCompleted || (!_lastWriteFailed && _unstored.Count >= Math.Min(Options.OutcomesPerWrite, Options.MaxUnstoredOutcomes)))
            {
                await Flush();
                flushTick = Task.Delay(Options.WriteInterval);
            }
        }

        // A graceful stop lets the charges already sent finish, so their outcomes are stored rather than asked about later.
        await Task.WhenAll(running);
        await Flush();
        if (!_stopping.IsCancellationRequested && _unstored.Count == 0 && S.Targets.All(t => t.IsFinal))
        {
            await Store(s => s.Finished = true);
            var (organizationId, batchId, _) = Key();
            logger.LogInformation("Mass charge {BatchId} of {OrgId}: chunk {ChunkKey} done", batchId, organizationId, this.GetPrimaryKeyString());
        }
    }

    /// <summary>
    /// Brings one account's targets to final outcomes in the holder's turn: each is charged in its turn (or found at the
    /// processor), the wallet asked once for all of them, then the account's ledger hears of every charge in one call.
    /// What fails is tried again with a growing pause, never taken for a decline.
    /// </summary>
    private async Task Drive(int[] account)
    {
        var holder = S.Targets[account[0]].HolderUserId;
        using var turn = await HolderTurn(holder);
        var choice = new WalletChoice(this, account, holder);
        var settled = new List<(int Index, Settlement Settlement)>(account.Length);
        foreach (var index in account)
        {
            if (await Retrying(S.Targets[index].AccountId, index, () => Attempt(index, S.Targets[index], choice)) is not { } settlement)
            {
                return;
            }

            settled.Add((index, settlement));
        }

        // The charges are made: only telling them is retried. A crash before they are told leaves them unstored, so
        // the next activation finds them at the processor by their keys and tells them then.
        if (await Retrying(S.Targets[account[0]].AccountId, index: null, () => Conclude(account, settled)) is not { } outcomes)
        {
            return;
        }

        foreach (var ((index, _), outcome) in settled.Zip(outcomes))
        {
            _unstored[index] = outcome;
            _unknown.Remove(index);
            Count(outcome.Outcome);
        }
    }

    /// <summary>
    /// Runs <paramref name="step"/> until it answers or the silo stops (then null), pausing longer after each failure.
    /// A failed step about target <paramref name="index"/> that may have reached the processor makes it unknown.
    /// </summary>
    private async Task<T?> Retrying<T>(string accountId, int? index, Func<Task<T>> step)
        where T : class
    {
        var delay = Options.RetryDelay;
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                return await step();
            }
            catch (ProcessorRateLimitedException)
            {
                // Never a decline: the budget already slowed the cluster down; this target waits its turn again.
            }
            catch (Exception e)
            {
                if (index is { } target && _maybeSent.Contains(target))
                {
                    _unknown.Add(target);
                }

                logger.LogWarning(e, "Mass charge of account {AccountId} in chunk {ChunkKey} will be tried again", accountId, this.GetPrimaryKeyString());
            }

            await Pause(delay);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Options.MaxRetryDelay.Ticks));
        }

        return null;
    }

    /// <summary>One try at a target: what the processor did with it, or a skip; an exception when it must be tried again (a 429, no answer, an owner unavailable).</summary>
    private async Task<Settlement> Attempt(int index, ChargeTarget target, WalletChoice choice)
    {
        var (organizationId, batchId, _) = Key();
        var spec = S.Spec!;
        var key = MassCharging.ProcessorKey(organizationId, batchId, target.Key, target.Attempt);
        if (_maybeSent.Contains(index))
        {
            var found = await Processor(() => processor.FindChargeAsync(key, CancellationToken.None));
            if (found is not null)
            {
                return new Settlement(found, Method: null);
            }

            // The processor never saw this key: charging it now cannot charge twice.
            _maybeSent.Remove(index);
        }

        if (S.Cancelled)
        {
            return Settlement.Skipped(SkipReasons.Cancelled);
        }

        if (target.HolderUserId is null)
        {
            return Settlement.Skipped(SkipReasons.AccountNotFound);
        }

        // Decision 2: the wallet decides at charge time, so a method revoked or expired since the preview is never charged.
        var chosen = await choice.Get();
        if (chosen.Method is not { } method)
        {
            return Settlement.Skipped(chosen.SkipReason ?? SkipReasons.NoMethod);
        }

        var amount = spec.AmountRule == AmountRule.Balance ? await Balance(organizationId, target.AccountId, spec.Currency) : spec.Amount!.Value;
        if (!amount.IsPositive)
        {
            return Settlement.Skipped(SkipReasons.NothingOwing);
        }

        _maybeSent.Add(index);
        try
        {
            return new Settlement(await Processor(() => processor.ChargeAsync(
                new ChargeRequest(method.ProcessorCustomerId, method.ProcessorMethodId, amount, key, spec.Description), CancellationToken.None)), method.Details);
        }
        catch (ProcessorException e) when (e.IsRefusal)
        {
            // The processor looked at this key for the first time and refused it: nothing was charged.
            return new Settlement(new ChargeOutcome(ChargeStatus.Declined, "", amount, e.Code, e.Message), method.Details);
        }
    }

    /// <summary>
    /// Sends one request through the cluster's budget. A 429 (which slows every silo down) and an unanswered request
    /// are thrown to <see cref="Retrying{T}"/>, which tries the target again: neither is ever a decline.
    /// </summary>
    private Task<T> Processor<T>(Func<Task<T>> request) => budget.Send(request, _stopping.Token);

    /// <summary>
    /// Tells one account's charges: every succeeded one to its ledger in one call, an e-check still processing to the
    /// payment that follows it, a decline to the Action Center. Answers the outcomes to store, in the order given.
    /// Everything told has a derived id, so telling it again changes nothing.
    /// </summary>
    private async Task<IReadOnlyList<RecordedOutcome>> Conclude(int[] account, List<(int Index, Settlement Settlement)> settled)
    {
        var (organizationId, batchId, _) = Key();
        var spec = S.Spec!;
        var accountId = S.Targets[account[0]].AccountId;
        var receipts = new List<BulkPayment>();
        var settledRetries = new List<(string ActionItemId, string PaymentId)>();
        var outcomes = new List<RecordedOutcome>(settled.Count);
        foreach (var (index, settlement) in settled)
        {
            var target = S.Targets[index];
            if (settlement.Charge is not { } charge)
            {
                outcomes.Add(RecordedOutcome.Skipped(settlement.SkipReason!));
                continue;
            }

            var paymentId = MassCharging.PaymentIdFor(batchId, target.Key, target.Attempt);
            var processorKey = MassCharging.ProcessorKey(organizationId, batchId, target.Key, target.Attempt);
            // A charge found after a restart comes without the method; the receipt's kind, brand and last 4 are display only.
            var method = settlement.Method;
            switch (charge.Status)
            {
                case ChargeStatus.Succeeded:
                    // The receipt goes straight to the ledger, unreconciled (R12) or allocated to the oldest open invoices:
                    // no payment grain and its two writes per charge. The receipt keeps the key, so a payment is made of it
                    // only when one is asked for (a refund).
                    var kind = method?.Kind ?? PaymentMethodKind.Card;
                    receipts.Add(new BulkPayment(new PaymentView(
                        organizationId, paymentId, target.AccountId, charge.Amount, PaymentStatus.Succeeded, kind, null, null,
                        Money.Zero(charge.Amount.Currency), [], [], LeavesUnreconciled(spec), spec.Description, time.GetUtcNow(),
                        MethodBrand: method?.Brand ?? method?.BankName, MethodLast4: method?.Last4), processorKey));
                    outcomes.Add(new RecordedOutcome(ChargeTargetOutcome.Charged, null, charge.Amount.Minor, kind));
                    if (target.Attempt > 1)
                    {
                        // A retry of a declined target that went through: its Action Center item is settled once the receipt is.
                        settledRetries.Add((MassCharging.ActionItemIdFor(batchId, target.Key), paymentId));
                    }

                    break;
                case ChargeStatus.Processing:
                    // Only e-checks stay processing: a payment follows this one until it settles or fails (R13).
                    await GrainFactory.GetGrain<IPaymentGrain>(OrgScopedKey.For(organizationId, paymentId)).Adopt(new AdoptedCharge(
                        new NewPayment(target.AccountId, new PaymentSource(), charge.Amount, spec.Description, [], LeaveUnreconciled: LeavesUnreconciled(spec),
                            IdempotencyKey: processorKey),
                        target.HolderUserId ?? "", method?.Kind ?? PaymentMethodKind.BankAccount, charge.ChargeId, PaymentStatus.Processing,
                        method?.Brand ?? method?.BankName, method?.Last4));
                    outcomes.Add(new RecordedOutcome(ChargeTargetOutcome.Processing, null, charge.Amount.Minor, method?.Kind ?? PaymentMethodKind.BankAccount));
                    break;
                default:
                    await GrainFactory.GetGrain<IActionCenterGrain>(organizationId).Record(new ActionItem(
                        MassCharging.ActionItemIdFor(batchId, target.Key), ActionItemKind.MassChargeDeclined, target.AccountId,
                        $"Mass charge of {Currencies.Format(charge.Amount)} declined ({charge.DeclineCode}).", time.GetUtcNow(), paymentId,
                        DeclineCode: charge.DeclineCode, WillRetry: false, Amount: charge.Amount, PersonId: target.Key.PersonId));
                    outcomes.Add(new RecordedOutcome(ChargeTargetOutcome.Declined, charge.DeclineCode, 0, method?.Kind));
                    break;
            }
        }

        if (receipts.Count > 0)
        {
            var ledger = GrainFactory.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(organizationId, accountId));
            await BulkRelease.After(IsLastUser(account, Groups().ByAccount[accountId]) ? [ledger] : [], () => ledger.RecordBulkPayments(receipts));
        }

        foreach (var (actionItemId, paymentId) in settledRetries)
        {
            await GrainFactory.GetGrain<IActionCenterGrain>(organizationId).Resolve(actionItemId, paymentId);
        }

        return outcomes;
    }

    /// <summary>With no invoices named, the ledger allocates a receipt that is not left unreconciled to the oldest open invoices first.</summary>
    private static bool LeavesUnreconciled(MassChargeChunkSpec spec) => spec.Allocation == ReceiptAllocation.Unreconciled;

    private async Task<Money> Balance(string organizationId, string accountId, string currency)
    {
        var ledger = await GrainFactory.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(organizationId, accountId)).Get();
        return new Money(MassCharging.BalanceToCharge(ledger.BalanceOwing.Minor, ledger.Unallocated.Minor, ledger.Reserved.Minor), currency);
    }

    /// <summary>
    /// Whether every target of the group (a holder's, an account's) outside <paramref name="mine"/> already has its
    /// outcome, so this call is the chunk's last to that grain and may release it. Targets of one holder take turns, so
    /// the last one is known.
    /// </summary>
    private bool IsLastUser(int[] mine, IEnumerable<int> group) => group.All(i => mine.Contains(i) || S.Targets[i].IsFinal || _unstored.ContainsKey(i));

    private (ILookup<string, int> ByHolder, ILookup<string, int> ByAccount) Groups() => _groups ??= (
        Enumerable.Range(0, S.Targets.Count).Where(i => S.Targets[i].HolderUserId is not null).ToLookup(i => S.Targets[i].HolderUserId!, StringComparer.Ordinal),
        Enumerable.Range(0, S.Targets.Count).ToLookup(i => S.Targets[i].AccountId, StringComparer.Ordinal));

    /// <summary>Waits until no other target of the same holder is being charged, then holds the turn until disposed.</summary>
    private async Task<IDisposable> HolderTurn(string? holder)
    {
        if (holder is null)
        {
            return NoTurn.Instance;
        }

        while (_holderTurns.TryGetValue(holder, out var busy))
        {
            await busy;
        }

        var turn = new HolderTurnRelease(this, holder);
        _holderTurns[holder] = turn.Done;
        return turn;
    }

    /// <summary>Stores the outcomes gathered so far in one write; on a failed write they stay gathered for the next.</summary>
    private async Task Flush()
    {
        if (_unstored.Count == 0)
        {
            return;
        }

        var batch = _unstored.ToList();
        try
        {
            await Store(s =>
            {
                foreach (var (index, outcome) in batch)
                {
                    var target = s.Targets[index];
                    (target.Outcome, target.Code, target.AmountMinor, target.MethodKind) = (outcome.Outcome, outcome.Code, outcome.AmountMinor, outcome.MethodKind);
                }

                var now = time.GetUtcNow();
                s.FirstChargeAt ??= now;
                s.LastOutcomeAt = now;
            });
            foreach (var (index, outcome) in batch)
            {
                if (_unstored.TryGetValue(index, out var still) && still == outcome)
                {
                    _unstored.Remove(index);
                    _maybeSent.Remove(index);
                }
            }

            _lastWriteFailed = false;
        }
        catch (Exception e)
        {
            _lastWriteFailed = true;
            logger.LogWarning(e, "Chunk {ChunkKey} could not store {Count} outcomes yet", this.GetPrimaryKeyString(), batch.Count);
        }
    }

    private async Task Store(Action<MassChargeChunkState> change)
    {
        await _writes.WaitAsync();
        try
        {
            await this.Commit(state, change);
        }
        finally
        {
            _writes.Release();
        }
    }

    private async Task Pause(TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
            // The silo is stopping: the target is left for the next activation, which asks the processor first.
        }
    }

    private static void Count(ChargeTargetOutcome outcome) =>
        SmartRecMetrics.BatchTargets.Add(1, new KeyValuePair<string, object?>("kind", "mass_charge"),
            new KeyValuePair<string, object?>("outcome", outcome.ToString().ToLowerInvariant()));

    private ChargeTargetOutcome Effective(int index) =>
        _unstored.TryGetValue(index, out var outcome) ? outcome.Outcome
        : _unknown.Contains(index) ? ChargeTargetOutcome.Unknown
        : S.Targets[index].Outcome;

    private MassChargeResult Result(string batchId, int index)
    {
        var target = S.Targets[index];
        var (outcome, code, amount) = _unstored.TryGetValue(index, out var unstored)
            ? (unstored.Outcome, unstored.Code, unstored.AmountMinor)
            : (Effective(index), target.Code, target.AmountMinor);
        var charged = outcome is ChargeTargetOutcome.Charged or ChargeTargetOutcome.Processing or ChargeTargetOutcome.Declined;
        return new MassChargeResult(target.AccountId, target.PersonId, outcome,
            amount > 0 ? new Money(amount, S.Spec!.Currency) : null, target.Attempt,
            charged ? MassCharging.PaymentIdFor(batchId, target.Key, target.Attempt) : null, code);
    }

    private MassChargeChunkProgress Progress()
    {
        // A finished chunk always answers its final counts: the cache is dropped as soon as it finishes or reopens.
        if (_progress is { } cached && cached.Progress.Finished == S.Finished && cached.Progress.Started == (S.Spec is not null)
            && Stopwatch.GetElapsedTime(cached.At) < ProgressMaxAge)
        {
            return cached.Progress;
        }

        var progress = CountProgress();
        _progress = (progress, Stopwatch.GetTimestamp());
        return progress;
    }

    private MassChargeChunkProgress CountProgress()
    {
        int charged = 0, processing = 0, declined = 0, skipped = 0, unknown = 0, pending = 0;
        long amount = 0;
        for (var i = 0; i < S.Targets.Count; i++)
        {
            var outcome = Effective(i);
            switch (outcome)
            {
                case ChargeTargetOutcome.Charged: charged++; break;
                case ChargeTargetOutcome.Processing: processing++; break;
                case ChargeTargetOutcome.Declined: declined++; break;
                case ChargeTargetOutcome.Skipped: skipped++; break;
                case ChargeTargetOutcome.Unknown: unknown++; break;
                default: pending++; break;
            }

            if (outcome == ChargeTargetOutcome.Charged)
            {
                amount += _unstored.TryGetValue(i, out var unstored) ? unstored.AmountMinor : S.Targets[i].AmountMinor;
            }
        }

        return new MassChargeChunkProgress(S.Spec is not null, S.Finished,
            new MassChargeCounts(S.Targets.Count, charged, processing, declined, skipped, unknown, pending), amount, S.FirstChargeAt, S.LastOutcomeAt);
    }

    private (string OrganizationId, string BatchId, int Shard) Key()
    {
        var parts = this.GetPrimaryKeyString().Split('/');
        return (parts[0], parts[1], int.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    private sealed record RecordedOutcome(ChargeTargetOutcome Outcome, string? Code, long AmountMinor, PaymentMethodKind? MethodKind)
    {
        public static RecordedOutcome Skipped(string reason) => new(ChargeTargetOutcome.Skipped, reason, 0, null);
    }

    /// <summary>What happened to a target at the processor (with the method charged, when known), or why it was skipped.</summary>
    private sealed record Settlement(ChargeOutcome? Charge, PaymentMethodDetails? Method, string? SkipReason = null)
    {
        public static Settlement Skipped(string reason) => new(null, null, reason);
    }

    /// <summary>
    /// The wallet's choice for one account's targets, asked when the first of them is about to be charged and kept for
    /// the rest, charged right after it in the same turn. The chunk's last question to a holder's wallet releases it.
    /// </summary>
    private sealed class WalletChoice(MassChargeChunkGrain chunk, int[] account, string? holder)
    {
        private ChargeChoice? _answer;

        public async Task<ChargeChoice> Get()
        {
            if (_answer is null)
            {
                var (organizationId, _, _) = chunk.Key();
                var wallet = chunk.GrainFactory.GetGrain<IWalletGrain>(holder!);
                var accountId = chunk.S.Targets[account[0]].AccountId;
                _answer = await BulkRelease.After(chunk.IsLastUser(account, chunk.Groups().ByHolder[holder!]) ? [wallet] : [],
                    () => wallet.ChooseChargeable(organizationId, accountId, chunk.S.Spec!.MethodPreference));
            }

            return _answer;
        }
    }

    private sealed class HolderTurnRelease(MassChargeChunkGrain chunk, string holder) : IDisposable
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Done => _done.Task;

        public void Dispose()
        {
            chunk._holderTurns.Remove(holder);
            _done.TrySetResult();
        }
    }

    private sealed class NoTurn : IDisposable
    {
        public static readonly NoTurn Instance = new();

        public void Dispose()
        {
        }
    }
}
