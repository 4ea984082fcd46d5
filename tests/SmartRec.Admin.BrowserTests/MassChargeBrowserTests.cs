using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SmartRec.Admin.BrowserTests;

/// <summary>A mass charge from the Clients screen: preview, launch, the live progress to the end, and the results.</summary>
[Collection(AdminCollection.Name)]
public sealed class MassChargeBrowserTests(AdminFixture fixture, ITestOutputHelper output)
{
    private const string Activity = "Summer Adventure Camp";

    [Fact]
    public async Task A_mass_charge_is_previewed_launched_and_watched_to_the_end()
    {
        using var api = await fixture.Api("operator");
        var org = AdminFixture.Organization;
        var activityId = (await AdminFixture.Json(api, $"/api/orgs/{org}/activities"))
            .EnumerateArray().Single(a => a.GetProperty("name").GetString() == Activity).GetProperty("id").GetString();
        var preview = await (await api.PostAsJsonAsync($"/api/orgs/{org}/mass-charges/preview", new
        {
            selection = new { tab = "accounts", filter = new { activityId } },
            amount = new { minor = 1000, currency = "USD" },
        })).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var targets = preview.GetProperty("targets").GetInt32();
        var toCharge = preview.GetProperty("toCharge").GetInt32();

        var page = await fixture.SignedInPage("operator", output);
        await page.GetByLabel("Activity").SelectOptionAsync(new SelectOptionValue { Label = Activity });
        await Expect(page.GetByText($"{targets} accounts match")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Select all {targets} that match" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Mass charge…" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = $"Mass charge {targets} selected" });
        await form.GetByLabel("Amount each").FillAsync("10.00");
        await form.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Expect(form.GetByRole(AriaRole.Status)).ToHaveTextAsync(new Regex($"^{toCharge} of {targets} targets would be charged, \\$?{toCharge * 10}(\\.00)? .*in all\\.$"));
        if (toCharge < targets)
        {
            await Expect(form.GetByRole(AriaRole.Table, new() { Name = "Skipped by reason" })).ToBeVisibleAsync();
        }

        await fixture.Screenshot(page, "mass-charge-preview", output);

        await form.GetByRole(AriaRole.Button, new() { Name = "Launch mass charge" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("^Mass charge ") , Level = 1 })).ToBeVisibleAsync();
        var progress = page.GetByRole(AriaRole.Progressbar, new() { Name = "Mass charge progress" });
        await Expect(page.GetByRole(AriaRole.Status).First).ToHaveTextAsync(new Regex($"^completed: {targets} of {targets} done"), new() { Timeout = 60_000 });
        Assert.Equal(targets.ToString(), await progress.GetAttributeAsync("value"));
        var results = page.GetByRole(AriaRole.Table, new() { Name = "Results" });
        await Expect(results.Locator("tbody").GetByRole(AriaRole.Row)).ToHaveCountAsync(targets);
        await fixture.Screenshot(page, "mass-charge-completed", output);

        var batchId = page.Url.Split('/').Last();
        var batch = await AdminFixture.Json(api, $"/api/orgs/{org}/mass-charges/{batchId}");
        Assert.Equal("completed", batch.GetProperty("status").GetString());
        Assert.Equal(targets, batch.GetProperty("counts").GetProperty("targets").GetInt32());
        var charged = batch.GetProperty("counts").GetProperty("charged").GetInt32() + batch.GetProperty("counts").GetProperty("processing").GetInt32();
        Assert.Equal(toCharge, charged + batch.GetProperty("counts").GetProperty("declined").GetInt32());
        await Expect(results.GetByRole(AriaRole.Row).Filter(new() { HasText = "charged" })).ToHaveCountAsync(batch.GetProperty("counts").GetProperty("charged").GetInt32());

        // The CSV download has a header and one line per target.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download CSV" }).ClickAsync());
        Assert.Equal($"{batchId}.csv", download.SuggestedFilename);
        var csv = await File.ReadAllLinesAsync((await download.PathAsync())!);
        Assert.Equal(targets + 1, csv.Count(line => line.Length > 0));

        // The batches list shows it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Batches" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Mass charges" }).GetByRole(AriaRole.Link, new() { Name = batchId })).ToBeVisibleAsync();
        await fixture.Screenshot(page, "batches", output);
    }
}
