using System.Text.Json.Nodes;

namespace SmartRec.StripeEmulator.Model;

/// <summary>The customer's authorization to debit a bank account off-session: required for every ACH and PAD debit.</summary>
internal sealed class MandateRecord(string id, string paymentMethodId, string paymentMethodType, long acceptedAt, JsonObject acceptance, JsonObject? methodDetails)
    : IStripeObject
{
    public string Id { get; } = id;

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["object"] = "mandate",
        ["livemode"] = false,
        ["payment_method"] = paymentMethodId,
        ["status"] = "active",
        ["type"] = "multi_use",
        ["multi_use"] = new JsonObject(),
        ["customer_acceptance"] = Acceptance(),
        ["payment_method_details"] = new JsonObject
        {
            ["type"] = paymentMethodType,
            [paymentMethodType] = methodDetails?.DeepClone() ?? new JsonObject(),
        },
    };

    private JsonObject Acceptance()
    {
        var copy = (JsonObject)acceptance.DeepClone();
        copy["accepted_at"] = acceptedAt;
        return copy;
    }
}
