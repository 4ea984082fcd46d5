using System.Diagnostics;
using SmartRec.Contracts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.MassCharges;
using SmartRec.Domain.MassCharges;
using SmartRec.Payments;
using SmartRec.Payments.Simulated;

namespace SmartRec.Grains.Tests;

public static class MassChargeTestSupport
{
    public static MassChargeRequest Request(DirectoryTab tab, long amount = 2_500, string? notes = "Summer camp") =>
        new(new DirectorySelection(tab, DirectoryFilter.All), new Money(amount, "USD"), Notes: notes);

    public static IMassChargeGrain Batch(IGrainFactory grains, string organizationId, string idempotencyKey) =>
        grains.GetGrain<IMassChargeGrain>(OrgScopedKey.For(organizationId, MassCharging.BatchIdFor(idempotencyKey)));

    /// <summary>Families with a holder each (card saved and authorized unless told otherwise) and their persons.</summary>
    public static async Task<List<(string AccountId, string HolderUserId)>> Families(
        IGrainFactory grains, string organizationId, int families, int personsEach, Func<int, string?>? token = null)
    {
        var data = new DirectoryTestData(grains);
        var made = new (string, string)[families];
        await Parallel.ForEachAsync(Enumerable.Range(0, families), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, _) =>
        {
            var holder = ClusterFixture.NewUserId();
            var accountId = await data.Open(organizationId, $"acc-{n:0000}", holder);
            if ((token is null ? SimulatedTestMethods.Visa : token(n)) is { } chosen)
            {
                await data.SaveMethod(holder, chosen, organizationId);
            }

            for (var p = 0; p < personsEach; p++)
            {
                await data.AddPerson(organizationId, accountId, []);
            }

            made[n] = (accountId, holder);
        });
        return [.. made];
    }

    /// <summary>Reads progress until the batch is over; reading is also what resumes interrupted chunks. Errors while a silo dies are retried.</summary>
    public static async Task<MassChargeProgress> Completion(IMassChargeGrain batch, int timeoutSeconds = 60)
    {
        var clock = Stopwatch.StartNew();
        MassChargeProgress? last = null;
        while (true)
        {
            try
            {
                last = await batch.GetProgress() ?? throw new InvalidOperationException("The batch was never started.");
                if (last.Status is MassChargeStatus.Completed or MassChargeStatus.Cancelled)
                {
                    return last;
                }
            }
            catch (Exception e) when (e is not InvalidOperationException && clock.Elapsed < TimeSpan.FromSeconds(timeoutSeconds))
            {
                // A silo is going away under the batch or one of its chunks; the next read lands on a live one.
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(timeoutSeconds), $"Batch not over after {timeoutSeconds}s: {last}");
            await Task.Delay(100);
        }
    }

    public static async Task<List<MassChargeResult>> AllResults(IMassChargeGrain batch, ChargeTargetOutcome? outcome = null, int pageSize = 500)
    {
        var results = new List<MassChargeResult>();
        string? cursor = null;
        do
        {
            var page = await batch.GetResults(outcome, cursor, pageSize);
            results.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return results;
    }

    /// <summary>Σ of the receipts on these accounts' ledgers, and how many there are.</summary>
    public static async Task<(long Received, int Receipts)> Receipts(IGrainFactory grains, string organizationId, IEnumerable<string> accountIds)
    {
        var ledgers = await Task.WhenAll(accountIds.Select(a => grains.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(organizationId, a)).Get()));
        return (ledgers.Sum(l => l.Received.Minor), ledgers.Sum(l => l.Receipts.Count));
    }

    /// <summary>The keys the processor charged for this batch, succeeded ones only.</summary>
    public static List<KeyValuePair<string, ChargeOutcome>> ChargedKeys(ChaosProcessor processor, string organizationId, string batchId) =>
        [.. processor.Charges.Where(c => c.Key.StartsWith($"mc:{organizationId}/{batchId}:", StringComparison.Ordinal) && c.Value.Status == ChargeStatus.Succeeded)];

    /// <summary>The target part of a key: everything between the batch and the attempt.</summary>
    public static string TargetOf(string key) => key[(key.IndexOf(':', 3) + 1)..key.LastIndexOf(':')];
}
