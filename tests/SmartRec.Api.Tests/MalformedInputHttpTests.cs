using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Organizations;
using SmartRec.Contracts.Wallets;
using SmartRec.Payments.Simulated;
using SmartRec.Tests.Shared;

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

    /// <summary>A name search takes any printable text ("maybe", "-1" and "%ZZ" are names one may look for); only these are refused.</summary>
    private static readonly string[] BadSearchValues = ["%00", "a%0Ab", new string('a', 101)];

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

    /// <param name="RawBody">Bytes sent as they are, for encodings a string cannot carry; otherwise <paramref name="Body"/> in UTF-8.</param>
    /// <param name="Code">The problem code the answer must carry, when one cause is certain (a card number).</param>
    private sealed record Case(
        string Client, string Name, HttpMethod Method, string Url, string? Body, string ContentType, string? IdempotencyKey,
        byte[]? RawBody = null, string? Accept = null, string? Code = null);

    [Fact]
    public async Task Every_route_answers_malformed_input_with_a_4xx_problem() // decision 9
    {
        var family = await NewFamily();
        var (clients, document) = await Clients(family);

        var cases = CasesFor(document, family).ToList();
        var failures = await Send(cases, clients);

        Assert.True(cases.Count > 300, $"Only {cases.Count} cases: is the OpenAPI document still listing the routes?");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} malformed requests were not a 4xx problem:\n{string.Join('\n', failures)}");
        DisposeAll(clients);
    }

    /// <summary>
    /// Issue 12: the whole request, not only its values. Every route gets its valid body in other encodings and
    /// charsets, under other media types, with Accept headers that do not name JSON, and card numbers spelled every way
    /// (a generated corpus) in its path, query keys and values, Idempotency-Key and every body field. Each answer is a
    /// 4xx problem with a code, a card number is refused as one, and the family's data reads the same afterwards.
    /// </summary>
    [Fact]
    public async Task Every_route_answers_hostile_encodings_headers_and_card_numbers_with_a_4xx_problem_and_changes_nothing() // decision 9, R2
    {
        var family = await NewFamily();
        var (clients, document) = await Clients(family);
        var before = await Snapshot(clients, family);

        var cases = HostileCasesFor(document, family).ToList();
        var failures = await Send(cases, clients);

        Assert.True(cases.Count > 1_500, $"Only {cases.Count} hostile cases: is the OpenAPI document still listing the routes?");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} hostile requests were not the expected 4xx problem:\n{string.Join('\n', failures)}");
        Assert.Equal(before, await Snapshot(clients, family));
        DisposeAll(clients);
    }

    private async Task<(Dictionary<string, HttpClient> Clients, JsonNode Document)> Clients(Family family)
    {
        var clients = new Dictionary<string, HttpClient>
        {
            ["anonymous"] = fixture.Anonymous(),
            ["admin"] = await fixture.Admin(family.Org),
            ["customer"] = await fixture.Customer(family.UserId),
        };
        return (clients, JsonNode.Parse(await clients["anonymous"].GetStringAsync("/openapi/v1.json"))!);
    }

    private static void DisposeAll(Dictionary<string, HttpClient> clients)
    {
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }
    }

    private static async Task<List<string>> Send(List<Case> cases, Dictionary<string, HttpClient> clients)
    {
        var failures = new List<string>();
        foreach (var @case in cases)
        {
            using var request = new HttpRequestMessage(@case.Method, @case.Url);
            if (@case.RawBody is not null || @case.Body is not null)
            {
                request.Content = new ByteArrayContent(@case.RawBody ?? Encoding.UTF8.GetBytes(@case.Body!));
                request.Content.Headers.TryAddWithoutValidation("Content-Type", @case.ContentType);
            }

            if (@case.IdempotencyKey is not null)
            {
                request.Headers.TryAddWithoutValidation("Idempotency-Key", @case.IdempotencyKey);
            }

            if (@case.Accept is not null)
            {
                request.Headers.TryAddWithoutValidation("Accept", @case.Accept);
            }

            using var response = await clients[@case.Client].SendAsync(request);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync();
            var code = response.Content.Headers.ContentType?.MediaType == Problem ? CodeOf(body) : null;
            if (status is < 400 or >= 500 || code is null || (@case.Code is not null && code != @case.Code))
            {
                failures.Add($"{@case.Name}: {status} {response.Content.Headers.ContentType?.MediaType} {body[..Math.Min(body.Length, 300)]}");
            }
        }

        return failures;
    }

    private static string? CodeOf(string problem)
    {
        try
        {
            return JsonNode.Parse(problem)?["code"]?.GetValue<string>();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>What the family's owners and admins read; a hostile request that changed anything shows here.</summary>
    private static async Task<string> Snapshot(Dictionary<string, HttpClient> clients, Family f)
    {
        var reads = new[]
        {
            ("customer", "/api/me/wallet"),
            ("customer", "/api/me/notifications"),
            ("admin", $"/api/orgs/{f.Org}/catalog"),
            ("admin", $"/api/orgs/{f.Org}/accounts"),
            ("admin", $"/api/orgs/{f.Org}/persons"),
            ("admin", $"/api/orgs/{f.Org}/accounts/{f.AccountId}/balance"),
            ("admin", $"/api/orgs/{f.Org}/accounts/{f.AccountId}/payment-methods"),
            ("admin", $"/api/orgs/{f.Org}/action-center"),
        };
        var snapshot = new StringBuilder();
        foreach (var (client, url) in reads)
        {
            snapshot.Append(url).Append(' ').AppendLine(await clients[client].GetStringAsync(url));
        }

        return snapshot.ToString();
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

    /// <summary>One operation of the OpenAPI document, with what a request to it needs: a client, its parameters, a valid body.</summary>
    private sealed record Route(
        string Client, string Key, HttpMethod Method, string Template, List<string> PathParameters, List<string> QueryParameters,
        bool TakesIdempotencyKey, string? ValidBody, JsonNode? BodySchema)
    {
        public string Url(Family family, string? badParameter = null, string? badSegment = null, string query = "") =>
            PathParameters.Aggregate(Template, (url, name) =>
                url.Replace($"{{{name}}}", name == badParameter ? badSegment! : ValidSegment(name, family), StringComparison.Ordinal)) + query;

        public Case Make(string what, string url, string? body = null, string contentType = "application/json", string? idempotencyKey = null) =>
            new(Client, $"{Key} [{what}]", Method, url, body ?? ValidBody, contentType, idempotencyKey);
    }

    private static IEnumerable<Route> Routes(JsonNode document, Family family)
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
            foreach (var (verb, operation) in pathItem!.AsObject())
            {
                if (operation?["responses"] is null)
                {
                    continue;
                }

                var method = new HttpMethod(verb.ToUpperInvariant());
                var parameters = (operation["parameters"]?.AsArray() ?? []).Concat(pathItem["parameters"]?.AsArray() ?? []).ToList();
                var bodySchema = operation["requestBody"]?["content"]?["application/json"]?["schema"];
                var key = $"{method} {template}";
                yield return new Route(
                    client, key, method, template,
                    [.. parameters.Where(p => (string?)p!["in"] == "path").Select(p => (string)p!["name"]!)],
                    [.. parameters.Where(p => (string?)p!["in"] == "query").Select(p => (string)p!["name"]!)],
                    parameters.Any(p => (string?)p!["in"] == "header" && (string?)p!["name"] == "Idempotency-Key"),
                    bodySchema is null ? null : samples.GetValueOrDefault(key) ?? Sample(document, bodySchema, 0)!.ToJsonString(),
                    bodySchema);
            }
        }
    }

    private static IEnumerable<Case> CasesFor(JsonNode document, Family family)
    {
        foreach (var route in Routes(document, family))
        {
            foreach (var name in route.PathParameters)
            {
                foreach (var segment in name == "number" ? ["-1", "99999999999", "abc", .. BadSegments] : BadSegments)
                {
                    yield return route.Make($"{name}={segment}", route.Url(family, name, segment));
                }
            }

            foreach (var name in route.QueryParameters)
            {
                foreach (var value in name == "q" ? BadSearchValues : BadQueryValues)
                {
                    yield return route.Make($"?{name}={Shorten(value)}", route.Url(family, query: $"?{name}={value}"));
                }
            }

            if (route.TakesIdempotencyKey)
            {
                foreach (var idempotencyKey in BadIdempotencyKeys)
                {
                    yield return route.Make($"Idempotency-Key={Shorten(idempotencyKey)}", route.Url(family), idempotencyKey: idempotencyKey);
                }
            }

            if (route.ValidBody is not { } validBody)
            {
                continue;
            }

            foreach (var raw in BadRawBodies)
            {
                yield return route.Make($"body {Shorten(raw)}", route.Url(family), raw);
            }

            yield return route.Make("text/plain body", route.Url(family), validBody, "text/plain");
            yield return route.Make("form body", route.Url(family), "a=1", "application/x-www-form-urlencoded");
            yield return route.Make("missing fields", route.Url(family), "{}");
            foreach (var (what, mutated) in Mutations(document, route.BodySchema!, JsonNode.Parse(validBody)!))
            {
                yield return route.Make(what, route.Url(family), mutated);
            }
        }
    }

    /// <summary>Charsets the binder could transcode but the guard would not read: refused whole (R2).</summary>
    private static readonly string[] OtherCharsets = ["utf-16", "utf-16BE", "utf-32", "iso-8859-1", "us-ascii", "bogus", "utf8", "\"utf-16\""];

    /// <summary>Media types no route reads, and JSON types that cannot be parsed.</summary>
    private static readonly string[] OtherContentTypes =
        ["text/json", "application/xml", "multipart/form-data; boundary=x", "application/json;;", "application/json; charset=", "json", "application/x-json"];

    /// <summary>Accept headers that name no JSON type, as browsers and careless clients send them.</summary>
    private static readonly string[] NonJsonAccepts =
        ["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/plain", "application/xml", "image/png", "application/json;q=0"];

    /// <summary>Bytes that are not UTF-8: a lone continuation byte, an overlong slash, a surrogate, a truncated sequence.</summary>
    private static readonly byte[][] InvalidUtf8 = [[0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xFF]];

    private static IEnumerable<Case> HostileCasesFor(JsonNode document, Family family)
    {
        using var spellings = CardNumberSpellings.Corpus(numbers: 60).GetEnumerator();
        string NextSpelling() => spellings.MoveNext() ? spellings.Current : throw new InvalidOperationException("The corpus ran out.");
        string NextAsciiSpelling()
        {
            // Header values are ASCII on one line; the rest of the corpus goes to paths, queries and bodies.
            var spelling = NextSpelling();
            return spelling.All(c => c is >= ' ' and < '\u007f') ? spelling : NextAsciiSpelling();
        }

        foreach (var route in Routes(document, family))
        {
            var url = route.Url(family);
            foreach (var name in route.PathParameters)
            {
                for (var i = 0; i < 8; i++)
                {
                    var spelling = NextSpelling();
                    yield return Refused(route.Make($"{name}=card {Shorten(spelling)}", route.Url(family, name, Uri.EscapeDataString(spelling))));
                }
            }

            for (var i = 0; i < 4; i++)
            {
                var (key, value) = (NextSpelling(), NextSpelling());
                yield return Refused(route.Make($"?card key {Shorten(key)}", url + $"?{Uri.EscapeDataString(key)}=1"));
                var parameter = route.QueryParameters.Count > 0 ? route.QueryParameters[i % route.QueryParameters.Count] : "q";
                yield return Refused(route.Make($"?{parameter}=card {Shorten(value)}", url + $"?{parameter}={Uri.EscapeDataString(value)}"));
            }

            for (var i = 0; i < 3; i++)
            {
                var spelling = NextAsciiSpelling();
                yield return Refused(route.Make($"Idempotency-Key=card {Shorten(spelling)}", url, idempotencyKey: spelling));
            }

            foreach (var accept in NonJsonAccepts)
            {
                var what = $"Accept {Shorten(accept)}";
                yield return route.PathParameters.Count > 0
                    ? route.Make($"{what}, bad segment", route.Url(family, route.PathParameters[^1], "a%2Fb")) with { Accept = accept }
                    : route.Make($"{what}, card in query", url + "?q=4242%204242%204242%204242") with { Accept = accept, Code = "card_number_refused" };
            }

            if (route.ValidBody is not { } validBody)
            {
                continue;
            }

            foreach (var charset in OtherCharsets)
            {
                var name = charset.Trim('"');
                var encoding = name is "bogus" or "utf8" ? Encoding.UTF8 : Encoding.GetEncoding(name);
                yield return route.Make($"charset={charset}", url, contentType: $"application/json; charset={charset}")
                    with { RawBody = encoding.GetBytes(validBody), Code = "request.charset" };
            }

            yield return route.Make("UTF-16 body sent as UTF-8", url) with { RawBody = Encoding.Unicode.GetBytes(validBody) };
            yield return route.Make("UTF-32 body without charset", url) with { RawBody = Encoding.UTF32.GetBytes(validBody) };
            foreach (var contentType in OtherContentTypes)
            {
                yield return route.Make($"Content-Type {contentType}", url, contentType: contentType);
            }

            foreach (var bad in InvalidUtf8)
            {
                yield return route.Make($"invalid UTF-8 {Convert.ToHexString(bad)}", url) with { RawBody = WithBytesInFirstString(validBody, bad), Code = "request.invalid_utf8" };
                yield return route.Make($"invalid UTF-8 {Convert.ToHexString(bad)}, Accept text/html", url)
                    with { RawBody = WithBytesInFirstString(validBody, bad), Code = "request.invalid_utf8", Accept = "text/html" };
            }

            foreach (var (path, _, _) in Nodes(document, route.BodySchema, JsonNode.Parse(validBody)!, "").Where(n => n.Node is JsonValue))
            {
                for (var i = 0; i < 3; i++)
                {
                    var spelling = NextSpelling();
                    var body = JsonNode.Parse(validBody)!;
                    Replace(body, path, spelling);
                    yield return Refused(route.Make($"{path}=card {Shorten(spelling)}", url, body.ToJsonString(Unescaped)));
                }
            }

            var named = JsonNode.Parse(validBody)!;
            if (named is JsonObject root)
            {
                root[NextSpelling()] = "x";
                yield return Refused(route.Make("card number as a property name", url, named.ToJsonString(Unescaped)));
            }
        }
    }

    /// <summary>Non-ASCII text as UTF-8 bytes rather than \u escapes, so the guard reads both forms.</summary>
    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static Case Refused(Case @case) => @case with { Code = "card_number_refused" };

    /// <summary>The body's UTF-8 with <paramref name="bad"/> inside its first string value, so it is still JSON in shape.</summary>
    private static byte[] WithBytesInFirstString(string body, byte[] bad)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var colon = Array.IndexOf(bytes, (byte)':');
        var quote = colon < 0 ? -1 : Array.IndexOf(bytes, (byte)'"', colon);
        return quote < 0 ? [.. bytes, .. bad] : [.. bytes[..(quote + 1)], .. bad, .. bytes[(quote + 1)..]];
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
