using System.Text.Json.Nodes;

namespace SmartRec.StripeEmulator.Model;

internal sealed class CustomerRecord(string id, long created) : IStripeObject
{
    public string Id { get; } = id;

    public string? Email { get; set; }

    public string? Name { get; set; }

    public string? Description { get; set; }

    public Dictionary<string, string> Metadata { get; set; } = [];

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["object"] = "customer",
        ["created"] = created,
        ["email"] = Email,
        ["name"] = Name,
        ["description"] = Description,
        ["livemode"] = false,
        ["metadata"] = Json.Hash(Metadata),
    };
}
