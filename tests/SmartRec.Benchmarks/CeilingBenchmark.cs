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
using SmartRec.Payments;
using SmartRec.Payments.Simulated;
using SmartRec.StripeEmulator;
using SmartRec.Tests.Shared;

namespace SmartRec.Benchmarks;

/// <summary>
/// Issue 10, processor ceiling: three silos (the engine's real host, three times in this process) on Azurite charge
/// through the Stripe processor against one Stripe emulator limited to 100 requests/s with 300 ms per request, the
/// mass-charge budget set to that limit. Prints the share of the limit the emulator served in the batch's steady part,
/// the requests it refused over the limit, and, from the same run, a one-at-a-time loop over the same targets
/// through the same processor.
/// </summary>
public static class CeilingBenchmark
{
    private const string ApiKey = "sk_test_ceiling_benchmark";
    private const string Organization = "ceiling";
    private const int Silos = 3;
    private const int SeedParallelism = 24;
    private const long AmountMinor = 2_500;

    /// <summary>Seconds left out at each end of the batch's traffic: the chunks' start and the last stragglers.</summary>
    private const int RampSeconds = 2;

    private static readonly BillingAddress Address = new("1 Main Street", "Burlington", "05401", "US", Region: "VT");

    public static async Task RunAsync(string[] args)
    {
        var targets = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3_000;
        var limit = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
        var latency = TimeSpan.FromMilliseconds(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 300);
        var loopSeconds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 30;
        Console.WriteLine($"SmartRec processor-ceiling benchmark · {targets:N0} targets · emulator limit {limit} requests/s, {latency.TotalMilliseconds:N0} ms per request · " +
            $"{Silos} silos · {Environment.ProcessorCount} cores · .NET {Environment.Version}");

        await using var azurite = await Azurite.StartAsync();
        // Seeding saves a card per wallet (four Stripe requests each): done with the emulator wide open, then limited.
        var knobs = new EmulatorOptions { ApiKey = ApiKey };
        await using var emulator = await StripeEmulatorApp.StartAsync(knobs);
        var clusterId = "ceiling-" + Guid.NewGuid().ToString("N")[..8];
        var hosts = new List<EngineHost>();
        try
        {
            for (var i = 0; i < Silos; i++)
            {
                hosts.Add(await EngineHost.StartAsync(new Dictionary<string, string?>
                {
                    ["SmartRec:Storage:ConnectionString"] = azurite.ConnectionString,
                    ["SmartRec:Orleans:ServiceId"] = clusterId,
                    ["SmartRec:Orleans:ClusterId"] = clusterId,
                    ["SmartRec:Orleans:AdvertisedIPAddress"] = "127.0.0.1",
                    ["SmartRec:Processor:Kind"] = "Stripe",
                    ["SmartRec:Processor:Stripe:ApiKey"] = ApiKey,
                    ["SmartRec:Processor:Stripe:ApiBase"] = emulator.BaseAddress.ToString(),
                    ["SmartRec:MassCharge:RequestsPerSecond"] = limit.ToString(CultureInfo.InvariantCulture),
                    ["Logging:LogLevel:Default"] = "Error",
                }));
            }

            await Measure(hosts, emulator, knobs, targets, limit, latency, loopSeconds);
        }
        finally
        {
            foreach (var host in Enumerable.Reverse(hosts))
            {
                await host.DisposeAsync();
            }
        }
    }

