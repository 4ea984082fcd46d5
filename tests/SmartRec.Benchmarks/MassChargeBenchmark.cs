using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SmartRec.Contracts;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.MassCharges;
using SmartRec.Domain.MassCharges;
using SmartRec.Tests.Shared;

namespace SmartRec.Benchmarks;

/// <summary>
/// Issue 10: one mass charge of 100,000 targets (25,000 families of 4, the Persons tab) on one silo with the instant
/// simulated processor, beside the no-op grain-call rate of the same run: charges per second, grain calls and storage
/// operations per charged target (counted, not estimated), peak memory after seeding and during the batch, and the
/// activations left resident. Optionally the same on Azurite.
/// </summary>
public static class MassChargeBenchmark
{
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
        await using var memory = new MemoryWatch();
        await using var host = await EngineHost.StartAsync(settings, services =>
        {
            storage.WrapAll(services);
            services.AddSingleton<IIncomingGrainCallFilter>(calls);
        });
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var setting = new BulkSetting(label, grains, memory);
        await setting.Baseline();
        await setting.Seed(targets / Families.PersonsPerFamily, withCards: true);

        calls.Reset();
        var (readsBefore, writesBefore) = (storage.Reads, storage.Writes);
        var batch = grains.GetGrain<IMassChargeGrain>(OrgScopedKey.For(Families.Organization, MassCharging.BatchIdFor("benchmark " + label)));
        var clock = Stopwatch.StartNew();
        setting.StartBatch();
        await batch.Start(new MassChargeRequest(new DirectorySelection(DirectoryTab.Persons, DirectoryFilter.All), new Money(2_500, "USD"), Notes: "Season fee"));
        MassChargeProgress progress = null!;
        var peakActivations = await setting.PeakActivationsWhile(async () =>
        {
            progress = (await batch.GetProgress())!;
            return progress.Status != MassChargeStatus.Completed;
        });

        var seconds = clock.Elapsed.TotalSeconds;
        var charged = progress.Counts.Charged;
        var perSecond = charged / seconds;
        var (reads, writes) = (storage.Reads - readsBefore, storage.Writes - writesBefore);
        setting.Print($"{charged:N0} charged, {progress.Counts.Skipped} skipped, {progress.Counts.Declined} declined in {seconds:N2} s = {perSecond:N0} charges/s " +
            $"= 1/{setting.NoopPerSecond / perSecond:N0} of the no-op rate (target ≥ 1/40)");
        setting.Print(setting.CpuPerItem(charged, "charge", " (the rate's ratio without the machine's other load; target ≤ 40)"));
        setting.Print($"grain calls per charge {calls.Total / (double)charged:N2} ({string.Join(", ", calls.ByGrain.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value / (double)charged:N2}"))})");
        setting.Print($"storage operations per charged target {(reads + writes) / (double)charged:N2} (writes {writes / (double)charged:N2}, reads {reads / (double)charged:N2}; target ≤ 2)");
        await setting.ReportMemory(peakActivations);
        return perSecond;
    }
}
