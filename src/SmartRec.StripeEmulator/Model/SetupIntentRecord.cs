using System.Text.Json.Nodes;

namespace SmartRec.StripeEmulator.Model;

internal sealed class SetupIntentRecord(string id, long created) : IStripeObject
{
    public string Id { get; } = id;

    public string? CustomerId { get; set; }

    public string? PaymentMethodId { get; set; }

    public string? MandateId { get; set; }

    public string Usage { get; set; } = "off_session";

    public string Status { get; set; } = "requires_payment_method";

    public List<string> PaymentMethodTypes { get; set; } = ["card"];

    public Dictionary<string, string> Metadata { get; set; } = [];

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["object"] = "setup_intent",
        ["created"] = created,
        ["client_secret"] = $"{Id}_secret_emulated",
        ["customer"] = CustomerId,
        ["payment_method"] = PaymentMethodId,
        ["mandate"] = MandateId,
        ["usage"] = Usage,
        ["status"] = Status,
        ["allowed_payment_method_types"] = Json.Array(PaymentMethodTypes),
        ["payment_method_types"] = Json.Array(PaymentMethodTypes),
        ["livemode"] = false,
        ["metadata"] = Json.Hash(Metadata),
    };
}