    private static async Task Measure(List<EngineHost> hosts, RunningStripeEmulator emulator, EmulatorOptions knobs, int targets, int limit, TimeSpan latency, int loopSeconds)
    {
        var grains = hosts[0].Services.GetRequiredService<IGrainFactory>();
        var clock = Stopwatch.StartNew();
        await Seed(grains, targets);
        Console.WriteLine($"seeded {targets:N0} accounts, each with its own holder and a card saved at the emulator, in {clock.Elapsed.TotalSeconds:N1} s");

        (knobs.RequestsPerSecond, knobs.Latency) = (limit, latency);
        using var audit = new EmulatorAudit(emulator.BaseAddress);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var before = await audit.TrafficAsync();
        var from = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var batchId = MassCharging.BatchIdFor("ceiling " + Guid.NewGuid().ToString("N"));
        var batch = grains.GetGrain<IMassChargeGrain>(OrgScopedKey.For(Organization, batchId));
        clock.Restart();
        await batch.Start(new MassChargeRequest(new DirectorySelection(DirectoryTab.Accounts, DirectoryFilter.All), new Money(AmountMinor, "USD"), Notes: "Ceiling"));
        MassChargeProgress progress;
        do
        {
            await Task.Delay(250);
            progress = (await batch.GetProgress())!;
        }
        while (progress.Status != MassChargeStatus.Completed);

        var batchSeconds = clock.Elapsed.TotalSeconds;
        var to = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var after = await audit.TrafficAsync();
        var charges = await audit.ChargesByKeyAsync($"mc:{Organization}/{batchId}:");
        var (sustained, steadySeconds, peak) = EmulatorAudit.Sustained(after, from, to, RampSeconds);
        var served = after.Served - before.Served;
        var refused = after.RateLimited - before.RateLimited;
        Console.WriteLine($"batch: {progress.Counts.Charged:N0} charged, {progress.Counts.Declined} declined, {progress.Counts.Skipped} skipped of {progress.Counts.Targets:N0} in {batchSeconds:N1} s " +
            $"= {progress.Counts.Charged / batchSeconds:N1} charges/s overall");
        Console.WriteLine($"emulator during the batch: {served:N0} requests served, {refused:N0} refused over the limit (target 0); " +
            $"steady part ({steadySeconds} s, {RampSeconds} s of ramp left out at each end) {sustained:N1} requests/s = {sustained / limit:P1} of the limit (target ≥ 95%); busiest second {peak}");
        var batchSecondsServed = after.Seconds.Where(s => s.Second >= from && s.Second <= to).Select(s => s.Served).ToList();
        Console.WriteLine($"served per second during the batch: {string.Join(" ", batchSecondsServed)}");
        // The emulator refuses by token bucket, as Stripe describes its limiter, which lets a late request borrow from a quiet
        // moment; a limiter counting whole clock seconds would not. Both are printed, so neither hides the other.
        Console.WriteLine($"clock seconds above the limit: {batchSecondsServed.Count(n => n > limit)}, {batchSecondsServed.Sum(n => Math.Max(0, n - limit))} requests above it " +
            "(what a limiter counting whole seconds would have refused)");
        Console.WriteLine($"emulator per key: {charges.Count:N0} keys, {charges.Values.Count(c => c.Succeeded > 1)} charged more than once, " +
            $"Σ charged {charges.Values.Sum(c => c.Amount):N0} = {charges.Values.Sum(c => c.Amount) / (double)(progress.AmountCharged.Minor == 0 ? 1 : progress.AmountCharged.Minor):P0} of the batch's own Σ {progress.AmountCharged.Minor:N0}");

        var loop = await OneAtATime(grains, hosts[0].Services.GetRequiredService<IPaymentProcessor>(), targets, TimeSpan.FromSeconds(loopSeconds));
        var loopRefused = (await audit.TrafficAsync()).RateLimited - after.RateLimited;
        Console.WriteLine($"baseline, one charge after another through the same processor: {loop.Charged} charges in {loop.Seconds:N1} s = {loop.Charged / loop.Seconds:N2} charges/s " +
            $"({loopRefused} refused); all {targets:N0} targets would take {targets / (loop.Charged / loop.Seconds):N0} s");
        Console.WriteLine($"the batch ran {progress.Counts.Charged / batchSeconds / (loop.Charged / loop.Seconds):N1}× the one-at-a-time rate");
    }

    /// <summary>The same targets' cards charged one after another, each under its own key, until the time is up.</summary>
    private static async Task<(int Charged, double Seconds)> OneAtATime(IGrainFactory grains, IPaymentProcessor processor, int targets, TimeSpan time)
    {
        var clock = Stopwatch.StartNew();
        var charged = 0;
        for (var n = 0; n < targets && clock.Elapsed < time; n++)
        {
            var choice = await grains.GetGrain<IWalletGrain>(Holder(n)).ChooseChargeable(Organization, Account(n), MethodPreference.Any);
            var method = choice.Method ?? throw new InvalidOperationException($"{Account(n)} has no chargeable method.");
            var outcome = await processor.ChargeAsync(new ChargeRequest(method.ProcessorCustomerId, method.ProcessorMethodId,
                new Money(AmountMinor, "USD"), $"ceiling-loop:{Account(n)}", "One at a time"), CancellationToken.None);
            charged += outcome.Status == ChargeStatus.Succeeded ? 1 : 0;
        }

        return (charged, clock.Elapsed.TotalSeconds);
    }

    private static async Task Seed(IGrainFactory grains, int accounts)
    {
        await grains.GetGrain<IOrganizationGrain>(Organization).Provision("Ceiling Parks", "USD");
        await Parallel.ForEachAsync(Enumerable.Range(0, accounts), new ParallelOptions { MaxDegreeOfParallelism = SeedParallelism }, async (n, _) =>
        {
            var account = grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(Organization, Account(n)));
            await account.Open(new OpenAccount(Holder(n), $"Family {n}"));
            await account.AddPerson(new NewPerson("Ava", $"Family {n}"));
            var wallet = grains.GetGrain<IWalletGrain>(Holder(n));
            var card = await wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.Visa, Address));
            await wallet.Authorize(card.Id, Organization);
        });
    }

    private static string Account(int n) => $"acc-{n:000000}";

    private static string Holder(int n) => $"ceiling-user-{n:000000}";
}
