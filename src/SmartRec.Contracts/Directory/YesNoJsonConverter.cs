using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmartRec.Contracts.Directory;

/// <summary>
/// Reads a saved-method criterion as the query string spells it ("yes"/"no") or as a JSON boolean, so a filter copied
/// from the Accounts tab's URL into a bulk request's body means the same thing. Writes "yes" or "no", as the query string does.
/// </summary>
public sealed class YesNoJsonConverter : JsonConverter<bool?>
{
    public override bool HandleNull => true;

    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.String => reader.GetString()?.Trim().ToLowerInvariant() switch
        {
            "yes" or "true" => true,
            "no" or "false" => false,
            _ => throw new JsonException("Expected yes, no, true or false."),
        },
        _ => throw new JsonException("Expected yes, no, true or false."),
    };

    public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
    {
        if (value is { } flag)
        {
            writer.WriteStringValue(flag ? "yes" : "no");
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
