using System.Text.Json.Nodes;

namespace SmartRec.StripeEmulator.Model;

internal interface IStripeObject
{
    string Id { get; }

    /// <summary>The object as Stripe renders it, its expandable fields as ids.</summary>
    JsonObject ToJson();
}

internal static class Json
{
    public static JsonObject Hash(IReadOnlyDictionary<string, string> values)
    {
        var hash = new JsonObject();
        foreach (var (key, value) in values)
        {
            hash[key] = value;
        }

        return hash;
    }

    public static JsonArray Array(IEnumerable<string> values) => [.. values.Select(v => (JsonNode?)JsonValue.Create(v))];
}
