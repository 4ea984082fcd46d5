using SmartRec.Contracts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.MassInvoices;
using SmartRec.Domain.MassInvoices;
using Xunit.Abstractions;
using static SmartRec.Grains.Tests.MassInvoiceTestSupport;

namespace SmartRec.Grains.Tests;

[Collection(FailoverCollection.Name)]
public sealed class MassInvoiceFailoverTests(FailoverClusterFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task A_batch_interrupted_by_a_silo_stop_resumes_and_invoices_each_target_exactly_once() // R11
    {
        var org = await fixture.NewOrganization();
        var data = new DirectoryTestData(fixture.Grains);
        var (swim, _) = await data.Catalog(org);
        for (var n = 0; n < 100; n++)
        {
            var accountId = await data.Open(org, $"acc-{n:000}", ClusterFixture.NewUserId());
            for (var p = 0; p < 3; p++)
            {
                await data.AddPerson(org, accountId, [swim.Id]);
            }
        }

        var batch = fixture.Grains.GetGrain<IMassInvoiceGrain>(OrgScopedKey.For(org, MassInvoicing.BatchIdFor("failover-" + org)));
        var request = Request(new DirectorySelection(DirectoryTab.Persons, new DirectoryFilter(ActivityId: swim.Id)));
        var callsBefore = FailoverClusterFixture.SlowInvoices.Calls;
        await batch.Start(request);
        var beforeStop = (await batch.GetProgress())!;

        // Graceful stop: the chunks on that silo stop between two invoices and resume on the others when next read.
        await fixture.Cluster.StopSiloAsync(fixture.Cluster.Silos[1]);
        await batch.Start(request);
        var done = await Completion(batch);

        Assert.True(beforeStop.Created < 300, $"the silo stopped after the batch finished: {beforeStop}");
        Assert.Equal((300, 300, 0), (done.Targets, done.Created, done.Failed));
        for (var n = 0; n < 100; n++)
        {
            var ledger = await fixture.Grains.GetGrain<IAccountLedgerGrain>(Contracts.OrgScopedKey.For(org, $"acc-{n:000}")).Get();
            Assert.Equal(3, ledger.Invoices.Count);
        }

        output.WriteLine($"Invoice creations requested: {FailoverClusterFixture.SlowInvoices.Calls - callsBefore} for 300 targets; created before the stop: {beforeStop.Created}");
    }

    [Fact]
    public async Task A_chunk_whose_progress_write_fails_resumes_and_finishes_the_batch() // R11
    {
        // Six persons per account put six targets in one chunk: it stores its progress after four, mid-way.
        var org = await fixture.NewOrganization();
        var data = new DirectoryTestData(fixture.Grains);
        var (swim, _) = await data.Catalog(org);
        for (var n = 0; n < 2; n++)
        {
            var accountId = await data.Open(org, $"acc-{n:000}", ClusterFixture.NewUserId());
            for (var p = 0; p < 6; p++)
            {
                await data.AddPerson(org, accountId, [swim.Id]);
            }
        }

        var batch = fixture.Grains.GetGrain<IMassInvoiceGrain>(OrgScopedKey.For(org, MassInvoicing.BatchIdFor("faults-" + org)));
        var request = Request(new DirectorySelection(DirectoryTab.Persons, new DirectoryFilter(ActivityId: swim.Id)));
        await batch.Start(request);
        // The chunks' next progress writes fail, as in a storage outage, after they have started.
        fixture.Faults.FailNextWrites("chunk", 2);

        var done = await Completion(batch, timeoutSeconds: 60);

        Assert.Equal((12, 12, 0), (done.Targets, done.Created, done.Failed));
        for (var n = 0; n < 2; n++)
        {
            var ledger = await fixture.Grains.GetGrain<IAccountLedgerGrain>(Contracts.OrgScopedKey.For(org, $"acc-{n:000}")).Get();
            Assert.Equal(6, ledger.Invoices.Count);
        }
    }

    [Fact]
    public async Task A_batch_whose_own_counts_and_completion_writes_fail_retries_them_and_stores_its_completion() // R11
    {
        var org = await fixture.NewOrganization();
        var data = new DirectoryTestData(fixture.Grains);
        var (swim, _) = await data.Catalog(org);
        for (var n = 0; n < 2; n++)
        {
            var accountId = await data.Open(org, $"acc-{n:000}", ClusterFixture.NewUserId());
            for (var p = 0; p < 3; p++)
            {
                await data.AddPerson(org, accountId, [swim.Id]);
            }
        }

        var batch = fixture.Grains.GetGrain<IMassInvoiceGrain>(OrgScopedKey.For(org, MassInvoicing.BatchIdFor("batch-faults-" + org)));
        await batch.Start(new MassInvoiceRequest(new DirectorySelection(DirectoryTab.Persons, new DirectoryFilter(ActivityId: swim.Id)),
            "Swim", new Money(2_000, "USD"), new DateOnly(2027, 1, 15)));
        // The batch's next writes (its chunks' counts, its completion) fail: it keeps what it heard, unstored, and tries again.
        fixture.Faults.FailNextWrites("batch", 3);

        var done = await Completion(batch, timeoutSeconds: 60);
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var reloaded = (await batch.GetProgress())!;

        Assert.Equal(0, fixture.Faults.FailuresLeft("batch")); // every injected failure met one of the batch's writes
        Assert.Equal((MassInvoiceStatus.Completed, 6, 6), (done.Status, done.Targets, done.Created));
        Assert.Equal((MassInvoiceStatus.Completed, 6, 6, 0), (reloaded.Status, reloaded.Targets, reloaded.Created, reloaded.Failed));
    }
}
