using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SmartRec.Contracts.Organizations;
using SmartRec.Tests.Shared;

namespace SmartRec.Benchmarks;

/// <summary>
/// Issue 12: per-tenant limits under load, on loopback only. A quiet organization reads at a steady pace, first
/// alone (the baseline), then while a noisy organization floods the same host from many connections. The noisy one
/// should be held at its limit with nothing but 429s beyond it, and the quiet one should keep its latency. Bounded by
/// time and by a request cap, whichever comes first.
/// </summary>
public static class RateLimitBenchmark
{
    /// <summary>The noisy organization's read budget per second: low enough to reach from one machine. Status 0 counts connection errors.</summary>
    private const int ReadsPerSecond = 200;
    private const int QuietPerSecond = 50;
    private const int MaxNoisyRequests = 500_000;

    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        var workers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 32;
        Console.WriteLine($"SmartRec rate-limit load test · {seconds} s per phase · noisy org: {workers} connections, limit {ReadsPerSecond} reads/s · "
            + $"quiet org: {QuietPerSecond} reads/s · {Environment.ProcessorCount} cores · .NET {Environment.Version}");

        await using var host = await EngineHost.StartAsync(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Error",
            ["SmartRec:RateLimits:Reads:PerOrganization"] = $"{ReadsPerSecond}",
            ["SmartRec:RateLimits:Reads:PerCaller"] = $"{ReadsPerSecond}",
            ["SmartRec:RateLimits:Reads:Window"] = "00:00:01",
        });
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        foreach (var org in new[] { "noisy", "quiet" })
        {
            await grains.GetGrain<IOrganizationGrain>(org).Provision($"Organization {org}", "USD");
        }

        using var quiet = await host.ClientFor("admin@quiet", "admin", "quiet");
        using var noisy = await host.ClientFor("admin@noisy", "admin", "noisy");
        await Paced(quiet, TimeSpan.FromSeconds(1), CancellationToken.None); // warm-up: JIT, grain activation, connections

        var alone = await Paced(quiet, TimeSpan.FromSeconds(seconds), CancellationToken.None);
        Report("quiet org alone (baseline)", alone);

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var statuses = new ConcurrentDictionary<int, int>();
        var sent = 0;
        var clock = Stopwatch.StartNew();
        var flood = Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && Interlocked.Increment(ref sent) <= MaxNoisyRequests)
            {
                try
                {
                    using var response = await noisy.GetAsync("/api/orgs/noisy/catalog", stop.Token);
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (HttpRequestException)
                {
                    statuses.AddOrUpdate(0, 1, (_, n) => n + 1);
                }
            }
        })));
        var during = await Paced(quiet, TimeSpan.FromSeconds(seconds), CancellationToken.None);
        await flood;
        var elapsed = clock.Elapsed.TotalSeconds;

        var total = statuses.Values.Sum();
        var ok = statuses.GetValueOrDefault(200);
        var limited = statuses.GetValueOrDefault(429);
        Console.WriteLine($"noisy org: {total:N0} requests in {elapsed:N1} s ({total / elapsed:N0}/s), {ok:N0} answered 200 ({ok / elapsed:N0}/s against a limit of {ReadsPerSecond}/s), "
            + $"{limited:N0} answered 429, {total - ok - limited:N0} other{string.Concat(statuses.Where(s => s.Key is not (200 or 429)).Select(s => $" [{s.Key}: {s.Value}]"))}");
        Report("quiet org during the flood", during);
        Console.WriteLine($"quiet org p50 {during.P50 / alone.P50:N1}× and p99 {during.P99 / alone.P99:N1}× its baseline; its errors: {during.Errors} (baseline {alone.Errors})");
    }

    private sealed record Pace(int Requests, int Errors, double P50, double P99);

    /// <summary>One request every 1/<see cref="QuietPerSecond"/> s, like a person's screen polling, not as fast as possible.</summary>
    private static async Task<Pace> Paced(HttpClient client, TimeSpan duration, CancellationToken cancellationToken)
    {
        var latencies = new List<double>();
        var errors = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / QuietPerSecond));
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration && await timer.WaitForNextTickAsync(cancellationToken))
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync("/api/orgs/quiet/catalog", cancellationToken);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            errors += response.IsSuccessStatusCode ? 0 : 1;
        }

        latencies.Sort();
        return new Pace(latencies.Count, errors, latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.99)]);
    }

    private static void Report(string label, Pace pace) =>
        Console.WriteLine($"{label}: {pace.Requests:N0} requests, {pace.Errors} errors, p50 {Measure.Ms(pace.P50)}, p99 {Measure.Ms(pace.P99)}");
}
