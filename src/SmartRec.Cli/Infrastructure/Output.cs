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

    /// <summary>One CSV field: quoted when it holds a separator, a quote or a line break (RFC 4180).</summary>
    public static string Csv(string? value) =>
        value is null ? "" : value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
