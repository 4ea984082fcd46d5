using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace SmartRec.Benchmarks;

/// <summary>
/// What the Stripe emulator itself counted, read from its emulator-only routes (<c>/_emulator/stats</c> and
/// <c>/_emulator/charges</c>): the processor's side of the books that cluster runs hold the engine to.
/// </summary>
public sealed class EmulatorAudit(Uri emulator) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = emulator, Timeout = TimeSpan.FromSeconds(60) };

    public sealed record Traffic(long Requests, long Served, long RateLimited, IReadOnlyList<(long Second, long Served, long Refused)> Seconds);

    /// <summary>Per idempotency key: payment intents created and how many succeeded, with the amount received.</summary>
    public sealed record KeyCharges(int Intents, int Succeeded, long Amount);

    public async Task<Traffic> TrafficAsync()
    {
        var stats = (await _http.GetFromJsonAsync<JsonObject>("/_emulator/stats"))!;
        var seconds = stats["seconds"]!.AsArray()
            .Select(s => ((long)s![0]!, (long)s[1]!, (long)s[2]!))
            .ToList();
        return new Traffic((long)stats["requests"]!, (long)stats["served"]!, (long)stats["rate_limited"]!, seconds);
    }

    public async Task<Dictionary<string, KeyCharges>> ChargesByKeyAsync(string keyPrefix)
    {
        var audit = (await _http.GetFromJsonAsync<JsonObject>($"/_emulator/charges?by_key=true&key_prefix={Uri.EscapeDataString(keyPrefix)}"))!;
        return audit["by_key"]!.AsObject().ToDictionary(
            k => k.Key,
            k => new KeyCharges((int)k.Value!["payment_intents"]!, (int)k.Value["succeeded"]!, (long)k.Value["amount"]!),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// The mean rate served in the steady part of [<paramref name="from"/>, <paramref name="to"/>]: the seconds between
    /// the first and the last in which anything was served, less <paramref name="trim"/> seconds of ramp at each end.
    /// </summary>
    public static (double PerSecond, int Seconds, long Peak) Sustained(Traffic traffic, long from, long to, int trim)
    {
        var busy = traffic.Seconds.Where(s => s.Second >= from && s.Second <= to && s.Served > 0).Select(s => s.Second).ToList();
        if (busy.Count == 0)
        {
            return (0, 0, 0);
        }

        var (first, last) = (busy.Min() + trim, busy.Max() - trim);
        var steady = traffic.Seconds.Where(s => s.Second >= first && s.Second <= last).ToList();
        var length = (int)(last - first + 1);
        return length <= 0 ? (0, 0, 0) : (steady.Sum(s => s.Served) / (double)length, length, steady.Count == 0 ? 0 : steady.Max(s => s.Served));
    }

    public void Dispose() => _http.Dispose();
}
