using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Organizations;
using SmartRec.Contracts.Wallets;
using SmartRec.Payments.Simulated;
using SmartRec.Tests.Shared;

namespace SmartRec.Benchmarks;

/// <summary>
/// Issue 10, chaos on the local cluster: deploy/cluster.sh (Azurite in memory, the Stripe emulator, three silo
/// processes), an organization of N accounts each with its own card, and two mass charges of all of them launched
/// through the HTTP API: one undisturbed, one during which silos are killed with SIGKILL and restarted. Afterwards the
/// emulator's own records are the judge: charges per idempotency key and per target, targets lost, and Σ receipts on
/// the engine's ledgers against Σ charged at the emulator.
/// </summary>
/// <remarks>
/// Accounts and cards are seeded through the cluster's gateway with the grain calls the API makes (there is no
/// public route that provisions an organization, and the per-caller limits would make 40,000 HTTP calls take longer
/// than the drill); everything the drill measures goes through the HTTP API.
/// </remarks>
public static class ChaosDrill
{
    private const string Organization = "chaos";
    private const long AmountMinor = 2_500;
    private const int SeedParallelism = 32;
    private const int SeedAttempts = 5;
    private const int Silos = 3;
    private const string AzuriteAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The drill's cluster ports, away from cluster.sh's defaults so a colleague's cluster there is left alone.</summary>
    private static readonly Dictionary<string, int> DefaultPorts = new()
    {
        ["AZURITE_BLOB_PORT"] = 21000,
        ["AZURITE_QUEUE_PORT"] = 21001,
        ["AZURITE_TABLE_PORT"] = 21002,
        ["STRIPE_EMULATOR_PORT"] = 21011,
        ["SMARTREC_HTTP_BASE_PORT"] = 21080,
        ["SMARTREC_SILO_BASE_PORT"] = 21110,
        ["SMARTREC_GATEWAY_BASE_PORT"] = 21130,
    };

    private static readonly BillingAddress Address = new("1 Main Street", "Burlington", "05401", "US", Region: "VT");

    private sealed record Run(string Label, string BatchId, double Seconds, JsonElement Final, int Kills, double LongestUnanswered, int FailedReads);

    public static async Task RunAsync(string[] args)
    {
        var targets = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var kills = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var latencyMs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100;
        var limit = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 100;
        // "seed" as a fifth argument stops after seeding: where seeding's time goes, without the batches.
        var seedOnly = args.Length > 4 && args[4] == "seed";
        var ports = DefaultPorts.ToDictionary(p => p.Key, p => int.TryParse(Environment.GetEnvironmentVariable(p.Key), out var set) ? set : p.Value);
        var cluster = new Cluster(NodeTools.RepositoryRoot(), ports, limit);
        Console.WriteLine($"SmartRec chaos drill · {targets:N0} targets · {Silos} silo processes on Azurite · {kills} kills (SIGKILL) · " +
            $"emulator {limit} requests/s, {latencyMs} ms per request · mass-charge budget {limit}/s · {Environment.ProcessorCount} cores");

        await cluster.Script("reset");
        await cluster.Script($"start {Silos}");
        try
        {
            await Drill(cluster, targets, kills, latencyMs, limit, seedOnly);
        }
        finally
        {
            await cluster.Script("stop");
        }
    }

