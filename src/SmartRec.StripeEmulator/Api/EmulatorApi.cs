using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using SmartRec.StripeEmulator.Http;
using SmartRec.StripeEmulator.Model;

namespace SmartRec.StripeEmulator.Api;

/// <summary>
/// Emulator-only routes, outside Stripe's <c>/v1</c> and its key: counters for tests and benchmarks, and the card
/// network's side of things that no API call causes at Stripe.
/// </summary>
internal static class EmulatorApi
{
    public static void MapEmulatorApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/_emulator");
        group.MapGet("/stats", Stats);
        group.MapGet("/charges", Charges);
        group.MapPost("/limits", Limits);
        group.MapPost("/payment_methods/{id}/automatic_update", AutomaticUpdate);
    }

    private static IResult Stats(EmulatorStats stats, EmulatorState state)
    {
        var json = new JsonObject
        {
            ["requests"] = stats.Requests,
            ["served"] = stats.Served,
            ["rate_limited"] = stats.RateLimited,
            ["peak_requests_per_second"] = stats.PeakRequestsPerSecond,
            ["server_errors"] = stats.ServerErrors,
            ["dropped_connections"] = stats.DroppedConnections,
            ["idempotent_replays"] = stats.IdempotentReplays,
            ["webhook_deliveries"] = stats.WebhookDeliveries,
            ["webhook_failures"] = stats.WebhookFailures,
        };
        lock (state.Gate)
        {
            json["payment_intents"] = state.PaymentIntents.Count;
            json["events"] = state.Events.Count;
        }

        json["seconds"] = new JsonArray([.. stats.Seconds().Select(s => (JsonNode)new JsonArray(s.UnixSecond, s.Served, s.Refused))]);
        return StripeResults.Ok(json);
    }

    /// <summary>
    /// Changes the rate limit (<c>requests_per_second</c>, 0 for none) and the latency (<c>latency_ms</c>) of a running
    /// emulator, e.g. wide open while a drill saves thousands of cards, then Stripe's limit for the run itself.
    /// </summary>
    private static async Task<IResult> Limits(HttpContext context, EmulatorOptions options)
    {
        var form = await StripeForm.ReadAsync(context.Request);
        if (form.Long("requests_per_second") is { } rate)
        {
            options.RequestsPerSecond = (int)Math.Max(0, rate);
        }

        if (form.Long("latency_ms") is { } latency)
        {
            options.Latency = TimeSpan.FromMilliseconds(Math.Max(0, latency));
        }

        return StripeResults.Ok(new JsonObject
        {
            ["requests_per_second"] = options.RequestsPerSecond,
            ["latency_ms"] = (long)options.Latency.TotalMilliseconds,
        });
    }

    /// <summary>
    /// PaymentIntents counted by the <c>Idempotency-Key</c> that created them (optionally only keys starting with
    /// <c>key_prefix</c>): how many each key created and how many of those succeeded, with the amount. A key with more
    /// than one is a charge made twice. <c>by_key=true</c> lists every key, for audits that map keys to their targets.
    /// </summary>
    private static IResult Charges(EmulatorState state, [FromQuery(Name = "key_prefix")] string? keyPrefix, [FromQuery(Name = "by_key")] bool? byKey)
    {
        var keys = new SortedDictionary<string, (int Intents, int Succeeded, long Amount)>(StringComparer.Ordinal);
        var unkeyed = 0;
        lock (state.Gate)
        {
            foreach (var intent in state.PaymentIntents.NewestFirst(_ => true))
            {
                if (intent.IdempotencyKey is not { } key)
                {
                    unkeyed++;
                    continue;
                }

                if (keyPrefix is not null && !key.StartsWith(keyPrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                var (intents, succeeded, amount) = keys.GetValueOrDefault(key);
                keys[key] = intent.Status == "succeeded"
                    ? (intents + 1, succeeded + 1, amount + intent.AmountReceived)
                    : (intents + 1, succeeded, amount);
            }
        }

        var json = new JsonObject
        {
            ["keys"] = keys.Count,
            ["payment_intents"] = keys.Values.Sum(k => k.Intents),
            ["succeeded"] = keys.Values.Sum(k => k.Succeeded),
            ["amount_succeeded"] = keys.Values.Sum(k => k.Amount),
            ["keys_with_more_than_one_intent"] = keys.Values.Count(k => k.Intents > 1),
            ["keys_with_more_than_one_success"] = keys.Values.Count(k => k.Succeeded > 1),
            ["unkeyed_payment_intents"] = keyPrefix is null ? unkeyed : null,
        };
        if (byKey == true)
        {
            json["by_key"] = new JsonObject(keys.Select(k => KeyValuePair.Create(k.Key, (JsonNode?)new JsonObject
            {
                ["payment_intents"] = k.Value.Intents,
                ["succeeded"] = k.Value.Succeeded,
                ["amount"] = k.Value.Amount,
            })));
        }

        return StripeResults.Ok(json);
    }

    /// <summary>
    /// The card network renewed a card (Stripe's card account updater): the new expiry is applied and
    /// <c>payment_method.automatically_updated</c> is sent.
    /// </summary>
    private static async Task<IResult> AutomaticUpdate(string id, HttpContext context, EmulatorState state, EmulatorOptions options, TimeProvider time)
    {
        var form = await StripeForm.ReadAsync(context.Request);
        var month = (int)(form.Long("exp_month") ?? throw StripeError.InvalidRequest("parameter_missing", "Missing exp_month.", "exp_month"));
        var year = (int)(form.Long("exp_year") ?? throw StripeError.InvalidRequest("parameter_missing", "Missing exp_year.", "exp_year"));
        lock (state.Gate)
        {
            var method = state.PaymentMethod(id, "id");
            PaymentMethodsApi.SetExpiry(method, month, year, time);
            state.Publish("payment_method.automatically_updated", method, EventOrigin.Later(options.ApiVersion));
            return StripeResults.Ok(method.ToJson());
        }
    }
}
