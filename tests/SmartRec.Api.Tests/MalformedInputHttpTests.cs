using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Organizations;
using SmartRec.Contracts.Wallets;
using SmartRec.Payments.Simulated;

namespace SmartRec.Api.Tests;

/// <summary>
/// Decision 9 over the whole surface: every route listed in the OpenAPI document gets malformed route segments, query
/// values, headers and bodies from an authorized caller, and must answer each with a 4xx problem, never a 500 and never
/// a success. Routes are read from the document, so a new route is covered the day it is mapped.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class MalformedInputHttpTests(ApiFixture fixture)
{
    private const string Problem = "application/problem+json";

    /// <summary>Path segments that are no id: encoded slashes, percent signs, unicode, control characters, overlong.</summary>
    private static readonly string[] BadSegments =
    [
        "a%2Fb", "%2F", "%25", "a%20b", "%E2%98%83", "%F0%9F%92%B3", "%C3%A9t%C3%A9", new string('a', 65), "a%3Fb=1",
    ];

    private static readonly string[] BadQueryValues =
    [
        "maybe", "-1", "99999999999999999999", "1.5", "%ZZ", "%E2%98%83", "a%2Fb", "%00", new string('9', 5_000),
        // Cursors: not base64url, base64url of garbage, of another tab's shape, of an id with a slash, and results cursors out of range.
        "!!!", "AAAA", "cHxhL2J8Yw", "YXxhL2I", "YXw", "0.-1", "999.0", "-1.0", "0.99999999999", "..",
    ];

    private static readonly string[] BadIdempotencyKeys = [new string('k', 256), "   "];

    /// <summary>Bodies that are not the JSON object any route reads.</summary>
    private static readonly string[] BadRawBodies = ["", "{", "[]", "null", "\"text\"", "42", "{\"a\":", "{} {}", "\u00ff\u00fe"];

    /// <summary>
    /// Bodies a route would accept, where the generated one would be turned down before reaching the rules, so that the
    /// leaf mutations below are judged by the rules themselves.
    /// </summary>
    private static Dictionary<string, string> Samples(Family f) => new(StringComparer.Ordinal)
    {
        ["POST /api/dev/tokens"] = """{"subject":"user-x","role":"customer"}""",
        ["POST /api/me/wallet/methods"] =
            $$"""{"token":"{{SimulatedTestMethods.Visa}}","billingAddress":{"line1":"1 Main Street","city":"Burlington","region":"VT","postalCode":"05401","country":"US"},"nickname":"Main"}""",
        ["PATCH /api/me/wallet/methods/{methodId}"] = """{"expMonth":4,"expYear":2031}""",
        ["PATCH /api/orgs/{orgId}/accounts/{accountId}/payment-methods/{methodId}"] = """{"expMonth":4,"expYear":2031}""",
        ["POST /api/orgs/{orgId}/accounts"] = """{"holderUserId":"user-fuzz","displayName":"Fuzz family"}""",
        ["POST /api/orgs/{orgId}/accounts/{accountId}/persons"] = """{"firstName":"Ava","lastName":"Roy","birthDate":"2016-05-04"}""",
        ["POST /api/orgs/{orgId}/programs"] = """{"name":"Fuzz program"}""",
        ["POST /api/orgs/{orgId}/affiliations"] = """{"name":"Fuzz affiliation"}""",
        ["POST /api/orgs/{orgId}/activities"] = $$"""{"programId":"{{f.ProgramId}}","name":"Fuzz activity"}""",
        ["POST /api/orgs/{orgId}/mass-invoices"] =
            $$"""{"selection":{"tab":"persons","ids":[{"accountId":"{{f.AccountId}}","personId":"{{f.PersonId}}"}]},"description":"Swim","amount":{"minor":2000,"currency":"USD"},"dueDate":"2027-01-15","memo":"Fuzz"}""",
        ["POST /api/orgs/{orgId}/accounts/{accountId}/invoices"] =
            """{"lines":[{"description":"Session","amount":{"minor":2000,"currency":"USD"}}],"dueDate":"2027-01-15"}""",
        ["POST /api/orgs/{orgId}/accounts/{accountId}/credits"] = """{"amount":{"minor":500,"currency":"USD"},"reason":"Goodwill"}""",
        ["POST /api/orgs/{orgId}/accounts/{accountId}/payments"] = """{"amount":{"minor":500,"currency":"USD"}}""",
    };

    private sealed record Family(string Org, string AccountId, string PersonId, string ProgramId, string ActivityId, string AffiliationId, string MethodId, string UserId);

    private sealed record Case(string Client, string Name, HttpMethod Method, string Url, string? Body, string ContentType, string? IdempotencyKey);

    [Fact]
    public async Task Every_route_answers_malformed_input_with_a_4xx_problem() // decision 9
    {
        var family = await NewFamily();
        using var anonymous = fixture.Anonymous();
        using var admin = await fixture.Admin(family.Org);
        using var customer = await fixture.Customer(family.UserId);
        var clients = new Dictionary<string, HttpClient> { ["anonymous"] = anonymous, ["admin"] = admin, ["customer"] = customer };
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!;

        var cases = CasesFor(document, family).ToList();
        var failures = new List<string>();
        foreach (var @case in cases)
        {
            using var request = new HttpRequestMessage(@case.Method, @case.Url);
            if (@case.Body is not null)
            {
                request.Content = new StringContent(@case.Body, Encoding.UTF8);
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(@case.ContentType);
            }

            if (@case.IdempotencyKey is not null)
            {
                request.Headers.TryAddWithoutValidation("Idempotency-Key", @case.IdempotencyKey);
            }

            using var response = await clients[@case.Client].SendAsync(request);
            var status = (int)response.StatusCode;
            if (status is < 400 or >= 500 || response.Content.Headers.ContentType?.MediaType != Problem)
            {
                var body = await response.Content.ReadAsStringAsync();
                failures.Add($"{@case.Name}: {status} {response.Content.Headers.ContentType?.MediaType} {body[..Math.Min(body.Length, 300)]}");
            }
        }

        Assert.True(cases.Count > 300, $"Only {cases.Count} cases: is the OpenAPI document still listing the routes?");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} malformed requests were not a 4xx problem:\n{string.Join('\n', failures)}");
    }

    private async Task<Family> NewFamily()
    {
        var org = await fixture.NewOrganization();
        var catalog = fixture.Grains.GetGrain<IOrganizationGrain>(org);
        var program = await catalog.AddProgram("Aquatics");
        var activity = await catalog.AddActivity(program.Id, "Swim");
        var affiliation = await catalog.AddAffiliation("Resident");
        var userId = ApiFixture.NewUserId();
        var account = fixture.Grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(org, "acc-fuzz"));
        await account.Open(new OpenAccount(userId, "Fuzz family"));
        var person = await account.AddPerson(new NewPerson("Ava", "Roy"));
        await account.Enroll(person.Id, activity.Id);
        var wallet = fixture.Grains.GetGrain<IWalletGrain>(userId);
        var method = await wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.Visa,
            new BillingAddress("1 Main Street", "Burlington", "05401", "US", "VT")));
        await wallet.Authorize(method.Id, org);
        return new Family(org, "acc-fuzz", person.Id, program.Id, activity.Id, affiliation.Id, method.Id, userId);
    }

    private static IEnumerable<Case> CasesFor(JsonNode document, Family family)
    {
        var samples = Samples(family);
        foreach (var (template, pathItem) in document["paths"]!.AsObject())
        {
            if (!template.StartsWith("/api/", StringComparison.Ordinal))
            {
                continue;
            }

            var client = template.StartsWith("/api/me", StringComparison.Ordinal) ? "customer"
                : template.StartsWith("/api/orgs", StringComparison.Ordinal) ? "admin"
                : "anonymous";
            foreach (var (verb, operationNode) in pathItem!.AsObject())
            {
                if (operationNode?["responses"] is null)
                {
                    continue;
                }

                var operation = operationNode;
                var method = new HttpMethod(verb.ToUpperInvariant());
                var parameters = (operation["parameters"]?.AsArray() ?? []).Concat(pathItem["parameters"]?.AsArray() ?? []).ToList();
                var pathParameters = parameters.Where(p => (string?)p!["in"] == "path").Select(p => (string)p!["name"]!).ToList();
                var queryParameters = parameters.Where(p => (string?)p!["in"] == "query").Select(p => (string)p!["name"]!).ToList();
                var takesIdempotencyKey = parameters.Any(p => (string?)p!["in"] == "header" && (string?)p!["name"] == "Idempotency-Key");
                var bodySchema = operation["requestBody"]?["content"]?["application/json"]?["schema"];
                var key = $"{method} {template}";
                var validBody = bodySchema is null ? null : samples.GetValueOrDefault(key) ?? Sample(document, bodySchema, 0)!.ToJsonString();

                string Url(string? badParameter = null, string? badSegment = null, string query = "") =>
                    pathParameters.Aggregate(template, (url, name) =>
                        url.Replace($"{{{name}}}", name == badParameter ? badSegment! : ValidSegment(name, family), StringComparison.Ordinal)) + query;

                Case Make(string what, string url, string? body = null, string contentType = "application/json", string? idempotencyKey = null) =>
                    new(client, $"{key} [{what}]", method, url, body ?? validBody, contentType, idempotencyKey);

                foreach (var name in pathParameters)
                {
                    foreach (var segment in name == "number" ? ["-1", "99999999999", "abc", .. BadSegments] : BadSegments)
                    {
                        yield return Make($"{name}={segment}", Url(name, segment));
                    }
                }

                foreach (var name in queryParameters)
                {
                    foreach (var value in BadQueryValues)
                    {
                        yield return Make($"?{name}={Shorten(value)}", Url(query: $"?{name}={value}"));
                    }
                }

                if (takesIdempotencyKey)
                {
                    foreach (var idempotencyKey in BadIdempotencyKeys)
                    {
                        yield return Make($"Idempotency-Key={Shorten(idempotencyKey)}", Url(), idempotencyKey: idempotencyKey);
                    }
                }

                if (validBody is null)
                {
                    continue;
                }

                foreach (var raw in BadRawBodies)
                {
                    yield return Make($"body {Shorten(raw)}", Url(), raw);
                }

                yield return Make("text/plain body", Url(), validBody, "text/plain");
                yield return Make("form body", Url(), "a=1", "application/x-www-form-urlencoded");
                yield return Make("missing fields", Url(), "{}");
                foreach (var (what, mutated) in Mutations(document, bodySchema!, JsonNode.Parse(validBody)!))
                {
                    yield return Make(what, Url(), mutated);
                }
            }
        }
    }

    private static string ValidSegment(string name, Family f) => name switch
    {
        "orgId" => f.Org,
        "accountId" => f.AccountId,
        "personId" => f.PersonId,
        "activityId" => f.ActivityId,
        "affiliationId" => f.AffiliationId,
        "methodId" => f.MethodId,
        "number" => "1",
        _ => "x-missing-1",
    };

    /// <summary>
    /// Every node of a valid body replaced, one at a time, by something no field accepts. A field the schema marks
    /// nullable may also be absent, null or blank, so only required ones are removed or blanked.
    /// </summary>
    private static IEnumerable<(string What, string Body)> Mutations(JsonNode document, JsonNode schema, JsonNode valid)
    {
        foreach (var (path, leaf, optional) in Nodes(document, schema, valid, ""))
        {
            var name = path[(path.LastIndexOf('.') + 1)..];
            IEnumerable<JsonNode?> replacements = leaf switch
            {
                JsonValue v when v.GetValueKind() == JsonValueKind.String => StringMutations(name, (string)v!, optional),
                JsonValue v when v.GetValueKind() == JsonValueKind.Number =>
                [
                    "abc", JsonNode.Parse("1e400"), JsonNode.Parse("9223372036854775808"), -1, long.MinValue, 0.5, new JsonObject(), new JsonArray(),
                ],
                JsonValue => ["x", 1, new JsonObject()],
                JsonObject => ["x", 1, new JsonArray()],
                JsonArray array => ["x", new JsonObject(), new JsonArray(), Repeated(array, 6_000)],
                _ => [],
            };
            foreach (var replacement in optional ? replacements : replacements.Append(null))
            {
                var copy = valid.DeepClone();
                Replace(copy, path, replacement?.DeepClone());
                yield return ($"{path}={Shorten(replacement?.ToJsonString() ?? "null")}", copy.ToJsonString());
            }

            if (!optional && Parent(valid, path).Parent is JsonObject)
            {
                var copy = valid.DeepClone();
                Remove(copy, path);
                yield return ($"{path} missing", copy.ToJsonString());
            }
        }
    }

    private static IEnumerable<JsonNode?> StringMutations(string name, string value, bool optional)
    {
        yield return 12345;
        yield return true;
        yield return new JsonObject();
        yield return new JsonArray();
        if (!optional)
        {
            yield return "";
            yield return "   ";
        }

        yield return new string('x', 10_000);
        yield return "a\u0000b";
        if (DateOnly.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            yield return "2027-02-30";
        }

        if (name.EndsWith("Id", StringComparison.Ordinal) || name is "subject" or "token" or "currency" or "role" or "tab" or "country")
        {
            yield return "a/b";
            yield return "\u00e9t\u00e9";
        }

        if (name is "tab" or "role")
        {
            yield return "7";
        }
    }

    /// <summary>Every node under the root with its dotted path (array elements by index) and whether its schema lets it be null.</summary>
    private static IEnumerable<(string Path, JsonNode Node, bool Optional)> Nodes(JsonNode document, JsonNode? schema, JsonNode node, string path)
    {
        schema = Resolve(document, schema);
        var children = node switch
        {
            JsonObject o => o.Select(p => (Name: p.Key, Child: p.Value, Schema: schema?["properties"]?[p.Key])),
            JsonArray a => a.Select((c, i) => (Name: i.ToString(System.Globalization.CultureInfo.InvariantCulture), Child: c, Schema: schema?["items"])),
            _ => [],
        };
        foreach (var (name, child, childSchema) in children.ToList())
        {
            if (child is null)
            {
                continue;
            }

            var childPath = path.Length == 0 ? name : $"{path}.{name}";
            yield return (childPath, child, node is JsonObject && Nullable(childSchema));
            foreach (var descendant in Nodes(document, childSchema, child, childPath))
            {
                yield return descendant;
            }
        }
    }

    private static bool Nullable(JsonNode? schema) =>
        (schema?["type"] is JsonArray types && types.Any(t => (string?)t == "null"))
        || (schema?["oneOf"] is JsonArray options && options.Any(o => (string?)o?["type"] == "null"));

    /// <summary>The schema behind a $ref, or behind a "null or X" choice.</summary>
    private static JsonNode? Resolve(JsonNode document, JsonNode? schema)
    {
        if (schema?["oneOf"] is JsonArray options)
        {
            schema = options.FirstOrDefault(o => (string?)o?["type"] != "null");
        }

        return schema?["$ref"] is { } reference ? Resolve(document, document["components"]!["schemas"]![((string)reference!).Split('/')[^1]]) : schema;
    }

    private static void Replace(JsonNode root, string path, JsonNode? value)
    {
        var (parent, last) = Parent(root, path);
        if (parent is JsonArray array)
        {
            array[int.Parse(last, System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            parent.AsObject()[last] = value;
        }
    }

    private static void Remove(JsonNode root, string path)
    {
        var (parent, last) = Parent(root, path);
        if (parent is JsonObject o)
        {
            o.Remove(last);
        }
    }

    private static (JsonNode Parent, string Last) Parent(JsonNode root, string path)
    {
        var parts = path.Split('.');
        var parent = parts[..^1].Aggregate(root, (node, part) =>
            node is JsonArray a ? a[int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)]! : node[part]!);
        return (parent, parts[^1]);
    }

    private static JsonArray Repeated(JsonArray array, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => array.Count > 0 ? array[0]!.DeepClone() : JsonValue.Create("x"))];

    /// <summary>A body the schema describes, for routes without a hand-written sample.</summary>
    private static JsonNode? Sample(JsonNode document, JsonNode schema, int depth)
    {
        if (depth > 6 || Resolve(document, schema) is not { } resolved)
        {
            return null;
        }

        schema = resolved;
        if (schema["enum"] is JsonArray values && values.Count > 0)
        {
            return values[0]!.DeepClone();
        }

        var types = schema["type"] switch
        {
            JsonArray many => many.Select(t => (string)t!).ToList(),
            JsonValue one => [(string)one!],
            _ => [],
        };
        var type = types.FirstOrDefault(t => t != "null") ?? (schema["properties"] is not null ? "object" : "string");
        return type switch
        {
            "object" => new JsonObject((schema["properties"]?.AsObject() ?? [])
                .Select(p => KeyValuePair.Create(p.Key, Sample(document, p.Value!, depth + 1)))),
            "array" => schema["items"] is { } items ? new JsonArray(Sample(document, items, depth + 1)) : [],
            "integer" or "number" => 1,
            "boolean" => false,
            _ => (string?)schema["format"] == "date" ? "2027-01-15" : "x-sample-1",
        };
    }

    private static string Shorten(string text) => text.Length > 24 ? $"{text[..12]}…({text.Length})" : text;
}
