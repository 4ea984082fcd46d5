using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.MassInvoices;
using SmartRec.Contracts.Organizations;
using SmartRec.Contracts.Wallets;
using SmartRec.Domain.MassInvoices;
using SmartRec.Grains;
using SmartRec.Payments;
using SmartRec.Payments.Simulated;
using SmartRec.Tests.Shared;

namespace SmartRec.Benchmarks;

/// <summary>
/// Issue 5: an organization of 100,000 persons in 40,000 accounts over 200 activities, seeded through the grains on one
/// in-process silo with in-memory storage; then directory latencies and mass-invoice time and memory.
/// </summary>
public static class DirectoryBenchmark
{
    private const int Activities = 200;
    private const int BigActivityPersons = 2_000;
    private const int SeedParallelism = 64;
    private const int QueryRepetitions = 200;

    public static async Task RunAsync(string[] args)
    {
        var accounts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 40_000;
        var org = "bench";

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSimulatedPaymentProcessor(new SimulatedProcessorOptions());
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(EngineHost.FreePort(), EngineHost.FreePort());
            foreach (var name in StorageNames.All)
            {
                silo.AddMemoryGrainStorage(name);
            }

            silo.UseInMemoryReminderService();
        });
        using var host = builder.Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();

        Console.WriteLine($"SmartRec directory and mass-invoice benchmark · {Environment.ProcessorCount} cores · .NET {Environment.Version}");

        // Baseline: raw grain calls on the same silo.
        var noop = grains.GetGrain<INoopGrain>(0);
        for (var i = 0; i < 20_000; i++)
        {
            await noop.Ping();
        }

        var baseline = await Measure.Latencies(10_000, () => noop.Ping());
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 64).Select(async w =>
        {
            var g = grains.GetGrain<INoopGrain>(w);
            for (var i = 0; i < 2_000; i++)
            {
                await g.Ping();
            }
        }));
        var noopPerSecond = 128_000 / clock.Elapsed.TotalSeconds;
        Console.WriteLine($"baseline no-op grain call      p50 {Measure.Ms(baseline.P50)}  p99 {Measure.Ms(baseline.P99)}  throughput {noopPerSecond:N0}/s (64 callers)");

        // Seed.
        clock.Restart();
        var organization = grains.GetGrain<IOrganizationGrain>(org);
        await organization.Provision("Benchmark Parks", "USD");
        var activityIds = new List<string>();
        for (var p = 0; p < 20; p++)
        {
            var program = await organization.AddProgram($"Program {p}");
            for (var a = 0; a < Activities / 20; a++)
            {
                activityIds.Add((await organization.AddActivity(program.Id, $"Activity {p}-{a}")).Id);
            }
        }

        var resident = await organization.AddAffiliation("Resident");
        var address = new BillingAddress("1 Main Street", "Burlington", "05401", "US", Region: "VT");
        var personsTotal = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, accounts), new ParallelOptions { MaxDegreeOfParallelism = SeedParallelism }, async (n, _) =>
        {
            // Half the accounts hold 3 persons and half 2: 100,000 persons in 40,000 accounts.
            var persons = n % 2 == 0 ? 3 : 2;
            var firstPerson = n / 2 * 5 + (n % 2 == 0 ? 0 : 3);
            var holder = $"user-{n:00000}";
            var account = grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(org, $"acc-{n:00000}"));
            await account.Open(new OpenAccount(holder, $"Family {n}"));
            for (var p = 0; p < persons; p++)
            {
                var index = firstPerson + p;
                var person = await account.AddPerson(new NewPerson("Ava", $"Family {n}"));
                // The first 2,000 persons share one activity; the rest spread over the other 199.
                await account.Enroll(person.Id, index < BigActivityPersons ? activityIds[0] : activityIds[1 + index % (Activities - 1)]);
                if (index % 3 == 0)
                {
                    await account.AddAffiliation(person.Id, resident.Id);
                }
            }

            Interlocked.Add(ref personsTotal, persons);
            if (n % 2 == 0)
            {
                var wallet = grains.GetGrain<IWalletGrain>(holder);
                var card = await wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.Visa, address));
                await wallet.Authorize(card.Id, org);
            }
        });
        Console.WriteLine($"seeded {accounts:N0} accounts, {personsTotal:N0} persons, {Activities} activities in {clock.Elapsed.TotalSeconds:N1} s");

        // Directory queries.
        var directory = grains.GetGrain<IDirectoryGrain>(org);
        var pageFilter = new DirectoryFilter(SavedCard: true, ActivityId: activityIds[7]);
        var countFilter = new DirectoryFilter(SavedCard: true, ProgramId: (await organization.GetCatalog()).Programs[3].Id, AffiliationId: resident.Id);
        var page = await directory.QueryPersons(pageFilter, null, 50);
        var count = await directory.QueryPersons(countFilter, null, 0);
        var all = await directory.QueryPersons(DirectoryFilter.All, null, 0);
        Console.WriteLine($"directory holds {all.Total:N0} persons; filtered page total {page.Total:N0}; full-filter count {count.Total:N0}");
        var pageLatency = await Measure.Latencies(QueryRepetitions, () => directory.QueryPersons(pageFilter, page.NextCursor, 50));
        var countLatency = await Measure.Latencies(QueryRepetitions, () => directory.QueryPersons(countFilter, null, 0));
        var accountsPageLatency = await Measure.Latencies(QueryRepetitions, () => directory.QueryAccounts(new DirectoryFilter(SavedCard: false), null, 50));
        Console.WriteLine($"persons page (card+activity, 50)   p50 {Measure.Ms(pageLatency.P50)}  p99 {Measure.Ms(pageLatency.P99)}  = {pageLatency.P50 / baseline.P50:N0}× a no-op call");
        Console.WriteLine($"persons count (card+program+aff.)  p50 {Measure.Ms(countLatency.P50)}  p99 {Measure.Ms(countLatency.P99)}  = {countLatency.P50 / baseline.P50:N0}× a no-op call");
        Console.WriteLine($"accounts page (no card, 50)        p50 {Measure.Ms(accountsPageLatency.P50)}  p99 {Measure.Ms(accountsPageLatency.P99)}");

        // Mass invoices.
        await MassInvoice("activity of 2,000 persons", new DirectoryFilter(ActivityId: activityIds[0]));
        await MassInvoice("all persons", DirectoryFilter.All);

        await host.StopAsync();

        async Task MassInvoice(string label, DirectoryFilter filter)
        {
            GC.Collect();
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            var peakHeap = heapBefore;
            var batch = grains.GetGrain<IMassInvoiceGrain>(OrgScopedKey.For(org, MassInvoicing.BatchIdFor($"benchmark {label}")));
            var timer = Stopwatch.StartNew();
            await batch.Start(new MassInvoiceRequest(new DirectorySelection(DirectoryTab.Persons, filter), "Season fee", new Money(4_500, "USD"), new DateOnly(2027, 1, 15)));
            MassInvoiceProgress progress;
            do
            {
                await Task.Delay(50);
                peakHeap = Math.Max(peakHeap, GC.GetGCMemoryInfo().HeapSizeBytes);
                progress = (await batch.GetProgress())!;
            }
            while (progress.Status != MassInvoiceStatus.Completed);

            var seconds = timer.Elapsed.TotalSeconds;
            var perSecond = progress.Created / seconds;
            using var process = Process.GetCurrentProcess();
            Console.WriteLine($"mass invoice, {label}: {progress.Created:N0} created, {progress.Failed} failed in {seconds:N2} s = {perSecond:N0} invoices/s " +
                $"({noopPerSecond / perSecond:N0} no-op calls per invoice); managed heap {Measure.Mb(heapBefore)} → peak {Measure.Mb(peakHeap)} (+{Measure.Mb(peakHeap - heapBefore)}); " +
                $"process peak working set {Measure.Mb(process.PeakWorkingSet64)}");
        }
    }
}
