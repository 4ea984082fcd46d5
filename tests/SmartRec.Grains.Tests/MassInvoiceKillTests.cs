using System.Diagnostics;
using SmartRec.Contracts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.Invoices;
using SmartRec.Contracts.MassInvoices;
using SmartRec.Domain.MassInvoices;
using Xunit.Abstractions;
using static SmartRec.Grains.Tests.MassInvoiceTestSupport;

namespace SmartRec.Grains.Tests;

/// <summary>
/// Issue 10, item 6: a mass invoice outlasts a silo's death (kill, not a graceful stop). The launch and every progress
/// read answer while the silo is dead; each target ends with one invoice that is on its account's list and balance,
/// whatever step the silo died between. After each kill invoice creations fail for <see cref="UndeclaredDeath"/>, as
/// they do in a production cluster until membership declares the silo dead (this one declares it within a second).
/// </summary>
[Collection(KillCollection.Name)]
public sealed class MassInvoiceKillTests(KillClusterFixture fixture, ITestOutputHelper output)
{
    private const long Amount = 4_500;

    /// <summary>Twice what five tries half a second apart used to last before a target was failed for good.</summary>
    private static readonly TimeSpan UndeclaredDeath = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_silo_killed_mid_batch_leaves_every_target_invoiced_once_and_on_its_account() // R11
    {
        var org = await fixture.NewOrganization();
        var accounts = await Families(org, families: 100, personsEach: 3);
        var request = Request(new DirectorySelection(DirectoryTab.Persons, DirectoryFilter.All), Amount);
        var batch = fixture.Grains.GetGrain<IMassInvoiceGrain>(OrgScopedKey.For(org, MassInvoicing.BatchIdFor("kill-" + org)));
        InvoiceCreateFaults.Delay = TimeSpan.FromMilliseconds(150);
        try
        {
            var launched = await batch.Start(request);
            var batchSilo = await fixture.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(batch);
            MassInvoiceProgress beforeKill;
            while ((beforeKill = (await batch.GetProgress())!).Created < 30)
            {
                await Task.Delay(20);
            }

            // Another silo than the batch's: the chunks and invoices on it die mid-call, and their grains stay
            // unreachable until membership declares the silo dead.
            var victim = fixture.Cluster.Silos.First(s => !s.SiloAddress.Equals(batchSilo));
            await fixture.Cluster.KillSiloAsync(victim);
            InvoiceCreateFaults.UnreachableUntil = DateTime.UtcNow + UndeclaredDeath;
            var replay = await batch.Start(request);
            var (done, reads) = await CompletionWithoutErrors(batch);
            await fixture.Cluster.StartAdditionalSiloAsync();

            output.WriteLine($"created before the kill: {beforeKill.Created}; progress reads after it: {reads}; finished: {done}");
            Assert.True(beforeKill.Created < 300, "the batch finished before the kill");
            Assert.Equal((launched.BatchId, launched.AcceptedAt), (replay.BatchId, replay.AcceptedAt));
            Assert.Equal((300, 300, 0, 0), (done.Targets, done.Created, done.Failed, done.Pending));
            await AssertEveryInvoiceOnItsAccount(org, batch, accounts, expected: 300);
        }
        finally
        {
            InvoiceCreateFaults.Reset();
        }
    }

