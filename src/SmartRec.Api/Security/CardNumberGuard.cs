using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using SmartRec.Api.Hosting;
using SmartRec.Domain.Validation;

namespace SmartRec.Api.Security;

/// <summary>
/// Refuses any request that carries something shaped like a card number, in the path, a query key or value, the
/// Idempotency-Key header or any JSON name or value, before an endpoint sees it (R2). Card data must reach the
/// processor from the customer's device and come back to us as a token; a number pasted into a name field must not
/// land in storage or logs. It runs before authentication, so it also refuses bodies it cannot read as the binder
/// would: JSON that declares a charset other than UTF-8 (the binder would transcode it, so what was checked would
/// not be what is stored) and bytes that are not UTF-8.
/// </summary>
public sealed class CardNumberGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var refusal = InUrl(context.Request) ?? InHeaders(context.Request) ?? await InJsonBody(context.Request);
        if (refusal is not null)
        {
            await Problems.WriteAsync(context, refusal);
            return;
        }

        await next(context);
    }

    private static ProblemDetails? InUrl(HttpRequest request)
    {
        if (CardNumberDetector.ContainsCardNumber(Uri.UnescapeDataString(request.Path.Value ?? "")))
        {
            return CardNumber("path");
        }

        // A key is named "query", not echoed: the card number would come back in the answer.
        if (request.Query.Any(q => CardNumberDetector.ContainsCardNumber(q.Key)))
        {
            return CardNumber("query");
        }

        return request.Query.FirstOrDefault(q => q.Value.Any(CardNumberDetector.ContainsCardNumber)).Key is { } key ? CardNumber(key) : null;
    }

    private static ProblemDetails? InHeaders(HttpRequest request) =>
        request.Headers[IdempotencyKeys.Header].Any(CardNumberDetector.ContainsCardNumber) ? CardNumber(IdempotencyKeys.Header) : null;

    private static async Task<ProblemDetails?> InJsonBody(HttpRequest request)
    {
        var contentType = request.ContentType;
        if (request.ContentLength == 0 || !(contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            return null;
        }

        // A charset given empty is no charset the binder knows either: it would fail with a 500, not a 400.
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || mediaType.Parameters.Any(p => p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase)
                && !HeaderUtilities.RemoveQuotes(p.Value).Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "request.charset",
                "JSON bodies are read as UTF-8 only: send 'Content-Type: application/json' or 'application/json; charset=utf-8'.", "Content-Type");
        }

        request.EnableBuffering();
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        request.Body.Position = 0;
        var body = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (!Utf8.IsValid(body))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "request.invalid_utf8", "The body is not valid UTF-8.", "body");
        }

        return FindInJson(body);
    }

    /// <summary>
    /// A refusal naming the dotted path (e.g. "billingAddress.line1") of the first string or number that holds a card
    /// number, or of the object whose property name does. Malformed JSON is left to the binder, which answers it with
    /// its own 400; a string no one can read as text (an escaped lone surrogate) is refused here.
    /// </summary>
    private static ProblemDetails? FindInJson(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var path = new Stack<string>();
        var property = "";
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        path.Push(property);
                        break;
                    case JsonTokenType.EndObject:
                        property = path.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        property = reader.GetString() ?? "";
                        if (CardNumberDetector.ContainsCardNumber(property))
                        {
                            return CardNumber(PathOf(path, "") ?? "body");
                        }

                        break;
                    case JsonTokenType.String when CardNumberDetector.ContainsCardNumber(reader.GetString()):
                    case JsonTokenType.Number when CardNumberDetector.ContainsCardNumber(Encoding.UTF8.GetString(reader.ValueSpan)):
                        return CardNumber(PathOf(path, property) ?? "body");
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException e)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "request.unreadable", $"A JSON string cannot be read as text: {e.Message}", "body");
        }

        return null;
    }

    private static ProblemDetails CardNumber(string field) =>
        Problems.Create(StatusCodes.Status400BadRequest, "card_number_refused",
            $"'{field}' looks like a card number. Card numbers never enter SmartRec: tokenize the card with the processor and send the token.",
            field);

    private static string? PathOf(Stack<string> parents, string property)
    {
        var parts = parents.Reverse().Append(property).Where(p => p.Length > 0).ToList();
        return parts.Count == 0 ? null : string.Join('.', parts);
    }
}
