using SmartRec.Contracts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.Invoices;
using SmartRec.Contracts.MassCharges;
using SmartRec.Contracts.Payments;
using SmartRec.Contracts.Wallets;
using SmartRec.Domain.Directory;
using SmartRec.Domain.MassCharges;
using SmartRec.Payments.Simulated;
using static SmartRec.Grains.Tests.MassChargeTestSupport;

namespace SmartRec.Grains.Tests;

[Collection(MassChargeCollection.Name)]
public sealed class MassChargeGrainTests(MassChargeClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task The_persons_tab_charges_each_participant_and_the_accounts_tab_each_account_once() // R12
    {
        var org = await fixture.NewOrganization();
        var families = await Families(Grains, org, 4, personsEach: 3);

        var persons = await Completion(await Started(Batch(Grains, org, "persons"), Request(DirectoryTab.Persons, 1_000)));
        var accounts = await Completion(await Started(Batch(Grains, org, "accounts"), Request(DirectoryTab.Accounts, 5_000)));

        Assert.Equal((12, 12, 12_000L), (persons.Counts.Targets, persons.Counts.Charged, persons.AmountCharged.Minor));
        Assert.Equal((4, 4, 20_000L), (accounts.Counts.Targets, accounts.Counts.Charged, accounts.AmountCharged.Minor));
        var ledger = await Grains.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(org, families[0].AccountId)).Get();
        // Three receipts for the participants and one for the account, every one unreconciled (R12).
        Assert.Equal(4, ledger.Receipts.Count);
        Assert.Equal(8_000, ledger.Unallocated.Minor);
    }

    [Fact]
    public async Task The_same_launch_twice_is_one_batch_and_another_request_under_its_key_is_refused()
    {
        var org = await fixture.NewOrganization();
        await Families(Grains, org, 3, personsEach: 1);
        var batch = Batch(Grains, org, "twice");

        var first = await batch.Start(Request(DirectoryTab.Accounts));
        var replay = await batch.Start(Request(DirectoryTab.Accounts));
        var done = await Completion(batch);
        await batch.Start(Request(DirectoryTab.Accounts));

        Assert.Equal(first.BatchId, replay.BatchId);
        Assert.Equal((3, 3), (done.Counts.Targets, done.Counts.Charged));
        Assert.Equal(3, ChargedKeys(fixture.Processor, org, first.BatchId).Count);
        var conflict = await Assert.ThrowsAsync<DomainException>(() => batch.Start(Request(DirectoryTab.Accounts, amount: 9_999)));
        Assert.Equal("idempotency_key.reused", conflict.Code);
    }

    [Fact]
    public async Task A_method_revoked_after_the_preview_is_skipped_and_never_charged() // decision 2, R3
    {
        var org = await fixture.NewOrganization();
        var families = await Families(Grains, org, 4, personsEach: 1,
            n => n switch { 2 => SimulatedTestMethods.VisaExpired, 3 => null, _ => SimulatedTestMethods.Visa });
        var request = Request(DirectoryTab.Accounts, 3_000);

        var preview = await Grains.GetGrain<IMassChargePreviewGrain>(org).Preview(request, firstSkipped: 10);
        var revoked = families[1];
        var wallet = Grains.GetGrain<IWalletGrain>(revoked.HolderUserId);
        await wallet.Revoke((await wallet.Get()).Methods.Single().Id, org);
        var batch = Batch(Grains, org, "revoked");
        var done = await Completion(await Started(batch, request));

        Assert.Equal((4, 2, 6_000L), (preview.Targets, preview.ToCharge, preview.Total.Minor));
        Assert.Equal(1, preview.SkippedByReason[SkipReasons.OnlyExpiredCards]);
        Assert.Equal(1, preview.SkippedByReason[SkipReasons.NoMethod]);
        Assert.Equal((1, 3), (done.Counts.Charged, done.Counts.Skipped));
        var skipped = await AllResults(batch, ChargeTargetOutcome.Skipped);
        Assert.Equal(SkipReasons.NoMethod, skipped.Single(r => r.AccountId == revoked.AccountId).Code);
        Assert.Equal(SkipReasons.OnlyExpiredCards, skipped.Single(r => r.AccountId == families[2].AccountId).Code);
        Assert.DoesNotContain(fixture.Processor.Charges.Keys, k => k.StartsWith($"mc:{org}/", StringComparison.Ordinal) && k.Contains($":{revoked.AccountId}:", StringComparison.Ordinal));
        // A skipped target names no payment (there is none to look up); the charged one names the payment of its receipt.
        Assert.All(skipped, r => Assert.Null(r.PaymentId));
        Assert.NotNull(Assert.Single(await AllResults(batch, ChargeTargetOutcome.Charged)).PaymentId);
        Assert.All(preview.FirstSkipped, r => Assert.Null(r.PaymentId));
    }

    [Fact]
    public async Task Two_charges_of_one_holder_never_run_at_once_even_when_their_accounts_live_in_different_shards() // decision 5
    {
        var org = await fixture.NewOrganization();
        var data = new DirectoryTestData(Grains);
        var holders = Enumerable.Range(0, 8).Select(_ => ClusterFixture.NewUserId()).ToList();
        var accounts = new List<string>();
        foreach (var (holder, h) in holders.Select((holder, h) => (holder, h)))
        {
            for (var a = 0; a < 5; a++)
            {
                accounts.Add(await data.Open(org, $"acc-{h}-{a}", holder));
                await data.AddPerson(org, accounts[^1], []);
                await data.AddPerson(org, accounts[^1], []);
            }

            await data.SaveMethod(holder, SimulatedTestMethods.Visa, org);
        }

        Assert.All(Enumerable.Range(0, 8), h =>
            Assert.True(Enumerable.Range(0, 5).Select(a => DirectorySharding.ShardOf($"acc-{h}-{a}")).Distinct().Count() > 1, "a holder's accounts share one shard"));
        fixture.Processor.Latency = TimeSpan.FromMilliseconds(30);
        fixture.Processor.ResetOverlaps();
        try
        {
            var batch = Batch(Grains, org, "one-holder-at-a-time");
            var done = await Completion(await Started(batch, Request(DirectoryTab.Persons, 1_000)));

            Assert.Equal((80, 80), (done.Counts.Targets, done.Counts.Charged));
            Assert.Equal(1, fixture.Processor.MostChargesOfOneCustomerAtOnce);
            Assert.Equal(80, ChargedKeys(fixture.Processor, org, done.BatchId).Count);
        }
        finally
        {
            fixture.Processor.Calm();
        }
    }

    [Fact]
    public async Task A_charge_launched_to_the_oldest_invoices_pays_them_oldest_due_first_and_leaves_only_the_rest_unreconciled() // R12, R9
    {
        var org = await fixture.NewOrganization();
        var families = await Families(Grains, org, 2, personsEach: 1);
        var (billed, unbilled) = (families[0].AccountId, families[1].AccountId);
        // Created newest first: the order is the due dates', not the creation's.
        await Invoice(org, "inv-later", billed, 3_000, new DateOnly(2027, 2, 10));
        await Invoice(org, "inv-sooner", billed, 3_000, new DateOnly(2027, 1, 10));
        var request = Request(DirectoryTab.Accounts, 4_000) with { Allocation = ReceiptAllocation.OldestInvoices };

        var preview = await Grains.GetGrain<IMassChargePreviewGrain>(org).Preview(request, 10);
        var done = await Completion(await Started(Batch(Grains, org, "oldest"), request));

        Assert.Equal((ReceiptAllocation.OldestInvoices, 2, 8_000L), (preview.Allocation, preview.ToCharge, preview.Total.Minor));
        Assert.Equal((2, 2), (done.Counts.Targets, done.Counts.Charged));
        var ledger = await Grains.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(org, billed)).Get();
        Assert.Equal((4_000L, 0L, 2_000L), (ledger.Received.Minor, ledger.Unallocated.Minor, ledger.BalanceOwing.Minor));
        Assert.Equal((0L, 2_000L), (ledger.Invoices.Single(i => i.InvoiceId == "inv-sooner").Owing.Minor, ledger.Invoices.Single(i => i.InvoiceId == "inv-later").Owing.Minor));
        var sooner = await Grains.GetGrain<IInvoiceGrain>(OrgScopedKey.For(org, "inv-sooner")).Find();
        var later = await Grains.GetGrain<IInvoiceGrain>(OrgScopedKey.For(org, "inv-later")).Find();
        Assert.Equal((InvoiceStatus.Paid, 3_000L), (sooner!.Status, sooner.Paid.Minor));
        Assert.Equal((InvoiceStatus.Open, 1_000L), (later!.Status, later.Paid.Minor));
        // An account with nothing open keeps the whole receipt unreconciled.
        var other = await Grains.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(org, unbilled)).Get();
        Assert.Equal((4_000L, 4_000L), (other.Received.Minor, other.Unallocated.Minor));
    }

    [Fact]
    public async Task Cancel_starts_no_new_charge_and_lets_those_in_flight_finish()
    {
        var org = await fixture.NewOrganization();
        await Families(Grains, org, 60, personsEach: 5);
        var batch = Batch(Grains, org, "cancel");
        fixture.Processor.Latency = TimeSpan.FromMilliseconds(20);
        try
        {
            var started = await batch.Start(Request(DirectoryTab.Persons));
            while ((await batch.GetProgress())!.Counts.Charged < 20)
            {
                await Task.Delay(20);
            }

            await batch.Cancel();
            var done = await Completion(batch);
            var chargedAtTheEnd = ChargedKeys(fixture.Processor, org, started.BatchId).Count;
            await Task.Delay(500);

            Assert.Equal(MassChargeStatus.Cancelled, done.Status);
            Assert.Equal(300, done.Counts.Charged + done.Counts.Skipped);
            Assert.InRange(done.Counts.Charged, 20, 299);
            Assert.Equal(done.Counts.Charged, chargedAtTheEnd);
            Assert.Equal(chargedAtTheEnd, ChargedKeys(fixture.Processor, org, started.BatchId).Count);
            Assert.All(await AllResults(batch, ChargeTargetOutcome.Skipped), r => Assert.Equal(SkipReasons.Cancelled, r.Code));
        }
        finally
        {
            fixture.Processor.Calm();
        }
    }

    [Fact]
    public async Task Retry_failed_charges_soft_declines_again_under_a_new_key_and_leaves_hard_declines()
    {
        var org = await fixture.NewOrganization();
        var families = await Families(Grains, org, 3, personsEach: 1, n => n switch
        {
            0 => SimulatedTestMethods.InsufficientFunds,
            1 => SimulatedTestMethods.StolenCard,
            _ => SimulatedTestMethods.Visa,
        });
        var batch = Batch(Grains, org, "retry");
        var first = await Completion(await Started(batch, Request(DirectoryTab.Accounts)));

        await batch.RetryFailed();
        var second = await Completion(batch);

        Assert.Equal((1, 2), (first.Counts.Charged, first.Counts.Declined));
        Assert.Equal((1, 2, MassChargeStatus.Completed), (second.Counts.Charged, second.Counts.Declined, second.Status));
        var declined = (await AllResults(batch, ChargeTargetOutcome.Declined)).ToDictionary(r => r.AccountId);
        Assert.Equal((2, "insufficient_funds"), (declined[families[0].AccountId].Attempt, declined[families[0].AccountId].Code));
        Assert.Equal((1, "stolen_card"), (declined[families[1].AccountId].Attempt, declined[families[1].AccountId].Code));
        var keys = fixture.Processor.Charges.Keys.Where(k => k.StartsWith($"mc:{org}/", StringComparison.Ordinal)).ToList();
        Assert.Contains(MassCharging.ProcessorKey(org, first.BatchId, new DirectoryKey(families[0].AccountId), 2), keys);
        Assert.DoesNotContain(MassCharging.ProcessorKey(org, first.BatchId, new DirectoryKey(families[1].AccountId), 2), keys);
        // One item per declined target, its attempts counted on it.
        var page = await Grains.GetGrain<IActionCenterGrain>(org).Page(new ActionCenterQuery(ActionItemKind.MassChargeDeclined));
        Assert.Equal([2, 1], page.Items.OrderByDescending(i => i.Attempts).Select(i => i.Attempts));
    }

    [Fact]
    public async Task An_echeck_target_is_recorded_processing_and_handed_to_a_payment_that_follows_it() // R13
    {
        var org = await fixture.NewOrganization();
        var families = await Families(Grains, org, 2, personsEach: 1, _ => SimulatedTestMethods.UsBankAccount);
        var batch = Batch(Grains, org, "echeck");

        var done = await Completion(await Started(batch, Request(DirectoryTab.Accounts) with { MethodPreference = MethodPreference.BankAccount }));

        Assert.Equal((2, 0, 2), (done.Counts.Targets, done.Counts.Charged, done.Counts.Processing));
        var result = (await AllResults(batch)).First(r => r.AccountId == families[0].AccountId);
        var payment = await Grains.GetGrain<IPaymentGrain>(OrgScopedKey.For(org, result.PaymentId!)).Find();
        Assert.Equal((PaymentStatus.Processing, PaymentMethodKind.BankAccount, true), (payment!.Status, payment.MethodKind, payment.LeaveUnreconciled));
        var ledger = await Grains.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(org, families[0].AccountId)).Get();
        // Known to the account, but no receipt until the e-check settles.
        Assert.Equal([result.PaymentId!], ledger.PaymentIds);
        Assert.Empty(ledger.Receipts);
    }

    [Fact]
    public async Task Through_bursts_of_429s_timeouts_and_5xx_every_target_is_charged_once_within_the_rate() // decision 4
    {
        var org = await fixture.NewOrganization();
        await Families(Grains, org, 150, personsEach: 4);
        var batch = Batch(Grains, org, "chaos");
        var since = fixture.Processor.Now;
        var limitedBefore = fixture.Processor.RateLimitedAnswers;
        fixture.Processor.Chaos = (RateLimited: 0.05, ServerError: 0.05, LostAnswer: 0.05);
        fixture.Processor.Bursts = true;
        fixture.Processor.Latency = TimeSpan.FromMilliseconds(2);
        MassChargeProgress done;
        try
        {
            done = await Completion(await Started(batch, Request(DirectoryTab.Persons)));
        }
        finally
        {
            fixture.Processor.Calm();
        }

        var charged = ChargedKeys(fixture.Processor, org, done.BatchId);
        Assert.Equal((600, 600, 0, 0), (done.Counts.Targets, done.Counts.Charged, done.Counts.Declined, done.Counts.Unknown));
        Assert.Equal(600, charged.Select(c => TargetOf(c.Key)).Distinct().Count());
        Assert.Equal(600, charged.Count);
        Assert.True(fixture.Processor.RateLimitedAnswers - limitedBefore > 0, "the processor never answered 429");
        var most = fixture.Processor.MostRequestsWithin(TimeSpan.FromSeconds(1), since);
        Assert.True(most <= MassChargeClusterFixture.RequestsPerSecond, $"{most} requests reached the processor within one second");
    }

    [Fact]
    public async Task A_chunk_that_cannot_store_its_outcomes_stops_charging_at_its_bound_and_charges_each_target_once_when_storage_is_back()
    {
        var org = await fixture.NewOrganization();
        // One holder's accounts all fall to one chunk: many more of them than the fixture's bound on unstored outcomes.
        const int accounts = 150;
        var data = new DirectoryTestData(Grains);
        var holder = ClusterFixture.NewUserId();
        var ids = new List<string>();
        for (var n = 0; n < accounts; n++)
        {
            ids.Add(await data.Open(org, $"acc-{n:000}", holder));
        }

        await data.SaveMethod(holder, SimulatedTestMethods.Visa, org);
        var batch = Batch(Grains, org, "storage-away");
        fixture.Processor.Latency = TimeSpan.FromMilliseconds(10);
        try
        {
            var started = await batch.Start(Request(DirectoryTab.Accounts));
            while (ChargedKeys(fixture.Processor, org, started.BatchId).Count == 0)
            {
                await Task.Delay(5);
            }

            // Storage refuses every chunk write from now on: the outcomes of the charges made meanwhile cannot be stored.
            fixture.Faults.FailNextWrites("chargechunk", int.MaxValue);
            var chargedWhenStorageWentAway = ChargedKeys(fixture.Processor, org, started.BatchId).Count;
            var chargedWithoutStorage = await ChargesOnceTheyStop(org, started.BatchId);

            Assert.True(chargedWithoutStorage <= chargedWhenStorageWentAway + MassChargeClusterFixture.MaxUnstoredOutcomes,
                $"{chargedWithoutStorage} targets charged while no outcome could be stored ({chargedWhenStorageWentAway} when storage went away)");

            fixture.Faults.FailNextWrites("chargechunk", 0);
            var done = await Completion(batch);

            var charged = ChargedKeys(fixture.Processor, org, started.BatchId);
            Assert.Equal((accounts, accounts, 0), (done.Counts.Targets, done.Counts.Charged, done.Counts.Unknown));
            Assert.Equal(accounts, charged.Count);
            Assert.Equal(accounts, charged.Select(c => TargetOf(c.Key)).Distinct().Count());
            Assert.Equal((accounts * 2_500L, accounts), await Receipts(Grains, org, ids));
        }
        finally
        {
            fixture.Faults.FailNextWrites("chargechunk", 0);
            fixture.Processor.Calm();
        }
    }

    /// <summary>How many of the batch's targets the processor has charged once a whole second went by without a new one.</summary>
    private async Task<int> ChargesOnceTheyStop(string org, string batchId)
    {
        var (last, unchangedFor) = (-1, 0);
        for (var polls = 0; polls < 300 && unchangedFor < 10; polls++)
        {
            await Task.Delay(100);
            var now = ChargedKeys(fixture.Processor, org, batchId).Count;
            (last, unchangedFor) = (now, now == last ? unchangedFor + 1 : 0);
        }

        return last;
    }

    private Task<InvoiceView> Invoice(string org, string invoiceId, string accountId, long amount, DateOnly due) =>
        Grains.GetGrain<IInvoiceGrain>(OrgScopedKey.For(org, invoiceId)).Create(new NewInvoice(accountId, [new NewInvoiceLine("Session", new Money(amount, "USD"))], due));

    private static async Task<IMassChargeGrain> Started(IMassChargeGrain batch, MassChargeRequest request)
    {
        await batch.Start(request);
        return batch;
    }
}