    [Fact]
    public async Task A_silo_killed_right_after_an_invoice_is_stored_leaves_no_orphan_invoice() // R11
    {
        var org = await fixture.NewOrganization();
        var accounts = await Families(org, families: 8, personsEach: 2);
        var request = Request(new DirectorySelection(DirectoryTab.Persons, DirectoryFilter.All), Amount);
        var batchId = MassInvoicing.BatchIdFor("halt-" + org);
        var batch = fixture.Grains.GetGrain<IMassInvoiceGrain>(OrgScopedKey.For(org, batchId));
        var persons = await new DirectoryTestData(fixture.Grains).Account(org, accounts[3]).Find();
        var victimInvoice = MassInvoicing.InvoiceIdFor(batchId, new DirectoryKey(accounts[3], persons!.Persons[0].Id));
        var halt = new TaskCompletionSource<SiloAddress>(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.Faults.Halt = halt;
        // The invoice's first write (the invoice itself) lands, then its silo stops before the account hears of it.
        fixture.Faults.Watch(failAt: 0, afterLanding: true, victimInvoice);
        try
        {
            await batch.Start(request);
            var halted = await halt.Task.WaitAsync(TimeSpan.FromSeconds(30));
            fixture.Faults.StopWatching();
            await fixture.Cluster.KillSiloAsync(fixture.Cluster.Silos.First(s => s.SiloAddress.Equals(halted)));
            InvoiceCreateFaults.UnreachableUntil = DateTime.UtcNow + UndeclaredDeath;
            await fixture.Cluster.StartAdditionalSiloAsync();
            var done = await Eventually(() => batch.GetProgress(), p => p!.Status == MassInvoiceStatus.Completed, "the batch did not complete");

            Assert.Equal((16, 16, 0), (done!.Targets, done.Created, done.Failed));
            await AssertEveryInvoiceOnItsAccount(org, batch, accounts, expected: 16);
        }
        finally
        {
            fixture.Faults.StopWatching();
            fixture.Faults.Halt = null;
            InvoiceCreateFaults.Reset();
        }
    }

    private async Task<List<string>> Families(string org, int families, int personsEach)
    {
        var data = new DirectoryTestData(fixture.Grains);
        var made = new string[families];
        await Parallel.ForEachAsync(Enumerable.Range(0, families), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, _) =>
        {
            made[n] = await data.Open(org, $"acc-{n:000}", ClusterFixture.NewUserId());
            for (var p = 0; p < personsEach; p++)
            {
                await data.AddPerson(org, made[n], []);
            }
        });
        return [.. made];
    }

    /// <summary>Every target has one invoice, that invoice is on its account's list, and Σ balances = Σ invoices.</summary>
    private async Task AssertEveryInvoiceOnItsAccount(string org, IMassInvoiceGrain batch, IReadOnlyList<string> accounts, int expected)
    {
        var results = await AllResults(batch, pageSize: 100);
        Assert.Equal(expected, results.Select(r => r.InvoiceId).Distinct().Count());
        Assert.All(results, r => Assert.Equal(TargetOutcome.Created, r.Outcome));
        var ledgers = await Task.WhenAll(accounts.Select(a => fixture.Grains.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(org, a)).Get()));
        var listed = ledgers.SelectMany(l => l.Invoices.Select(i => i.InvoiceId)).ToHashSet();
        foreach (var result in results)
        {
            var invoice = await fixture.Grains.GetGrain<IInvoiceGrain>(OrgScopedKey.For(org, result.InvoiceId)).Find();
            Assert.NotNull(invoice);
            Assert.True(listed.Contains(result.InvoiceId), $"Invoice {result.InvoiceId} of {result.AccountId} is on no account's list: an orphan.");
        }

        Assert.Equal(expected, ledgers.Sum(l => l.Invoices.Count));
        Assert.Equal(expected * Amount, ledgers.Sum(l => l.Invoiced.Minor));
        Assert.Equal(expected * Amount, ledgers.Sum(l => l.BalanceOwing.Minor));
    }

    /// <summary>Reads progress until the batch completes; any read that fails fails the test.</summary>
    private static async Task<(MassInvoiceProgress Done, int Reads)> CompletionWithoutErrors(IMassInvoiceGrain batch)
    {
        var clock = Stopwatch.StartNew();
        for (var reads = 1; ; reads++)
        {
            var progress = (await batch.GetProgress())!;
            if (progress.Status == MassInvoiceStatus.Completed)
            {
                return (progress, reads);
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120), $"Batch still {progress.Status} after 120 s: {progress}");
            await Task.Delay(100);
        }
    }

    /// <summary>Calls until the answer passes; calls failing while a silo is dying are tried again.</summary>
    private static async Task<T> Eventually<T>(Func<Task<T>> call, Func<T, bool> done, string why)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var answer = await call();
                if (done(answer))
                {
                    return answer;
                }
            }
            catch (Exception) when (clock.Elapsed < TimeSpan.FromSeconds(120))
            {
                // The grain's silo was just killed; the next call lands on a live one.
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120), why);
            await Task.Delay(100);
        }
    }
}
