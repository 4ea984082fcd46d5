using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using SmartRec.Cli.Api;

namespace SmartRec.Cli.Infrastructure;

/// <summary>
/// The mass-charge routes and Action Center actions as issue 10 and issue 11 name them, called directly because the
/// engine's OpenAPI document does not describe them yet; once it does, the generated client replaces these calls.
/// Refusals throw the generated <see cref="ApiException"/>, so they end in the same exit codes.
/// </summary>
public sealed class ContractRoutes(HttpClient http)
{
    public Task<JsonElement> PostAsync(string path, object? body, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/'))
        {
            Content = body is null ? null : new StringContent(JsonSerializer.Serialize(body, SmartRecClient.Json), Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return SendForJsonAsync(request, cancellationToken);
    }

    public Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken = default) =>
        SendForJsonAsync(new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/')), cancellationToken);

    /// <summary>The body as text in the media type asked for (CSV results).</summary>
    public async Task<string> GetTextAsync(string path, string mediaType, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/'));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode ? text : throw Refused(response, text);
    }

    /// <summary>The JSON data of each Server-Sent Event, as it arrives, until the server ends the stream.</summary>
    public async IAsyncEnumerable<JsonElement> EventsAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/'));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw Refused(response, await response.Content.ReadAsStringAsync(cancellationToken));
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Append(line.AsSpan(5).TrimStart());
            }
            else if (line.Length == 0 && data.Length > 0)
            {
                yield return JsonDocument.Parse(data.ToString()).RootElement.Clone();
                data.Clear();
            }
        }
    }

    private async Task<JsonElement> SendForJsonAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw Refused(response, text);
            }

            return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    private static ApiException Refused(HttpResponseMessage response, string text) =>
        new($"{(int)response.StatusCode} {response.ReasonPhrase}", (int)response.StatusCode, text,
            response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => h.Value), null);
}
