using System.Text.Json;

namespace SmartRec.Cli.Tests;

/// <summary>An operator's session with the tool against the real engine: sign in, preview, start, watch, results (R11).</summary>
[Collection(CliCollection.Name)]
public sealed class MassInvoiceCliTests(CliFixture fixture)
{
    [Fact]
    public async Task An_operator_previews_starts_watches_and_exports_a_mass_invoice_of_an_activity()
    {
        var shell = await SignedIn("operator");

        var catalog = await shell.RunAsync("activities", "--json");
        var preview = await shell.RunAsync("mass-invoice", "preview", "--tab", "accounts", "--activity", fixture.SwimId, "--amount", "12.50", "--json");
        var started = await shell.RunAsync("mass-invoice", "start", "--tab", "accounts", "--activity", fixture.SwimId,
            "--amount", "12.50", "--description", "Swim season", "--due-date", "2027-03-01", "--key", "swim-" + Guid.NewGuid(), "--json");
        var batchId = Json(started).GetProperty("batchId").GetString()!;
        var watched = await shell.RunAsync("mass-invoice", "watch", batchId, "--interval", "100");
        var csv = await shell.RunAsync("mass-invoice", "results", batchId, "--csv");

        Assert.Equal("Swim", Assert.Single(Json(catalog).EnumerateArray()).GetProperty("name").GetString());
        var counted = Json(preview);
        Assert.Equal((CliFixture.Families, 1250L * CliFixture.Families),
            (counted.GetProperty("targets").GetInt32(), counted.GetProperty("total").GetProperty("minor").GetInt64()));
        Assert.Equal(0, watched.ExitCode);
        Assert.Equal($"{batchId} completed {CliFixture.Families}/{CliFixture.Families} done, 0 failed", watched.Lines[^1]);
        Assert.Equal(0, csv.ExitCode);
        Assert.Equal("accountId,personId,invoiceId,outcome,code", csv.Lines[0]);
        var rows = csv.Lines[1..].Select(line => line.Split(',')).ToList();
        Assert.Equal(Enumerable.Range(1, CliFixture.Families).Select(n => $"acc-{n:00}"), rows.Select(r => r[0]).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal(("", "created"), (r[1], r[3])));
        Assert.Equal(CliFixture.Families, rows.Select(r => r[2]).Distinct().Count());
    }

    [Fact]
    public async Task Watch_with_json_prints_one_progress_document_per_line_ending_completed()
    {
        var shell = await SignedIn("admin");
        var started = await shell.RunAsync("mass-invoice", "start", "--activity", fixture.SwimId, "--amount", "3",
            "--description", "Towels", "--due-date", "2027-03-01", "--json");

        var watched = await shell.RunAsync("mass-invoice", "watch", Json(started).GetProperty("batchId").GetString()!, "--json", "--interval", "50");

        Assert.Equal(0, watched.ExitCode);
        var progress = watched.Lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal("completed", progress[^1].GetProperty("status").GetString());
        Assert.Equal(CliFixture.Families, progress[^1].GetProperty("created").GetInt32()); // Persons tab: one swimmer per family
        Assert.All(progress[..^1], p => Assert.NotEqual("completed", p.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Exit_codes_tell_usage_refusal_and_unreachable_apart()
    {
        var shell = await SignedIn("viewer");

        var unknownCommand = await shell.RunAsync("mass-invoices");
        var missingArgument = await shell.RunAsync("mass-invoice", "watch");
        var badAmount = await shell.RunAsync("mass-invoice", "preview", "--amount", "1.234");
        var unknownActivity = await shell.RunAsync("mass-invoice", "preview", "--activity", "act-404");
        var viewerStarts = await shell.RunAsync("mass-invoice", "start", "--amount", "3", "--description", "No", "--due-date", "2027-03-01");
        var unknownBatch = await shell.RunAsync("mass-invoice", "watch", "mi-nothing");

        Assert.Equal([2, 2, 2], new[] { unknownCommand.ExitCode, missingArgument.ExitCode, badAmount.ExitCode });
        Assert.Equal(1, unknownActivity.ExitCode);
        Assert.Contains("400 directory.filter", unknownActivity.Errors, StringComparison.Ordinal);
        Assert.Equal(1, viewerStarts.ExitCode); // a role that may not is a refusal, not a sign-in problem
        Assert.Contains("403", viewerStarts.Errors, StringComparison.Ordinal);
        Assert.Equal(1, unknownBatch.ExitCode);
        Assert.Contains("404", unknownBatch.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_token_or_an_engine_that_is_not_there_exits_3()
    {
        var shell = fixture.NewShell();

        var notSignedIn = await shell.RunAsync("programs");
        var badToken = await shell.RunAsync("login", "--url", fixture.BaseAddress.ToString(), "--token", "not-a-token", "--org", fixture.Organization);
        var nobodyThere = await fixture.NewShell().RunAsync("login", "--url", $"http://127.0.0.1:{SmartRec.Tests.Shared.EngineHost.FreePort()}",
            "--dev-subject", "x", "--role", "admin", "--org", fixture.Organization);

        Assert.Equal((3, 3, 3), (notSignedIn.ExitCode, badToken.ExitCode, nobodyThere.ExitCode));
        Assert.Contains("smartrec login", notSignedIn.Errors, StringComparison.Ordinal);
        Assert.Contains("401", badToken.Errors, StringComparison.Ordinal);
    }

    private async Task<CliFixture.Shell> SignedIn(string role)
    {
        var shell = fixture.NewShell();
        var login = await shell.RunAsync("login", "--url", fixture.BaseAddress.ToString(), "--dev-subject", $"{role}@tools", "--role", role,
            "--org", fixture.Organization);
        Assert.True(login.ExitCode == 0, login.Errors);
        Assert.Contains("Tool Test Parks", login.Output, StringComparison.Ordinal);
        return shell;
    }

    private static JsonElement Json(CliFixture.Run run)
    {
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Errors}");
        return JsonDocument.Parse(run.Output).RootElement;
    }
}
