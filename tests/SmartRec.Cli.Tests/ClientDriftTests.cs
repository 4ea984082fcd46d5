using SmartRec.Tests.Shared;

namespace SmartRec.Cli.Tests;

/// <summary>
/// The CLI's committed client is what the generator makes of the live OpenAPI document: a route, a parameter or a
/// schema changed without regenerating fails here. To regenerate, run this test with SMARTREC_REGENERATE_CLIENT=1 and
/// commit the file it writes.
/// </summary>
[Collection(CliCollection.Name)]
public sealed class ClientDriftTests(CliFixture fixture)
{
    [Fact]
    public async Task The_committed_client_is_generated_from_the_live_document()
    {
        using var http = new HttpClient { BaseAddress = fixture.BaseAddress };
        var generated = await ClientGeneration.GenerateAsync(await http.GetStringAsync("/openapi/v1.json"));
        var path = Path.Combine(NodeTools.RepositoryRoot(), ClientGeneration.CommittedPath);

        if (Environment.GetEnvironmentVariable("SMARTREC_REGENERATE_CLIENT") == "1")
        {
            await File.WriteAllTextAsync(path, generated);
        }

        var committed = (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n");
        Assert.True(committed == generated,
            $"{ClientGeneration.CommittedPath} differs from the client generated from /openapi/v1.json; " +
            "run this test with SMARTREC_REGENERATE_CLIENT=1 and commit the result.");
        Assert.Contains("StartMassInvoiceAsync(", generated, StringComparison.Ordinal); // method names come from operationIds
    }
}
