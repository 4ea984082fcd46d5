using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SmartRec.Contracts;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.MassInvoices;
using SmartRec.Domain.MassInvoices;
using SmartRec.Tests.Shared;

namespace SmartRec.Benchmarks;

/// <summary>
/// Issue 10: one mass invoice of 100,000 persons (25,000 families of 4, the Persons tab, R11) on one silo, beside
/// the no-op grain-call rate of the same run: invoices per second, grain calls and storage operations per invoice
/// (counted, not estimated), peak memory after seeding and during the batch, and the activations left resident.
/// Optionally the same on Azurite.
/// </summary>
public static class MassInvoiceBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var persons = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var withAzurite = args.Contains("azurite");
        Console.WriteLine($"SmartRec mass-invoice benchmark · {persons:N0} persons · {Environment.ProcessorCount} cores · .NET {Environment.Version}");

        var memory = await Run("in memory", persons, []);
        if (withAzurite)
        {
            await using var azurite = await Azurite.StartAsync();
            var azure = await Run("Azure Table/Blob on Azurite", persons, new() { ["SmartRec:Storage:ConnectionString"] = azurite.ConnectionString });
            Console.WriteLine($"Azurite runs at {azure / memory:P0} of the in-memory rate");
        }
    }

    /// <returns>Invoices per second.</returns>
    private static async Task<double> Run(string label, int persons, Dictionary<string, string?> settings)
    {
        settings["Logging:LogLevel:Default"] = "Error";
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
        await setting.Seed(persons / Families.PersonsPerFamily, withCards: false);

        calls.Reset();
        var (readsBefore, writesBefore) = (storage.Reads, storage.Writes);
        var batch = grains.GetGrain<IMassInvoiceGrain>(OrgScopedKey.For(Families.Organization, MassInvoicing.BatchIdFor("benchmark " + label)));
        var clock = Stopwatch.StartNew();
        setting.StartBatch();
        await batch.Start(new MassInvoiceRequest(new DirectorySelection(DirectoryTab.Persons, DirectoryFilter.All), "Season fee",
            new Money(2_500, "USD"), new DateOnly(2027, 1, 15)));
        MassInvoiceProgress progress = null!;
        var peakActivations = await setting.PeakActivationsWhile(async () =>
        {
            progress = (await batch.GetProgress())!;
            return progress.Status != MassInvoiceStatus.Completed;
        });

        var seconds = clock.Elapsed.TotalSeconds;
        var created = progress.Created;
        var perSecond = created / seconds;
        var (reads, writes) = (storage.Reads - readsBefore, storage.Writes - writesBefore);
        setting.Print($"{created:N0} invoices created, {progress.Failed} failed, {progress.Skipped} skipped in {seconds:N2} s = {perSecond:N0} invoices/s " +
            $"= 1/{setting.NoopPerSecond / perSecond:N0} of the no-op rate");
        setting.Print(setting.CpuPerItem(created, "invoice"));
        setting.Print($"grain calls per invoice {calls.Total / (double)created:N2} ({string.Join(", ", calls.ByGrain.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value / (double)created:N2}"))})");
        setting.Print($"storage operations per invoice {(reads + writes) / (double)created:N2} (writes {writes / (double)created:N2}, reads {reads / (double)created:N2})");
        await setting.ReportMemory(peakActivations);
        return perSecond;
    }
}
