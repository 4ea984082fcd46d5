using System.Text.Json;

namespace SmartRec.Cli.Tests;

/// <summary>The mass-charge commands against the real engine's routes (R12): what the tool sends, the engine reads.</summary>
[Collection(CliCollection.Name)]
public sealed class MassChargeCliTests(CliFixture fixture)
{
    [Fact]
    public async Task An_operator_previews_starts_and_exports_a_mass_charge_that_skips_families_without_an_authorized_method() // R3, R12
    {
        var shell = fixture.NewShell();
        var login = await shell.RunAsync("login", "--url", fixture.BaseAddress.ToString(), "--dev-subject", "operator@tools", "--role", "operator",
            "--org", fixture.Organization);
        Assert.True(login.ExitCode == 0, login.Errors);

        var preview = await shell.RunAsync("mass-charge", "preview", "--tab", "accounts", "--activity", fixture.SwimId, "--amount", "25.00", "--json");
        var started = await shell.RunAsync("mass-charge", "start", "--tab", "accounts", "--activity", fixture.SwimId, "--amount", "25.00",
            "--notes", "Swim season", "--key", "swim-charge-" + Guid.NewGuid(), "--json");
        Assert.True(started.ExitCode == 0, started.Errors);
        var batchId = JsonDocument.Parse(started.Output).RootElement.GetProperty("batchId").GetString()!;
        var watched = await shell.RunAsync("mass-charge", "watch", batchId, "--json");
        var csv = await shell.RunAsync("mass-charge", "results", batchId, "--csv");

        Assert.True(preview.ExitCode == 0, preview.Errors);
        var counted = JsonDocument.Parse(preview.Output).RootElement;
        Assert.Equal((CliFixture.Families, 0), (counted.GetProperty("targets").GetInt32(), counted.GetProperty("toCharge").GetInt32()));
        Assert.Equal(CliFixture.Families, counted.GetProperty("skippedByReason").GetProperty("no_method_authorized").GetInt32());
        Assert.Contains("completed", watched.Lines[^1], StringComparison.Ordinal);
        Assert.Equal(CliFixture.Families, csv.Lines.Length - 1);
        Assert.All(csv.Lines[1..], line => Assert.Contains(",skipped,", line, StringComparison.Ordinal));
    }
}
