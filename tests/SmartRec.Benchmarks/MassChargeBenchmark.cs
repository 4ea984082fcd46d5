using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.MassCharges;
using SmartRec.Contracts.Organizations;
using SmartRec.Contracts.Wallets;
using SmartRec.Domain.MassCharges;
using SmartRec.Payments.Simulated;
using SmartRec.Tests.Shared;

namespace SmartRec.Benchmarks;

/// <summary>
/// Issue 10: one mass charge of 100,000 targets (25,000 families of 4, the Persons tab) on one silo with the instant
/// simulated processor, beside the no-op grain-call rate of the same run: charges per second, grain calls and storage
/// operations per charged target (counted, not estimated), peak memory. Optionally the same on Azurite.
/// </summary>
public static class MassChargeBenchmark
{
    private const string Organization = "bench";
    private const int PersonsPerFamily = 4;
    private const int SeedParallelism = 64;
    private static readonly BillingAddress Address = new("1 Main Street", "Burlington", "05401", "US", Region: "VT");

    public static async Task RunAsync(string[] args)
    {
        var targets = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var withAzurite = args.Contains("azurite");
        Console.WriteLine($"SmartRec mass-charge benchmark · {targets:N0} targets · {Environment.ProcessorCount} cores · .NET {Environment.Version}");

        var memory = await Run("in memory", targets, []);
        if (withAzurite)
        {
            await using var azurite = await Azurite.StartAsync();
            var azure = await Run("Azure Table/Blob on Azurite", targets, new() { ["SmartRec:Storage:ConnectionString"] = azurite.ConnectionString });
            Console.WriteLine($"Azurite runs at {azure / memory:P0} of the in-memory rate (target ≥ 33%)");
        }
    }

    /// <returns>Charges per second.</returns>
    private static async Task<double> Run(string label, int targets, Dictionary<string, string?> settings)
    {
        settings["Logging:LogLevel:Default"] = "Error";
        // The processor is instant and the budget wide open: what is measured is the engine's own cost per charge.
        settings["SmartRec:MassCharge:RequestsPerSecond"] = "1000000";
        settings["SmartRec:MassCharge:MaxInFlight"] = "4096";
        var storage = new StorageCounter();
        var calls = new CountingCalls();
        await using var host = await EngineHost.StartAsync(settings, services =>
        {
            storage.WrapAll(services);
            services.AddSingleton<IIncomingGrainCallFilter>(calls);
        });
        var grains = host.Services.GetRequiredService<IGrainFactory>();

        var noopPerSecond = await Measure.NoopCallsPerSecond(grains);
        Console.WriteLine($"[{label}] baseline no-op grain calls: {noopPerSecond:N0}/s (64 callers)");

        var clock = Stopwatch.StartNew();
        await Seed(grains, targets / PersonsPerFamily);
        Console.WriteLine($"[{label}] seeded {targets / PersonsPerFamily:N0} families of {PersonsPerFamily} with an authorized card in {clock.Elapsed.TotalSeconds:N1} s");

        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var rssBefore = process.WorkingSet64;
        var peakRss = rssBefore;
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var peakHeap = heapBefore;
        calls.Reset();
        var (readsBefore, writesBefore) = (storage.Reads, storage.Writes);
        var batch = grains.GetGrain<IMassChargeGrain>(OrgScopedKey.For(Organization, MassCharging.BatchIdFor("benchmark " + label)));
        clock.Restart();
        await batch.Start(new MassChargeRequest(new DirectorySelection(DirectoryTab.Persons, DirectoryFilter.All), new Money(2_500, "USD"), Notes: "Season fee"));
        MassChargeProgress progress;
        do
        {
            await Task.Delay(100);
            process.Refresh();
            peakRss = Math.Max(peakRss, process.WorkingSet64);
            peakHeap = Math.Max(peakHeap, GC.GetGCMemoryInfo().HeapSizeBytes);
            progress = (await batch.GetProgress())!;
        }
        while (progress.Status != MassChargeStatus.Completed);

        var seconds = clock.Elapsed.TotalSeconds;
        var charged = progress.Counts.Charged;
        var perSecond = charged / seconds;
        var (reads, writes) = (storage.Reads - readsBefore, storage.Writes - writesBefore);
        Console.WriteLine($"[{label}] {charged:N0} charged, {progress.Counts.Skipped} skipped, {progress.Counts.Declined} declined in {seconds:N2} s = {perSecond:N0} charges/s " +
            $"= 1/{noopPerSecond / perSecond:N0} of the no-op rate (target ≥ 1/40)");
        Console.WriteLine($"[{label}] grain calls per charge {calls.Total / (double)charged:N2} ({string.Join(", ", calls.ByGrain.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value / (double)charged:N2}"))})");
        Console.WriteLine($"[{label}] storage operations per charged target {(reads + writes) / (double)charged:N2} (writes {writes / (double)charged:N2}, reads {reads / (double)charged:N2}; target ≤ 2)");
        Console.WriteLine($"[{label}] RSS {Measure.Mb(rssBefore)} before the batch, peak {Measure.Mb(peakRss)} during it; process peak {Measure.Mb(process.PeakWorkingSet64)} (target < 1 GB)");
        Console.WriteLine($"[{label}] managed heap {Measure.Mb(heapBefore)} before, peak {Measure.Mb(peakHeap)} during, {Measure.Mb(GC.GetTotalMemory(forceFullCollection: true))} live after");
        return perSecond;
    }

    private static async Task Seed(IGrainFactory grains, int families)
    {
        await grains.GetGrain<IOrganizationGrain>(Organization).Provision("Benchmark Parks", "USD");
        await Parallel.ForEachAsync(Enumerable.Range(0, families), new ParallelOptions { MaxDegreeOfParallelism = SeedParallelism }, async (n, _) =>
        {
            var holder = $"user-{n:000000}";
            var account = grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(Organization, $"acc-{n:000000}"));
            await account.Open(new OpenAccount(holder, $"Family {n}"));
            for (var p = 0; p < PersonsPerFamily; p++)
            {
                await account.AddPerson(new NewPerson("Ava", $"Family {n}"));
            }

            var wallet = grains.GetGrain<IWalletGrain>(holder);
            var card = await wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.Visa, Address));
            await wallet.Authorize(card.Id, Organization);
        });
    }
}
