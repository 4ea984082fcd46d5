using System.Text.Json.Nodes;

namespace SmartRec.StripeEmulator.Http;

/// <summary>
/// A Stripe error answer: the status code and <c>{"error":{"type","code","decline_code","message","param",...}}</c>.
/// Thrown by handlers and written by <see cref="StripeErrorMiddleware"/>, so every refusal has Stripe's shape.
/// </summary>
internal sealed class StripeError(int status, string type, string? code, string message, string? param = null) : Exception(message)
{
    public int Status { get; } = status;

    public string Type { get; } = type;

    public string? Code { get; } = code;

    public string? Param { get; } = param;

    /// <summary>Stripe's hint to clients: true for 409 and 429 and 5xx, which may succeed when sent again.</summary>
    public bool? ShouldRetry { get; init; }

    public string? DeclineCode { get; init; }

    /// <summary>Objects Stripe attaches to a card error, e.g. <c>payment_intent</c> and <c>charge</c>.</summary>
    public JsonObject Extra { get; init; } = [];

    public static StripeError InvalidRequest(string code, string message, string? param = null) =>
        new(StatusCodes.Status400BadRequest, "invalid_request_error", code, message, param);

    public static StripeError Missing(string kind, string id, string? param = "id") =>
        new(StatusCodes.Status404NotFound, "invalid_request_error", "resource_missing", $"No such {kind}: '{id}'", param);

    public static StripeError Authentication(string message) =>
        new(StatusCodes.Status401Unauthorized, "invalid_request_error", null, message);

    public static StripeError RateLimited() =>
        new(StatusCodes.Status429TooManyRequests, "invalid_request_error", "rate_limit",
            "Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.")
        { ShouldRetry = true };

    public static StripeError Internal() =>
        new(StatusCodes.Status500InternalServerError, "api_error", null,
            "An unknown error occurred while processing your request. (injected by the emulator)")
        { ShouldRetry = true };

    public static StripeError KeyConflict(string key) =>
        new(StatusCodes.Status400BadRequest, "idempotency_error", null,
            $"Keys for idempotent requests can only be used with the same parameters they were first used with. " +
            $"Try using a key other than '{key}' if you meant to execute a different request.");

    public static StripeError KeyInUse() =>
        new(StatusCodes.Status409Conflict, "invalid_request_error", "idempotency_key_in_use",
            "There is currently another in-progress request using this Stripe-Idempotency-Key. Please try again later.")
        { ShouldRetry = true };

    public JsonObject ToJson()
    {
        var error = new JsonObject
        {
            ["type"] = Type,
            ["message"] = Message,
        };
        if (Code is not null)
        {
            error["code"] = Code;
            error["doc_url"] = $"https://stripe.com/docs/error-codes/{Code.Replace('_', '-')}";
        }

        if (DeclineCode is not null)
        {
            error["decline_code"] = DeclineCode;
        }

        if (Param is not null)
        {
            error["param"] = Param;
        }

        foreach (var (name, value) in Extra)
        {
            error[name] = value?.DeepClone();
        }

        return new JsonObject { ["error"] = error };
    }
}