    private static async Task Drill(Cluster cluster, int targets, int kills, int latencyMs, int limit, bool seedOnly)
    {
        using var audit = new EmulatorAudit(cluster.Emulator);
        using var emulator = new HttpClient { BaseAddress = cluster.Emulator };
        await emulator.PostAsync("/_emulator/limits?requests_per_second=0&latency_ms=0", null);
        using var client = await Connect(cluster);
        var grains = client.Services.GetRequiredService<IClusterClient>();
        var clock = Stopwatch.StartNew();
        await Seed(grains, targets);
        Console.WriteLine($"seeded {targets:N0} accounts, each with its own holder and a card saved at the emulator, in {clock.Elapsed.TotalSeconds:N0} s");
        Console.WriteLine($"seeding per account, mean of {SeedParallelism} callers: {string.Join(" · ", SeedSteps.Select((step, i) => $"{step} {TimeSpan.FromTicks(SeedTicks[i] / Math.Max(1, targets)).TotalMilliseconds:N0} ms"))}; " +
            $"calls sent again {SeedRetries}; emulator requests {(await audit.TrafficAsync()).Requests:N0}");
        if (seedOnly)
        {
            return;
        }

        (await emulator.PostAsync($"/_emulator/limits?requests_per_second={limit}&latency_ms={latencyMs}", null)).EnsureSuccessStatusCode();

        using var api = new Api(cluster);
        await api.SignIn();
        var before = await audit.TrafficAsync();
        var calm = await Charge(api, cluster, "undisturbed", kills: 0, killEvery: TimeSpan.Zero);
        var stormy = await Charge(api, cluster, "with kills", kills, TimeSpan.FromSeconds(calm.Seconds / (kills + 1)));
        var after = await audit.TrafficAsync();

        Console.WriteLine();
        var (calmLost, calmDuplicates) = await Report(api, audit, calm, targets);
        var (lost, duplicates) = await Report(api, audit, stormy, targets);
        var received = await Receipts(grains, targets);
        var charged = (await audit.ChargesByKeyAsync($"mc:{Organization}/")).Values.Sum(c => c.Amount);
        Console.WriteLine();
        Console.WriteLine($"SUMMARY  duplicates at the emulator {duplicates} (target 0; undisturbed {calmDuplicates}) · targets lost {lost} (target 0; undisturbed {calmLost}) · " +
            $"time to finish {stormy.Seconds:N0} s with {stormy.Kills} kills vs {calm.Seconds:N0} s undisturbed = {stormy.Seconds / calm.Seconds:N2}×");
        Console.WriteLine($"SUMMARY  Σ receipts on the {targets:N0} ledgers {received:N0} {(received == charged ? "=" : "≠")} Σ charged at the emulator {charged:N0} (both batches) · " +
            $"requests refused over the limit {after.RateLimited - before.RateLimited} · served {after.Served - before.Served:N0}");
    }

