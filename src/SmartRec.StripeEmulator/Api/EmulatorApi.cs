using System.Text.Json.Nodes;
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
        group.MapPost("/payment_methods/{id}/automatic_update", AutomaticUpdate);
    }

    private static IResult Stats(EmulatorStats stats, EmulatorState state)
    {
        var json = new JsonObject
        {
            ["requests"] = stats.Requests,
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
