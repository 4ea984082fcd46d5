using System.Text.Json.Nodes;

namespace SmartRec.StripeEmulator.Model;

internal sealed class ChargeRecord(string id, long created) : IStripeObject
{
    public string Id { get; } = id;

    public required string PaymentIntentId { get; init; }

    public required string PaymentMethodId { get; init; }

    public string? CustomerId { get; init; }

    public long Amount { get; init; }

    public required string Currency { get; init; }

    /// <summary>succeeded, pending (a bank debit not settled yet) or failed.</summary>
    public string Status { get; set; } = "pending";

    public long AmountRefunded { get; set; }

    public bool Disputed { get; set; }

    public string? FailureCode { get; set; }

    public string? FailureMessage { get; set; }

    public Dictionary<string, string> Metadata { get; init; } = [];

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["object"] = "charge",
        ["amount"] = Amount,
        ["amount_captured"] = Status == "succeeded" ? Amount : 0,
        ["amount_refunded"] = AmountRefunded,
        ["captured"] = Status == "succeeded",
        ["created"] = created,
        ["currency"] = Currency,
        ["customer"] = CustomerId,
        ["disputed"] = Disputed,
        ["failure_code"] = FailureCode,
        ["failure_message"] = FailureMessage,
        ["livemode"] = false,
        ["metadata"] = Json.Hash(Metadata),
        ["paid"] = Status == "succeeded",
        ["payment_intent"] = PaymentIntentId,
        ["payment_method"] = PaymentMethodId,
        ["refunded"] = AmountRefunded == Amount,
        ["status"] = Status,
    };
}
