using System.Text.Json;
using Spectre.Console;
using SmartRec.Cli.Api;

namespace SmartRec.Cli.Infrastructure;

/// <summary>Writes to standard output: JSON for scripts, tables and plain lines for people.</summary>
public static class Output
{
    private static readonly JsonSerializerOptions Indented = new(SmartRecClient.Json) { WriteIndented = true };

    private static readonly JsonSerializerOptions OneLine = new(SmartRecClient.Json) { WriteIndented = false };

    /// <summary>Whether a person is watching: a terminal on standard output, so live progress can redraw in place.</summary>
    public static bool IsInteractive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    public static void Json<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Indented));

    /// <summary>One JSON document on one line (JSON Lines), for a stream of progress a script reads as it comes.</summary>
    public static void JsonLine<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, OneLine));

    public static void Line(string text) => Console.Out.WriteLine(text);

    public static void Table(string[] headers, IEnumerable<string?[]> rows)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var header in headers)
        {
            table.AddColumn(header);
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => Markup.Escape(cell ?? "")).ToArray());
        }

        AnsiConsole.Write(table);
    }

    /// <summary>An answer the generated client does not describe yet: whole as JSON, or its plain fields one per line.</summary>
    public static void Answer(JsonElement body, bool json)
    {
        if (json || body.ValueKind != JsonValueKind.Object)
        {
            Json(body);
            return;
        }

        foreach (var property in body.EnumerateObject().Where(p => p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number))
        {
            Line($"{property.Name}: {property.Value}");
        }
    }

    public static string? Text(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>One CSV field: quoted when it holds a separator, a quote or a line break (RFC 4180).</summary>
    public static string Csv(string? value) =>
        value is null ? "" : value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
