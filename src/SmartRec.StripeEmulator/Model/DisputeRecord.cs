using System.Text.Json.Nodes;

namespace SmartRec.StripeEmulator.Model;

internal sealed class DisputeRecord(string id, long created, ChargeRecord charge) : IStripeObject
{
    public string Id { get; } = id;

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["object"] = "dispute",
        ["amount"] = charge.Amount,
        ["charge"] = charge.Id,
        ["created"] = created,
        ["currency"] = charge.Currency,
        ["is_charge_refundable"] = false,
        ["livemode"] = false,
        ["metadata"] = new JsonObject(),
        ["payment_intent"] = charge.PaymentIntentId,
        ["reason"] = "fraudulent",
        ["status"] = "needs_response",
    };
}
