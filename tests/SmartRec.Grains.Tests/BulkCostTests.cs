using SmartRec.Contracts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.MassCharges;
using SmartRec.Contracts.MassInvoices;
using SmartRec.Domain.MassInvoices;

namespace SmartRec.Grains.Tests;

/// <summary>What a bulk operation's target resident in memory once the batch is done: nothing of it (issue 10, "cheap per target").</summary>
internal static class ResidentGrains
{
    /// <summary>
    /// The activations of <paramref name="grainTypes"/> whose id holds one of <paramref name="markers"/>, read until none
    /// is left or the reads run out: a released grain deactivates just after the call that released it returned.
    /// </summary>
    public static async Task<List<string>> AfterRelease(IGrainFactory grains, string[] grainTypes, string[] markers)
    {
        List<string> resident = [];
        for (var read = 0; read < 50; read++)
        {
            var statistics = await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
            resident = [.. statistics.Select(s => s.GrainId)
                .Where(id => grainTypes.Contains(id.Type.ToString()) && markers.Any(m => id.ToString().Contains(m, StringComparison.Ordinal)))
                .Select(id => id.ToString())];
            if (resident.Count == 0)
            {
                break;
            }

            await Task.Delay(100);
        }

        return resident;
    }
}

[Collection(MassChargeCollection.Name)]
public sealed class MassChargeCostTests(MassChargeClusterFixture fixture)
{
    private const int FamilyCount = 12;
    private const int PersonsEach = 3;

    /// <summary>
    /// Rows that are not a target's: the batch's own (its request, its chunks' targets and outcomes), its organization's
    /// list of batches, and the directory shards, which the accounts opened just before may still be updating.
    /// </summary>
    private static readonly string[] NotTargetStates = ["chargebatch", "chargechunk", "batchlist", "batchlistpage", "directory"];

    [Fact]
    public async Task A_charged_account_costs_one_wallet_call_one_ledger_call_and_one_write_whatever_its_persons_and_leaves_neither_resident() // R12, decision 12
    {
        var org = await fixture.NewOrganization();
        var families = await MassChargeTestSupport.Families(fixture.Grains, org, FamilyCount, PersonsEach);
        string[] markers = [org, .. families.Select(f => f.HolderUserId)];
        fixture.Calls.Watch(markers);
        var writes = fixture.Faults.Watch(failAt: -1, afterLanding: false, markers);
        MassChargeProgress done;
        int walletCalls, ledgerCalls, targetWrites;
        string calls;
        try
        {
            var batch = MassChargeTestSupport.Batch(fixture.Grains, org, "cost");
            await batch.Start(MassChargeTestSupport.Request(DirectoryTab.Persons));
            done = await MassChargeTestSupport.Completion(batch);
            (walletCalls, ledgerCalls, calls) = (fixture.Calls.To("wallet"), fixture.Calls.To("accountledger"), fixture.Calls.ToString());
            targetWrites = writes.Writes.Count(state => !NotTargetStates.Contains(state));
        }
        finally
        {
            fixture.Faults.StopWatching();
            fixture.Calls.Watch();
        }

        var charged = FamilyCount * PersonsEach;
        Assert.Equal((charged, charged), (done.Counts.Targets, done.Counts.Charged));
        // A family's persons are charged one after the other in its holder's turn: the wallet is asked once for them
        // (decision 2) and the ledger told of all of them in one call; nothing else of the target is called.
        Assert.True(walletCalls <= FamilyCount && ledgerCalls <= FamilyCount, $"for {FamilyCount} accounts of {PersonsEach} charges each: {calls}");
        Assert.Equal(0, fixture.Calls.To("payment") + fixture.Calls.To("customeraccount"));
        // Only the receipts are written, one ledger write per account: the chunk derives keys instead of writing before each charge.
        Assert.True(targetWrites <= FamilyCount, $"{targetWrites} writes outside the batch's rows for {FamilyCount} accounts: {string.Join(", ", writes.Writes.Distinct())}");
        var resident = await ResidentGrains.AfterRelease(fixture.Grains, ["wallet", "accountledger"], markers);
        Assert.True(resident.Count == 0, $"still resident after the batch: {string.Join(", ", resident)}");
        var (received, receipts) = await MassChargeTestSupport.Receipts(fixture.Grains, org, families.Select(f => f.AccountId));
        // Released ledgers read back what they stored: every receipt is there.
        Assert.Equal((charged * 2_500L, charged), (received, receipts));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_ledger_write_that_fails_after_the_charges_is_told_again_and_each_charge_is_received_once(bool afterLanding) // decision 11, 12
    {
        var org = await fixture.NewOrganization();
        var families = await MassChargeTestSupport.Families(fixture.Grains, org, 2, PersonsEach);
        var batch = MassChargeTestSupport.Batch(fixture.Grains, org, "ledger-fault");
        // The first receipts' write throws after their charges went through, before it lands or once it landed (the
        // ledger then reloads receipts it holds already): telling them again must leave each receipt once.
        var writes = fixture.Faults.Watch(failAt: 0, afterLanding, $"{org}/acc-");
        MassChargeProgress done;
        try
        {
            await batch.Start(MassChargeTestSupport.Request(DirectoryTab.Persons));
            done = await MassChargeTestSupport.Completion(batch);
        }
        finally
        {
            fixture.Faults.StopWatching();
        }

        Assert.Equal("ledger", writes.Writes[0]);
        Assert.Equal((2 * PersonsEach, 2 * PersonsEach), (done.Counts.Targets, done.Counts.Charged));
        var batchId = (await batch.GetProgress())!.BatchId;
        Assert.Equal(2 * PersonsEach, MassChargeTestSupport.ChargedKeys(fixture.Processor, org, batchId).Count);
        var (received, receipts) = await MassChargeTestSupport.Receipts(fixture.Grains, org, families.Select(f => f.AccountId));
        Assert.Equal((2 * PersonsEach * 2_500L, 2 * PersonsEach), (received, receipts));
    }
}

[Collection(ClusterCollection.Name)]
public sealed class MassInvoiceCostTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_mass_invoice_leaves_no_invoice_ledger_or_account_of_its_targets_resident() // R11
    {
        var org = await fixture.NewOrganization();
        var data = new DirectoryTestData(fixture.Grains);
        var accounts = new List<string>();
        for (var n = 0; n < 10; n++)
        {
            var accountId = await data.Open(org, $"acc-{n:000}", ClusterFixture.NewUserId());
            await data.AddPerson(org, accountId, []);
            await data.AddPerson(org, accountId, []);
            accounts.Add(accountId);
        }

        var batch = fixture.Grains.GetGrain<IMassInvoiceGrain>(OrgScopedKey.For(org, MassInvoicing.BatchIdFor("cost-" + org)));
        await batch.Start(MassInvoiceTestSupport.Request(new DirectorySelection(DirectoryTab.Persons, DirectoryFilter.All)));
        var done = await MassInvoiceTestSupport.Completion(batch);

        Assert.Equal((20, 20), (done.Targets, done.Created));
        var resident = await ResidentGrains.AfterRelease(fixture.Grains, ["invoice", "accountledger", "customeraccount"], [org]);
        Assert.True(resident.Count == 0, $"still resident after the batch: {string.Join(", ", resident)}");
        foreach (var accountId in accounts)
        {
            // Released ledgers read back what they stored: both invoices of each account.
            var ledger = await fixture.Grains.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(org, accountId)).Get();
            Assert.Equal(2, ledger.Invoices.Count);
        }
    }
}
