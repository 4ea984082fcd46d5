using SmartRec.Tests.Shared;

namespace SmartRec.Admin.BrowserTests;

/// <summary>
/// The admin UI's committed API types are what openapi-typescript makes of the live OpenAPI document: a route, a
/// parameter or a schema changed without regenerating fails here (and the UI's type check would no longer vouch for
/// its calls). To regenerate, run this test with SMARTREC_REGENERATE_CLIENT=1 and commit the file it writes.
/// </summary>
[Collection(AdminCollection.Name)]
public sealed class UiClientDriftTests(AdminFixture fixture)
{
    public const string CommittedPath = "src/SmartRec.AdminUi/src/api/schema.d.ts";

    [Fact]
    public async Task The_committed_UI_types_are_generated_from_the_live_document()
    {
        var generator = await NodeTools.RequireAsync("openapi-typescript/bin/cli.js");
        using var http = fixture.Host.Anonymous();
        var folder = Directory.CreateTempSubdirectory("smartrec-ui-client-");
        try
        {
            var document = Path.Combine(folder.FullName, "openapi.json");
            var output = Path.Combine(folder.FullName, "schema.d.ts");
            await File.WriteAllTextAsync(document, await http.GetStringAsync("/openapi/v1.json"));
            var run = await NodeTools.RunAsync("node", [generator, document, "--output", output], folder.FullName);
            Assert.True(run.ExitCode == 0, $"openapi-typescript failed ({run.ExitCode}):\n{run.Output}\n{run.Errors}");
            var generated = (await File.ReadAllTextAsync(output)).ReplaceLineEndings("\n");

            var path = Path.Combine(NodeTools.RepositoryRoot(), CommittedPath);
            if (Environment.GetEnvironmentVariable("SMARTREC_REGENERATE_CLIENT") == "1")
            {
                await File.WriteAllTextAsync(path, generated);
            }

            var committed = (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n");
            Assert.True(committed == generated,
                $"{CommittedPath} differs from what openapi-typescript generates from /openapi/v1.json; " +
                "run this test with SMARTREC_REGENERATE_CLIENT=1 and commit the result.");
            Assert.Contains("previewMassCharge: {", generated, StringComparison.Ordinal); // operations are named after their operationIds
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
