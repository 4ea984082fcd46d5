using System.Text.Json;
using SmartRec.Contracts;
using SmartRec.Contracts.Billing;

namespace SmartRec.Cli.Tests;

/// <summary>The mass-charge commands against the real engine's routes (R12): what the tool sends, the engine reads and charges.</summary>
[Collection(CliCollection.Name)]
public sealed class MassChargeCliTests(CliFixture fixture)
{
    private const int Skipped = CliFixture.Families - CliFixture.FamiliesWithACard - CliFixture.FamiliesWithADecliningCard;

    [Fact]
    public async Task An_operator_previews_starts_watches_and_exports_a_mass_charge_and_the_exit_code_tells_a_decline() // R3, R12
    {
        var shell = fixture.NewShell();
        var login = await shell.RunAsync("login", "--url", fixture.BaseAddress.ToString(), "--dev-subject", "operator@tools", "--role", "operator",
            "--org", fixture.Organization);
        Assert.True(login.ExitCode == 0, login.Errors);
        var owingBefore = await Owing("acc-01");

        var preview = await shell.RunAsync("mass-charge", "preview", "--tab", "accounts", "--activity", fixture.SwimId, "--amount", "25.00", "--json");
        var started = await shell.RunAsync("mass-charge", "start", "--tab", "accounts", "--activity", fixture.SwimId, "--amount", "25.00",
            "--notes", "Swim season", "--key", "swim-charge-" + Guid.NewGuid(), "--json");
        Assert.True(started.ExitCode == 0, started.Errors);
        var batchId = JsonDocument.Parse(started.Output).RootElement.GetProperty("batchId").GetString()!;
        var watched = await shell.RunAsync("mass-charge", "watch", batchId, "--json");
        var csv = await shell.RunAsync("mass-charge", "results", batchId, "--csv");

        Assert.True(preview.ExitCode == 0, preview.Errors);
        var counted = JsonDocument.Parse(preview.Output).RootElement;
        Assert.Equal((CliFixture.Families, CliFixture.FamiliesWithACard + CliFixture.FamiliesWithADecliningCard),
            (counted.GetProperty("targets").GetInt32(), counted.GetProperty("toCharge").GetInt32()));
        Assert.Equal(Skipped, counted.GetProperty("skippedByReason").GetProperty("no_method_authorized").GetInt32());

        // A declined target is a failure a script must notice: watch ends on "completed" and exits 1.
        Assert.Equal(1, watched.ExitCode);
        var last = JsonDocument.Parse(watched.Lines[^1]).RootElement;
        var counts = last.GetProperty("counts");
        Assert.Equal("completed", last.GetProperty("status").GetString());
        Assert.Equal((CliFixture.FamiliesWithACard, CliFixture.FamiliesWithADecliningCard, Skipped),
            (counts.GetProperty("charged").GetInt32(), counts.GetProperty("declined").GetInt32(), counts.GetProperty("skipped").GetInt32()));

        // One CSV row per target, and the money agrees with it: each charged family's receipt is in its ledger.
        Assert.Equal(CliFixture.Families, csv.Lines.Length - 1);
        Assert.Equal(CliFixture.FamiliesWithACard, csv.Lines.Count(line => line.Contains(",charged,", StringComparison.Ordinal)));
        Assert.Equal(CliFixture.FamiliesWithADecliningCard, csv.Lines.Count(line => line.Contains(",declined,", StringComparison.Ordinal)));
        Assert.Equal(Skipped, csv.Lines.Count(line => line.Contains(",skipped,", StringComparison.Ordinal)));
        var ledger = await fixture.Grains.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(fixture.Organization, "acc-01")).Get();
        Assert.Equal(owingBefore.Unallocated.Minor + 2_500, ledger.Unallocated.Minor);
    }

    private Task<LedgerView> Owing(string accountId) =>
        fixture.Grains.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(fixture.Organization, accountId)).Get();
}
