using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SmartRec.StripeEmulator.Http;
using SmartRec.StripeEmulator.Model;

namespace SmartRec.StripeEmulator.Api;

/// <summary>
/// <c>GET /v1/payment_intents/search</c> with the part of Stripe's search query language a processor needs to find a
/// charge again: clauses <c>metadata['key']:'value'</c>, <c>customer:'cus_...'</c>, <c>status:'succeeded'</c> and
/// <c>currency:'usd'</c> joined by <c>AND</c>, a leading <c>-</c> negating one. Unlike Stripe's index, which lags by up to
/// a minute, results here are current.
/// </summary>
internal static partial class PaymentIntentSearch
{
    private const int DefaultLimit = 10;
    private const int MaxLimit = 100;

    public static async Task<IResult> Search(HttpRequest request, EmulatorState state, EmulatorOptions options)
    {
        if (options.SearchUnavailable)
        {
            throw new StripeError(StatusCodes.Status400BadRequest, "invalid_request_error", null,
                "Search is not available for this account. (Emulator:SearchUnavailable)");
        }

        var form = await StripeForm.ReadAsync(request);
        var clauses = Parse(form.Required("query"));
        var limit = (int)(form.Long("limit") ?? DefaultLimit);
        if (limit is < 1 or > MaxLimit)
        {
            throw StripeError.InvalidRequest("parameter_invalid_integer", $"Invalid limit: must be between 1 and {MaxLimit}.", "limit");
        }

        var offset = form["page"] is { } page && int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var from) ? from : 0;
        lock (state.Gate)
        {
            var found = state.PaymentIntents.NewestFirst(i => clauses.All(c => c.Matches(i)));
            var hasMore = offset + limit < found.Count;
            return StripeResults.Ok(new JsonObject
            {
                ["object"] = "search_result",
                ["data"] = new JsonArray([.. found.Skip(offset).Take(limit).Select(i => (JsonNode)i.ToJson())]),
                ["has_more"] = hasMore,
                ["next_page"] = hasMore ? (offset + limit).ToString(CultureInfo.InvariantCulture) : null,
                ["total_count"] = found.Count,
                ["url"] = "/v1/payment_intents/search",
            });
        }
    }

    private static List<Clause> Parse(string query)
    {
        var clauses = new List<Clause>();
        foreach (var part in AndSeparator().Split(query.Trim()))
        {
            var match = ClausePattern().Match(part.Trim());
            if (!match.Success)
            {
                throw StripeError.InvalidRequest("parameter_invalid_string",
                    $"The search query '{part}' is not supported by the emulator: use field:'value' clauses joined by AND.", "query");
            }

            var field = match.Groups["key"].Success ? "metadata." + match.Groups["key"].Value : match.Groups["field"].Value;
            clauses.Add(new Clause(field, match.Groups["value"].Value, match.Groups["neg"].Success));
        }

        return clauses;
    }

    [GeneratedRegex(@"\s+AND\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AndSeparator();

    [GeneratedRegex(@"^(?<neg>-)?(?:metadata\[['""](?<key>[^'""]+)['""]\]|(?<field>customer|status|currency)):['""](?<value>[^'""]*)['""]$")]
    private static partial Regex ClausePattern();

    private sealed record Clause(string Field, string Value, bool Negated)
    {
        public bool Matches(PaymentIntentRecord intent)
        {
            var actual = Field switch
            {
                "customer" => intent.CustomerId,
                "status" => intent.Status,
                "currency" => intent.Currency,
                _ => intent.Metadata.GetValueOrDefault(Field["metadata.".Length..]),
            };
            return string.Equals(actual, Value, StringComparison.Ordinal) != Negated;
        }
    }
}
