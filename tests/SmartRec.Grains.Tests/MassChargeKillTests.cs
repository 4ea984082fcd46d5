using System.Diagnostics;
using SmartRec.Contracts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.MassCharges;
using Xunit.Abstractions;
using static SmartRec.Grains.Tests.MassChargeTestSupport;

namespace SmartRec.Grains.Tests;

/// <summary>
/// Issue 10, item 6: a mass charge outlasts a silo's death (kill, not a graceful stop). The launch and every progress
/// read answer while the silo is dead, each target is charged once, and no charge is left without its receipt,
/// whatever step the silo died between.
/// </summary>
[Collection(MassChargeFailoverCollection.Name)]
public sealed class MassChargeKillTests(MassChargeClusterFixture fixture, ITestOutputHelper output)
{
    /// <summary>How long chunks stay unreachable after a kill, as in a cluster that has not declared the silo dead yet.</summary>
    private static readonly TimeSpan UndeclaredDeath = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task With_a_silo_killed_mid_batch_the_launch_and_every_progress_read_answer_and_each_target_is_charged_once() // R12, decision 3
    {
        await KeepThreeSilos();
        var org = await fixture.NewOrganization();
        var families = await Families(fixture.Grains, org, 150, personsEach: 4);
        var batch = Batch(fixture.Grains, org, "kill-reads");
        var request = Request(DirectoryTab.Persons, 1_500);
        var launched = await batch.Start(request);
        var batchSilo = await fixture.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(batch);
        MassChargeProgress beforeKill;
        while ((beforeKill = (await batch.GetProgress())!).Counts.Charged < 100)
        {
            await Task.Delay(20);
        }

        try
        {
            await fixture.Cluster.KillSiloAsync(fixture.Cluster.Silos.First(s => !s.SiloAddress.Equals(batchSilo)));
            ChunkProgressFaults.UnreachableUntil = DateTime.UtcNow + UndeclaredDeath;
            var replay = await batch.Start(request);
            var clock = Stopwatch.StartNew();
            MassChargeProgress done;
            var reads = 0;
            while ((done = (await batch.GetProgress())!).Status != MassChargeStatus.Completed)
            {
                reads++;
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"Batch not over after 90 s: {done}");
                Assert.True(done.Counts.Charged >= beforeKill.Counts.Charged, $"Progress went back: {beforeKill} then {done}");
                await Task.Delay(100);
            }

            var charged = ChargedKeys(fixture.Processor, org, launched.BatchId);
            var (received, receipts) = await Receipts(fixture.Grains, org, families.Select(f => f.AccountId));
            output.WriteLine($"charged before the kill: {beforeKill.Counts.Charged}; progress reads after it: {reads}; finished: {done}");
            Assert.True(beforeKill.Counts.Charged < 600, "the batch finished before the kill");
            Assert.Equal((launched.BatchId, launched.AcceptedAt), (replay.BatchId, replay.AcceptedAt));
            Assert.Equal((600, 600), (done.Counts.Targets, done.Counts.Charged));
            Assert.Equal(600, charged.Select(c => TargetOf(c.Key)).Distinct().Count());
            Assert.Equal(600, charged.Count);
            Assert.Equal((600, 600 * 1_500L), (receipts, received));
        }
        finally
        {
            ChunkProgressFaults.UnreachableUntil = DateTime.MinValue;
        }
    }

    [Fact]
    public async Task A_silo_killed_right_after_a_receipt_is_stored_leaves_one_receipt_per_charge() // R12, decision 3
    {
        await KeepThreeSilos();
        var org = await fixture.NewOrganization();
        var families = await Families(fixture.Grains, org, 12, personsEach: 2);
        var batch = Batch(fixture.Grains, org, "kill-receipt");
        var halt = new TaskCompletionSource<SiloAddress>(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.Faults.Halt = halt;
        // The first write of one family's grains during the batch is its first receipt: it lands, then the silo stops.
        fixture.Faults.Watch(failAt: 0, afterLanding: true, OrgScopedKey.For(org, families[5].AccountId));
        try
        {
            var launched = await batch.Start(Request(DirectoryTab.Persons, 2_000));
            var halted = await halt.Task.WaitAsync(TimeSpan.FromSeconds(30));
            fixture.Faults.StopWatching();
            await fixture.Cluster.KillSiloAsync(fixture.Cluster.Silos.First(s => s.SiloAddress.Equals(halted)));
            var done = await Completion(batch, timeoutSeconds: 90);

            var charged = ChargedKeys(fixture.Processor, org, launched.BatchId);
            var (received, receipts) = await Receipts(fixture.Grains, org, families.Select(f => f.AccountId));
            var ledger = await fixture.Grains.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(org, families[5].AccountId)).Get();
            Assert.Equal((24, 24), (done.Counts.Targets, done.Counts.Charged));
            Assert.Equal(24, charged.Count);
            Assert.Equal((24, 24 * 2_000L), (receipts, received));
            Assert.Equal(2, ledger.Receipts.Count);
        }
        finally
        {
            fixture.Faults.StopWatching();
            fixture.Faults.Halt = null;
        }
    }

    private async Task KeepThreeSilos()
    {
        while (fixture.Cluster.Silos.Count < 3)
        {
            await fixture.Cluster.StartAdditionalSiloAsync();
        }
    }
}
