using SmartRec.StripeEmulator.Http;
using SmartRec.StripeEmulator.Model;

namespace SmartRec.StripeEmulator.Api;

/// <summary>Every event the emulator sent or would have sent, newest first: how a receiver catches up on missed webhooks.</summary>
internal static class EventsApi
{
    public static void MapEventsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/events", List);
        routes.MapGet("/v1/events/{id}", Retrieve);
    }

    private static async Task<IResult> List(HttpRequest request, EmulatorState state)
    {
        var form = await StripeForm.ReadAsync(request);
        var type = form["type"];
        var types = form.List("types");
        lock (state.Gate)
        {
            var events = state.Events.NewestFirst(e =>
                (type is null || Matches(e.Type, type)) && (types.Count == 0 || types.Any(t => Matches(e.Type, t))));
            return StripeResults.Ok(Paging.Page(events, form, "/v1/events", e => e.ToJson()));
        }
    }

    private static IResult Retrieve(string id, EmulatorState state)
    {
        lock (state.Gate)
        {
            return StripeResults.Ok((state.Events.Find(id) ?? throw StripeError.Missing("event", id)).ToJson());
        }
    }

    /// <summary>Stripe's type filter: an exact type or a prefix ending in <c>.*</c>, e.g. <c>payment_intent.*</c>.</summary>
    private static bool Matches(string type, string filter) =>
        filter.EndsWith(".*", StringComparison.Ordinal) ? type.StartsWith(filter[..^1], StringComparison.Ordinal) : type == filter;
}
