using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmartRec.Cli.Api;

public partial class SmartRecClient
{
    /// <summary>The engine writes enums as camelCase strings ("completed", "persons"); the generated client reads them so.</summary>
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) =>
        settings.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));

    /// <summary>The options the client reads and writes with, so --json prints what the engine sent.</summary>
    public static JsonSerializerOptions Json => _settings.Value;
}
