using System.Text.Json;
using SmartRec.Tests.Shared;

namespace SmartRec.Api.Tests;

/// <summary>
/// The OpenAPI document is the contract the CLI's client (and any other) is generated from: it is linted as generators
/// read it, with Redocly's recommended rules and Spectral's OpenAPI rules, and every operation has a stable name.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiContractTests(ApiFixture fixture) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("smartrec-openapi-").FullName;

    [Fact]
    public async Task The_document_passes_Redocly_recommended_rules_without_a_warning()
    {
        var redocly = await NodeTools.RequireAsync(Path.Combine(".bin", "redocly"));
        var document = await SaveDocument();

        var lint = await NodeTools.RunAsync(redocly,
            ["lint", document, "--config", Path.Combine(NodeTools.RepositoryRoot(), "redocly.yaml"), "--format", "json", "--max-problems", "1000"], _directory);

        Assert.True(lint.ExitCode == 0, lint.Output + lint.Errors);
        var totals = JsonDocument.Parse(lint.Output).RootElement.GetProperty("totals");
        Assert.True(totals.GetProperty("errors").GetInt32() == 0 && totals.GetProperty("warnings").GetInt32() == 0, lint.Output);
        Assert.Equal(0, totals.GetProperty("ignored").GetInt32());
    }

    [Fact]
    public async Task The_document_passes_Spectral_oas_rules_without_a_warning()
    {
        var spectral = await NodeTools.RequireAsync(Path.Combine(".bin", "spectral"));
        var document = await SaveDocument();

        var lint = await NodeTools.RunAsync(spectral,
            ["lint", document, "--ruleset", Path.Combine(NodeTools.RepositoryRoot(), ".spectral.yaml"), "--fail-severity", "hint"], _directory);

        Assert.True(lint.ExitCode == 0 && lint.Output.Contains("No results with a severity of 'hint' or higher found!", StringComparison.Ordinal),
            lint.Output + lint.Errors);
    }

    [Fact]
    public async Task Every_operation_has_a_unique_name_a_summary_and_its_refusals()
    {
        using var document = JsonDocument.Parse(await Document());
        var operations = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Route: $"{op.Name.ToUpperInvariant()} {path.Name}", Operation: op.Value)))
            .ToList();

        Assert.True(operations.Count > 50, $"only {operations.Count} operations");
        var names = operations.Select(o => o.Operation.TryGetProperty("operationId", out var id) ? id.GetString() : null).ToList();
        Assert.Empty(operations.Where((_, i) => string.IsNullOrEmpty(names[i])).Select(o => o.Route));
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(operations.Where(o => !o.Operation.TryGetProperty("summary", out _)).Select(o => o.Route));
        Assert.Empty(operations
            .Where(o => !o.Operation.GetProperty("responses").EnumerateObject().Any(r => r.Name.StartsWith('4')))
            .Select(o => o.Route));
        Assert.Contains("listAccounts", names);
        Assert.Contains("payBalance", names);
        Assert.DoesNotContain(operations, o => o.Route.Contains("/dashboard", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<string> Document()
    {
        using var client = fixture.Anonymous();
        return await client.GetStringAsync("/openapi/v1.json");
    }

    private async Task<string> SaveDocument()
    {
        var path = Path.Combine(_directory, "openapi.json");
        await File.WriteAllTextAsync(path, await Document());
        return path;
    }
}
