using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Organizations;
using SmartRec.Contracts.Payments;
using SmartRec.Contracts.Wallets;
using SmartRec.Payments.Simulated;
using SmartRec.Tests.Shared;

namespace SmartRec.Benchmarks;

/// <summary>
/// Issue 3: payment throughput with grain state and reminders in Azure Table storage on Azurite, against the same
/// run in memory as the baseline. Each payment is what a mass charge makes per target (R12): an unreconciled receipt
/// charged off-session on a saved, authorized card, its key stored before the processor call.
/// </summary>
public static class PaymentsBenchmark
{
    private const string Organization = "bench";
    private const int SeedParallelism = 32;
    private static readonly BillingAddress Address = new("1 Main Street", "Burlington", "05401", "US", Region: "VT");

    public static async Task RunAsync(string[] args)
    {
        var payments = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2_000;
        var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 64;
        Console.WriteLine($"SmartRec payments benchmark · {payments:N0} payments, {concurrency} in flight · {Environment.ProcessorCount} cores · .NET {Environment.Version}");

        var memory = await Run("in memory (baseline)", payments, concurrency, new Dictionary<string, string?>());
        await using var azurite = await Azurite.StartAsync();
        var engineCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var azuriteCpu = azurite.CpuTime;
        var azure = await Run("Azure Table on Azurite", payments, concurrency,
            new Dictionary<string, string?> { ["SmartRec:Storage:ConnectionString"] = azurite.ConnectionString });
        engineCpu = Process.GetCurrentProcess().TotalProcessorTime - engineCpu;
        azuriteCpu = azurite.CpuTime - azuriteCpu;

        Console.WriteLine($"Azurite runs at {azure.PerSecond / memory.PerSecond:P0} of the in-memory rate; p50 latency {azure.P50 / memory.P50:N1}× the baseline's");
        Console.WriteLine($"CPU during the Azurite run (seeding included): engine {engineCpu.TotalSeconds:N1} s, Azurite {azuriteCpu.TotalSeconds:N1} s");
    }

    private static async Task<(double PerSecond, double P50)> Run(string label, int payments, int concurrency, Dictionary<string, string?> settings)
    {
        settings["Logging:LogLevel:Default"] = "Error";
        await using var host = await EngineHost.StartAsync(settings);
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var methods = await Seed(grains, payments);

        var latencies = new double[payments];
        var statuses = new PaymentStatus[payments];
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, payments), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (n, _) =>
        {
            var started = Stopwatch.GetTimestamp();
            var payment = await grains.GetGrain<IPaymentGrain>(OrgScopedKey.For(Organization, $"pay-{n:000000}")).Submit(new NewPayment(
                AccountId(n), new PaymentSource(MethodId: methods[n]), new Money(2_500, "USD"), "Season fee", [], LeaveUnreconciled: true));
            latencies[n] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            statuses[n] = payment.Status;
        });
        var perSecond = payments / clock.Elapsed.TotalSeconds;

        Array.Sort(latencies);
        var (p50, p99) = (latencies[payments / 2], latencies[(int)(payments * 0.99)]);
        var succeeded = statuses.Count(s => s == PaymentStatus.Succeeded);
        Console.WriteLine($"{label,-26} {perSecond,8:N0} payments/s   p50 {Measure.Ms(p50)}  p99 {Measure.Ms(p99)}   {succeeded:N0}/{payments:N0} succeeded");
        return (perSecond, p50);
    }

    /// <summary>One account per payment, its holder's card saved and authorized for the organization.</summary>
    private static async Task<string[]> Seed(IGrainFactory grains, int accounts)
    {
        await grains.GetGrain<IOrganizationGrain>(Organization).Provision("Benchmark Parks", "USD");
        var methods = new string[accounts];
        await Parallel.ForEachAsync(Enumerable.Range(0, accounts), new ParallelOptions { MaxDegreeOfParallelism = SeedParallelism }, async (n, _) =>
        {
            var holder = $"user-{n:000000}";
            await grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(Organization, AccountId(n))).Open(new OpenAccount(holder, $"Family {n}"));
            var wallet = grains.GetGrain<IWalletGrain>(holder);
            var card = await wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.Visa, Address));
            await wallet.Authorize(card.Id, Organization);
            methods[n] = card.Id;
        });
        return methods;
    }

    private static string AccountId(int n) => $"acc-{n:000000}";
}
