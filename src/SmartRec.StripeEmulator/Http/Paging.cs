using System.Text.Json.Nodes;
using SmartRec.StripeEmulator.Model;

namespace SmartRec.StripeEmulator.Http;

/// <summary>
/// Stripe's cursor paging over a newest-first list: <c>limit</c> (1..100, default 10), <c>starting_after</c> (the
/// page after, older) or <c>ending_before</c> (the page before, newer), and <c>has_more</c>.
/// </summary>
internal static class Paging
{
    private const int DefaultLimit = 10;
    private const int MaxLimit = 100;

    public static JsonObject Page<T>(List<T> newestFirst, StripeForm form, string url, Func<T, JsonObject> render)
        where T : class, IStripeObject
    {
        var limit = form.Long("limit") ?? DefaultLimit;
        if (limit is < 1 or > MaxLimit)
        {
            throw StripeError.InvalidRequest("parameter_invalid_integer", $"Invalid limit: must be between 1 and {MaxLimit}.", "limit");
        }

        int from, to;
        bool hasMore;
        if (form["ending_before"] is { } before)
        {
            to = IndexOf(newestFirst, before, "ending_before");
            from = Math.Max(0, to - (int)limit);
            hasMore = from > 0;
        }
        else
        {
            from = form["starting_after"] is { } after ? IndexOf(newestFirst, after, "starting_after") + 1 : 0;
            to = Math.Min(newestFirst.Count, from + (int)limit);
            hasMore = to < newestFirst.Count;
        }

        return new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray([.. newestFirst.GetRange(from, to - from).Select(item => (JsonNode)render(item))]),
            ["has_more"] = hasMore,
            ["url"] = url,
        };
    }

    /// <summary>Stripe's <c>created</c> filter: <c>created[gte]</c>, <c>created[gt]</c>, <c>created[lte]</c>, <c>created[lt]</c> or <c>created=</c>.</summary>
    public static bool CreatedMatches(StripeForm form, long created) =>
        (form.Long("created") is not { } exact || created == exact)
        && (form.Long("created[gte]") is not { } gte || created >= gte)
        && (form.Long("created[gt]") is not { } gt || created > gt)
        && (form.Long("created[lte]") is not { } lte || created <= lte)
        && (form.Long("created[lt]") is not { } lt || created < lt);

    private static int IndexOf<T>(List<T> items, string id, string param) where T : class, IStripeObject
    {
        var index = items.FindIndex(item => item.Id == id);
        return index >= 0 ? index : throw StripeError.InvalidRequest("resource_missing", $"No such object: '{id}'", param);
    }
}