    /// <summary>Launches a mass charge of every account through the API and follows it to the end, killing silos on the way.</summary>
    private static async Task<Run> Charge(Api api, Cluster cluster, string label, int kills, TimeSpan killEvery)
    {
        var clock = Stopwatch.StartNew();
        var batchId = await api.Launch($"chaos-{label.Replace(' ', '-')}-{Guid.NewGuid():N}");
        Console.WriteLine($"[{label}] launched {batchId}");
        var done = new CancellationTokenSource();
        var killed = 0;
        // Kills keep their schedule while earlier victims restart in the background: waiting for each restart before the
        // next kill let a batch finish after three kills when one silo took minutes to come back.
        var restarts = new Task?[Silos + 1];
        var killer = Task.Run(async () =>
        {
            for (var k = 1; k <= kills && !done.IsCancellationRequested; k++)
            {
                var due = killEvery * k - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, done.Token).ContinueWith(_ => { });
                }

                // 2, 3, 1, 2, 3: every silo dies at least once, the one the drill launched through included. A victim
                // still restarting from its last kill is killed once it is back.
                var silo = k % Silos + 1;
                if (restarts[silo] is { } restarting)
                {
                    await restarting;
                }

                if (done.IsCancellationRequested)
                {
                    break;
                }

                await cluster.Script($"kill-silo {silo}");
                killed++;
                Console.WriteLine($"[{label}] t={clock.Elapsed.TotalSeconds:N0} s killed silo {silo}");
                restarts[silo] = Restart(silo);
            }

            // The report reads every ledger through the cluster: it is whole again before the drill goes on.
            await Task.WhenAll(restarts.OfType<Task>());
        });

        async Task Restart(int silo)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            try
            {
                await cluster.Script($"start-silo {silo}");
                Console.WriteLine($"[{label}] t={clock.Elapsed.TotalSeconds:N0} s silo {silo} ready again");
            }
            catch (InvalidOperationException e)
            {
                // A silo slow to rejoin (storage saturated) is a finding, not the end of the drill.
                Console.WriteLine($"[{label}] t={clock.Elapsed.TotalSeconds:N0} s silo {silo} not ready: {e.Message}");
            }
        }

        JsonElement progress;
        var (lastAnswer, longestUnanswered, failedReads, lastPrint) = (clock.Elapsed, 0.0, 0, TimeSpan.Zero);
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var read = await api.Progress(batchId);
            if (read is not { } answer)
            {
                failedReads++;
                longestUnanswered = Math.Max(longestUnanswered, (clock.Elapsed - lastAnswer).TotalSeconds);
                continue;
            }

            (progress, lastAnswer) = (answer, clock.Elapsed);
            if (clock.Elapsed - lastPrint >= TimeSpan.FromSeconds(10))
            {
                lastPrint = clock.Elapsed;
                Console.WriteLine($"[{label}] t={clock.Elapsed.TotalSeconds:N0} s {progress.GetProperty("status")} {progress.GetProperty("counts")}");
            }

            if (progress.GetProperty("status").GetString() is "completed" or "cancelled")
            {
                break;
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        await done.CancelAsync();
        await killer;
        Console.WriteLine($"[{label}] {progress.GetProperty("status")} in {seconds:N1} s: {progress.GetProperty("counts")}; " +
            $"{killed} kills; progress unanswered by every silo at most {longestUnanswered:N0} s ({failedReads} failed reads)");
        return new Run(label, batchId, seconds, progress, killed, longestUnanswered, failedReads);
    }

    /// <summary>Holds one batch to the emulator's records; answers (targets lost, extra charges).</summary>
    private static async Task<(int Lost, int Duplicates)> Report(Api api, EmulatorAudit audit, Run run, int targets)
    {
        var results = await api.Results(run.BatchId);
        var prefix = $"mc:{Organization}/{run.BatchId}:";
        var byKey = await audit.ChargesByKeyAsync(prefix);
        // A key is "mc:{org}/{batch}:{account}:{attempt}" on the Accounts tab: the target is what lies between.
        var byTarget = byKey.GroupBy(k => k.Key[prefix.Length..k.Key.LastIndexOf(':')])
            .ToDictionary(g => g.Key, g => g.Sum(k => k.Value.Succeeded), StringComparer.Ordinal);
        var outcomes = results.ToDictionary(r => r.AccountId, StringComparer.Ordinal);
        var final = new HashSet<string>(["charged", "declined", "skipped"], StringComparer.Ordinal);
        var lost = Enumerable.Range(0, targets).Select(Account).Count(a => !outcomes.TryGetValue(a, out var r) || !final.Contains(r.Outcome));
        var keyExtras = byKey.Values.Sum(k => Math.Max(0, k.Succeeded - 1));
        var targetExtras = byTarget.Values.Sum(n => Math.Max(0, n - 1));
        var chargedUnrecorded = byTarget.Count(t => t.Value > 0 && (!outcomes.TryGetValue(t.Key, out var r) || r.Outcome != "charged"));
        var recordedUncharged = outcomes.Values.Count(r => r.Outcome == "charged" && byTarget.GetValueOrDefault(r.AccountId) == 0);
        var engineSum = results.Where(r => r.Outcome == "charged").Sum(r => r.AmountMinor);
        var emulatorSum = byKey.Values.Sum(k => k.Amount);
        Console.WriteLine($"[{run.Label}] engine results {results.Count:N0} targets: {string.Join(", ", results.GroupBy(r => r.Outcome).Select(g => $"{g.Key} {g.Count():N0}"))}");
        Console.WriteLine($"[{run.Label}] emulator: {byKey.Count:N0} keys, {byKey.Values.Sum(k => k.Intents):N0} payment intents, {byKey.Values.Sum(k => k.Succeeded):N0} succeeded; " +
            $"charges beyond one per key {keyExtras}, beyond one per target {targetExtras} (target 0)");
        Console.WriteLine($"[{run.Label}] targets lost (neither charged, declined nor skipped) {lost} (target 0); charged at the emulator but not in the engine {chargedUnrecorded}; " +
            $"charged in the engine but not at the emulator {recordedUncharged}; Σ engine {engineSum:N0} {(engineSum == emulatorSum ? "=" : "≠")} Σ emulator {emulatorSum:N0}");
        return (lost, Math.Max(keyExtras, targetExtras));
    }

    private static async Task<long> Receipts(IGrainFactory grains, int targets)
    {
        var total = 0L;
        await Parallel.ForEachAsync(Enumerable.Range(0, targets), new ParallelOptions { MaxDegreeOfParallelism = SeedParallelism }, async (n, _) =>
        {
            var ledger = await grains.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(Organization, Account(n))).Get();
            Interlocked.Add(ref total, ledger.Received.Minor);
        });
        return total;
    }

    private static readonly string[] SeedSteps = ["open", "save card", "authorize"];

    /// <summary>Time spent in each seeding step, summed over every account (ticks).</summary>
    private static readonly long[] SeedTicks = new long[3];

    private static int SeedRetries;

    /// <summary>
    /// Each account is opened while its holder's card is saved (the wallet needs no account to save a card), then the
    /// card is authorized for the organization, which needs both. No person is added: an Accounts-tab mass charge
    /// charges accounts, and a person cost a write and a directory push per account for nothing the drill reads.
    /// </summary>
    private static async Task Seed(IGrainFactory grains, int accounts)
    {
        await grains.GetGrain<IOrganizationGrain>(Organization).Provision("Chaos Drill Parks", "USD");
        await Parallel.ForEachAsync(Enumerable.Range(0, accounts), new ParallelOptions { MaxDegreeOfParallelism = SeedParallelism }, async (n, _) =>
        {
            var account = grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(Organization, Account(n)));
            var wallet = grains.GetGrain<IWalletGrain>(Holder(n));
            var opened = Patiently(0, () => account.Open(new OpenAccount(Holder(n), $"Family {n}")));
            var card = await Patiently(1, () => wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.Visa, Address)));
            await opened;
            await Patiently(2, () => wallet.Authorize(card.Id, Organization));
        });
    }

    /// <summary>
    /// A seeding call sent again when it timed out on a starved machine. A call that did its work before timing out
    /// may leave a second person or card on the account, which changes nothing for an Accounts-tab mass charge.
    /// </summary>
    private static async Task<T> Patiently<T>(int step, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var answer = await call();
                Interlocked.Add(ref SeedTicks[step], Stopwatch.GetElapsedTime(started).Ticks);
                return answer;
            }
            catch (Exception e) when (attempt < SeedAttempts && e is TimeoutException or OrleansException)
            {
                Interlocked.Increment(ref SeedRetries);
                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }
        }
    }

    /// <summary>An Orleans client of the cluster, through its gateways, found in the same membership table on Azurite.</summary>
    private static async Task<IHost> Connect(Cluster cluster)
    {
        var tables = new TableServiceClient($"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteAccountKey};" +
            $"TableEndpoint=http://127.0.0.1:{cluster.Ports["AZURITE_TABLE_PORT"]}/devstoreaccount1;");
        var host = new HostBuilder()
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole())
            .UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(options => (options.ServiceId, options.ClusterId) = ("smartrec-local", "local"));
                client.UseAzureStorageClustering(options => (options.TableServiceClient, options.TableName) = (tables, "smartrecmembership"));
            })
            .Build();
        await host.StartAsync();
        return host;
    }

    private static string Account(int n) => $"acc-{n:000000}";

    private static string Holder(int n) => $"chaos-user-{n:000000}";

    /// <summary>deploy/cluster.sh with the drill's ports and budget.</summary>
    private sealed class Cluster(string root, Dictionary<string, int> ports, int limit)
    {
        public Dictionary<string, int> Ports { get; } = ports;

        public Uri Emulator => new($"http://127.0.0.1:{Ports["STRIPE_EMULATOR_PORT"]}");

        public Uri Silo(int i) => new($"http://127.0.0.1:{Ports["SMARTREC_HTTP_BASE_PORT"] + i}");

        public async Task Script(string arguments)
        {
            var start = new ProcessStartInfo("bash", $"{Path.Combine(root, "deploy", "cluster.sh")} {arguments}") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var (name, port) in Ports)
            {
                start.Environment[name] = port.ToString(CultureInfo.InvariantCulture);
            }

            // Every silo reads the one budget from its environment (decision 4).
            start.Environment["SmartRec__MassCharge__RequestsPerSecond"] = limit.ToString(CultureInfo.InvariantCulture);
            // The Stripe webhook route shares the per-caller write limit of its client address (500 per 10 s), so the
            // events of thousands of saved cards are answered 429 and redelivered, a storm that saturated Azurite in a
            // 10,000-target drill. The drill measures mass charges, so the tenant limits are off in its cluster.
            start.Environment["SmartRec__RateLimits__Enabled"] = "false";
            // The drill kills silos, never Azurite: its disk database only spends the CPU the silos and the emulator need
            // (a 10,000-account drill saw it answer 20 to 30 requests/s while rewriting its JSON files).
            start.Environment["AZURITE_IN_MEMORY"] = "1";
            // A silo restarted into a busy cluster on two cores takes longer to join than an idle start.
            start.Environment["SMARTREC_READY_SECONDS"] = "300";
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            // The script's build prints the restore warnings of every project; the rest is worth showing.
            var text = string.Join('\n', (await output + await errors).Split('\n').Where(line => !line.Contains("warning NU", StringComparison.Ordinal))).Trim();
            if (text.Length > 0 && !arguments.StartsWith("start-silo", StringComparison.Ordinal) && !arguments.StartsWith("kill-silo", StringComparison.Ordinal))
            {
                Console.WriteLine(text);
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"deploy/cluster.sh {arguments} failed ({process.ExitCode}): {text}");
            }
        }
    }

    /// <summary>The engine's HTTP API on whichever silo answers: a drill that kills silos asks the next one.</summary>
    private sealed class Api(Cluster cluster) : IDisposable
    {
        private readonly HttpClient[] _silos = [.. Enumerable.Range(1, Silos).Select(i => new HttpClient { BaseAddress = cluster.Silo(i), Timeout = TimeSpan.FromSeconds(30) })];
        private int _next;

        public sealed record Result(string AccountId, string Outcome, long AmountMinor);

        public async Task SignIn()
        {
            var answer = await Send(http => http.PostAsJsonAsync("/api/dev/tokens", new { subject = "chaos-admin", role = "admin", organizationId = Organization }))
                ?? throw new InvalidOperationException("No silo minted a token.");
            var token = answer.GetProperty("token").GetString();
            foreach (var silo in _silos)
            {
                silo.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
        }

        /// <summary>The same Idempotency-Key until a silo answers 202: a launch sent twice is one batch.</summary>
        public async Task<string> Launch(string idempotencyKey)
        {
            var body = new { selection = new { tab = "accounts", filter = new { } }, amount = new { minor = AmountMinor, currency = "USD" }, notes = "Chaos drill" };
            var answer = await Send(http =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, $"/api/orgs/{Organization}/mass-charges") { Content = JsonContent.Create(body) };
                request.Headers.Add("Idempotency-Key", idempotencyKey);
                return http.SendAsync(request);
            }) ?? throw new InvalidOperationException("No silo accepted the launch.");
            return answer.GetProperty("batchId").GetString()!;
        }

        public Task<JsonElement?> Progress(string batchId) => Send(http => http.GetAsync($"/api/orgs/{Organization}/mass-charges/{batchId}"));

        public async Task<List<Result>> Results(string batchId)
        {
            var results = new List<Result>();
            string? cursor = null;
            do
            {
                var page = await Send(http => http.GetAsync($"/api/orgs/{Organization}/mass-charges/{batchId}/results?limit=500{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}"))
                    ?? throw new InvalidOperationException("No silo answered the results.");
                results.AddRange(page.GetProperty("items").EnumerateArray().Select(i => new Result(
                    i.GetProperty("accountId").GetString()!,
                    i.GetProperty("outcome").GetString()!,
                    i.TryGetProperty("amount", out var amount) && amount.ValueKind == JsonValueKind.Object ? amount.GetProperty("minor").GetInt64() : 0)));
                cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            }
            while (cursor is not null);
            return results;
        }

        /// <summary>Tries each silo once, starting with the next in turn; null when none answered with success.</summary>
        private async Task<JsonElement?> Send(Func<HttpClient, Task<HttpResponseMessage>> send)
        {
            for (var tried = 0; tried < _silos.Length; tried++)
            {
                var http = _silos[Interlocked.Increment(ref _next) % _silos.Length];
                try
                {
                    using var response = await send(http);
                    if (response.IsSuccessStatusCode)
                    {
                        return await response.Content.ReadFromJsonAsync<JsonElement>();
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // That silo is down or restarting: the next one is asked.
                }
            }

            return null;
        }

        public void Dispose()
        {
            foreach (var silo in _silos)
            {
                silo.Dispose();
            }
        }
    }
}
