using System.Text;
using System.Text.Json;
using SmartRec.Api.Hosting;
using SmartRec.Domain.Validation;

namespace SmartRec.Api.Security;

/// <summary>
/// Refuses any request that carries something shaped like a card number, in the path, the query or any JSON value,
/// before an endpoint sees it (R2). Card data must reach the processor from the customer's device and come back to
/// us as a token; a number pasted into a name field must not land in storage or logs.
/// </summary>
public sealed class CardNumberGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var offending = InUrl(context.Request) ?? await InJsonBody(context.Request);
        if (offending is not null)
        {
            await Problems.WriteAsync(context, Problems.Create(StatusCodes.Status400BadRequest, "card_number_refused",
                $"'{offending}' looks like a card number. Card numbers never enter SmartRec: tokenize the card with the processor and send the token.",
                offending));
            return;
        }

        await next(context);
    }

    private static string? InUrl(HttpRequest request)
    {
        if (CardNumberDetector.ContainsCardNumber(Uri.UnescapeDataString(request.Path.Value ?? "")))
        {
            return "path";
        }

        return request.Query.FirstOrDefault(q => q.Value.Any(CardNumberDetector.ContainsCardNumber)).Key;
    }

    private static async Task<string?> InJsonBody(HttpRequest request)
    {
        if (request.ContentLength == 0 || !(request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            return null;
        }

        request.EnableBuffering();
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        request.Body.Position = 0;
        return FindInJson(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>
    /// The dotted path (e.g. "billingAddress.line1") of the first string or number that holds a card number, or of the
    /// object whose property name does. Malformed JSON is left to the binder, which answers it with its own 400.
    /// </summary>
    private static string? FindInJson(ReadOnlySpan<byte> json)
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
                            return PathOf(path, "") ?? "body";
                        }

                        break;
                    case JsonTokenType.String when CardNumberDetector.ContainsCardNumber(reader.GetString()):
                    case JsonTokenType.Number when CardNumberDetector.ContainsCardNumber(Encoding.UTF8.GetString(reader.ValueSpan)):
                        return PathOf(path, property) ?? "body";
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }

    private static string? PathOf(Stack<string> parents, string property)
    {
        var parts = parents.Reverse().Append(property).Where(p => p.Length > 0).ToList();
        return parts.Count == 0 ? null : string.Join('.', parts);
    }
}
