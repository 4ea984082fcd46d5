using SmartRec.Contracts.Directory;
using SmartRec.Contracts.MassCharges;
using Xunit.Abstractions;
using static SmartRec.Grains.Tests.MassChargeTestSupport;

namespace SmartRec.Grains.Tests;

[Collection(MassChargeFailoverCollection.Name)]
public sealed class MassChargeFailoverTests(MassChargeClusterFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task A_silo_killed_mid_batch_leaves_every_target_charged_exactly_once() // R12, decisions 3, 12
    {
        var org = await fixture.NewOrganization();
        var families = await Families(fixture.Grains, org, 500, personsEach: 4);
        var batch = Batch(fixture.Grains, org, "kill");
        var started = await batch.Start(Request(DirectoryTab.Persons, 1_500));
        MassChargeProgress beforeKill;
        while ((beforeKill = (await batch.GetProgress())!).Counts.Charged < 400)
        {
            await Task.Delay(20);
        }

        // No graceful stop: outcomes not stored yet are lost with the silo, and its charges may be in flight.
        await fixture.Cluster.KillSiloAsync(fixture.Cluster.Silos[1]);
        var done = await Completion(batch, timeoutSeconds: 90);

        var charged = ChargedKeys(fixture.Processor, org, started.BatchId);
        var (received, receipts) = await Receipts(fixture.Grains, org, families.Select(f => f.AccountId));
        output.WriteLine($"charged before the kill: {beforeKill.Counts.Charged}; charge requests: {fixture.Processor.ChargeCalls}; finished: {done}");
        Assert.True(beforeKill.Counts.Charged < 2_000, "the batch finished before the kill");
        Assert.Equal((2_000, 2_000, MassChargeStatus.Completed), (done.Counts.Targets, done.Counts.Charged, done.Status));
        Assert.Equal(2_000, charged.Count);
        Assert.Equal(2_000, charged.Select(c => TargetOf(c.Key)).Distinct().Count());
        Assert.Equal((2_000, charged.Sum(c => c.Value.Amount.Minor)), (receipts, received));
        Assert.Equal(2_000 * 1_500L, done.AmountCharged.Minor);
    }
}
