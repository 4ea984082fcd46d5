using System.Text.Json.Nodes;

namespace SmartRec.StripeEmulator.Model;

/// <summary>An event as Stripe sends and lists it: a snapshot of the object at the moment it changed.</summary>
internal sealed class EventRecord(string id, long created, string type, JsonObject snapshot, string apiVersion, string? requestId, string? idempotencyKey)
    : IStripeObject
{
    public string Id { get; } = id;

    public string Type { get; } = type;

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["object"] = "event",
        ["api_version"] = apiVersion,
        ["created"] = created,
        ["data"] = new JsonObject { ["object"] = snapshot.DeepClone() },
        ["livemode"] = false,
        ["pending_webhooks"] = 1,
        ["request"] = new JsonObject { ["id"] = requestId, ["idempotency_key"] = idempotencyKey },
        ["type"] = Type,
    };
}
