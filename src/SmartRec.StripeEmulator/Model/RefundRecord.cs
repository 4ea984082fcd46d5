using System.Text.Json.Nodes;

namespace SmartRec.StripeEmulator.Model;

internal sealed class RefundRecord(string id, long created) : IStripeObject
{
    public string Id { get; } = id;

    public long Amount { get; init; }

    public required string Currency { get; init; }

    public required string ChargeId { get; init; }

    public required string PaymentIntentId { get; init; }

    public string? Reason { get; init; }

    public Dictionary<string, string> Metadata { get; init; } = [];

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["object"] = "refund",
        ["amount"] = Amount,
        ["charge"] = ChargeId,
        ["created"] = created,
        ["currency"] = Currency,
        ["metadata"] = Json.Hash(Metadata),
        ["payment_intent"] = PaymentIntentId,
        ["reason"] = Reason,
        ["status"] = "succeeded",
    };
}
