using System.Text.Json.Nodes;

namespace SmartRec.StripeEmulator.Model;

internal sealed class PaymentIntentRecord(string id, long created) : IStripeObject
{
    public string Id { get; } = id;

    public long Created { get; } = created;

    public long Amount { get; init; }

    public required string Currency { get; init; }

    public string? CustomerId { get; init; }

    public string? PaymentMethodId { get; set; }

    public string? Description { get; init; }

    public Dictionary<string, string> Metadata { get; init; } = [];

    public List<string> PaymentMethodTypes { get; init; } = ["card"];

    /// <summary>
    /// requires_payment_method → processing (bank debits) → succeeded, or back to requires_payment_method with
    /// <see cref="LastPaymentError"/> when declined or failed at settlement.
    /// </summary>
    public string Status { get; set; } = "requires_payment_method";

    public long AmountReceived { get; set; }

    public string? LatestChargeId { get; set; }

    public JsonObject? LastPaymentError { get; set; }

    /// <summary>
    /// The <c>Idempotency-Key</c> of the request that created it. Stripe does not show it; the emulator keeps it so an
    /// audit can count the charges made under each key (<c>GET /_emulator/charges</c>).
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>The API version of the request that created it, for the events it causes later.</summary>
    public required string ApiVersion { get; init; }

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["object"] = "payment_intent",
        ["amount"] = Amount,
        ["amount_received"] = AmountReceived,
        ["capture_method"] = "automatic",
        ["confirmation_method"] = "automatic",
        ["client_secret"] = $"{Id}_secret_emulated",
        ["created"] = Created,
        ["currency"] = Currency,
        ["customer"] = CustomerId,
        ["description"] = Description,
        ["latest_charge"] = LatestChargeId,
        ["last_payment_error"] = LastPaymentError?.DeepClone(),
        ["livemode"] = false,
        ["metadata"] = Json.Hash(Metadata),
        ["payment_method"] = PaymentMethodId,
        ["allowed_payment_method_types"] = Json.Array(PaymentMethodTypes),
        ["payment_method_types"] = Json.Array(PaymentMethodTypes),
        ["status"] = Status,
    };
}
