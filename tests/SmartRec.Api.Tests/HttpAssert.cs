using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SmartRec.Api.Tests;

public static class HttpAssert
{
    /// <summary>Asserts a problem response with the given status and code, and returns its body.</summary>
    public static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return problem;
    }

    public static async Task<T> Ok<T>(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, ApiFixture.Json)!;
    }

    /// <summary>The problem body minus what differs per request, to compare two refusals.</summary>
    public static async Task<string> ProblemShape(HttpResponseMessage response)
    {
        var problem = await response.Content.ReadFromJsonAsync<Dictionary<string, JsonElement>>();
        problem!.Remove("traceId");
        return $"{(int)response.StatusCode} {JsonSerializer.Serialize(problem)}";
    }

    /// <summary>POSTs a request that moves money with an Idempotency-Key of its own, as every such request needs.</summary>
    public static Task<HttpResponseMessage> PostMoney(this HttpClient client, string url, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", idempotencyKey ?? LettersOnlyKey());
        return client.SendAsync(request);
    }

    /// <summary>
    /// A random key without digits: a GUID's hex now and then holds a run of digits that passes the Luhn check, and the
    /// card-number guard rightly refuses that key before the request reaches the route the test is about (R2).
    /// </summary>
    private static string LettersOnlyKey() => string.Concat(Guid.NewGuid().ToByteArray().Select(b => (char)('a' + (b % 26))));
}
