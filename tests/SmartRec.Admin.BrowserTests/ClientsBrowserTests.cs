using System.Text.RegularExpressions;
using SmartRec.Api.Demo;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SmartRec.Admin.BrowserTests;

/// <summary>The Clients screen: filters, totals, paging and "select all that match", checked against the API's own totals.</summary>
[Collection(AdminCollection.Name)]
public sealed class ClientsBrowserTests(AdminFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Filtering_an_activity_and_selecting_all_that_match_selects_the_APIs_total()
    {
        var page = await fixture.SignedInPage("operator", output);
        await Expect(page.GetByText($"{DemoSeeder.AccountCount} accounts match")).ToBeVisibleAsync();
        await fixture.Screenshot(page, "clients-accounts", output, fullPage: false);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Persons" }).ClickAsync();
        await page.GetByLabel("Activity").SelectOptionAsync(new SelectOptionValue { Label = "Lifeguard Training" });

        using var api = await fixture.Api("viewer");
        var activityId = (await AdminFixture.Json(api, $"/api/orgs/{AdminFixture.Organization}/activities"))
            .EnumerateArray().Single(a => a.GetProperty("name").GetString() == "Lifeguard Training").GetProperty("id").GetString();
        var total = (await AdminFixture.Json(api, $"/api/orgs/{AdminFixture.Organization}/persons?activityId={activityId}&limit=1")).GetProperty("total").GetInt32();
        Assert.True(total > 25, $"the filter should match more than one page of persons, not {total}");

        await Expect(page.GetByText($"{total} persons match")).ToBeVisibleAsync();
        Assert.Equal(25, await page.GetByRole(AriaRole.Checkbox).CountAsync()); // one page of rows
        await page.GetByRole(AriaRole.Button, new() { Name = $"Select all {total} that match" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status, new() { Name = "Selected" })).ToHaveTextAsync($"All {total} that match are selected");

        // The next page's rows are part of the selection too.
        await page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Expect(page.GetByText(new Regex("Page 2 of 2"))).ToBeVisibleAsync();
        Assert.Equal(total - 25, await page.GetByRole(AriaRole.Checkbox, new() { Checked = true }).CountAsync());
        await Expect(page.GetByRole(AriaRole.Status, new() { Name = "Selected" })).ToHaveTextAsync($"All {total} that match are selected");
        Assert.Contains($"activityId={activityId}", page.Url);
        await fixture.Screenshot(page, "clients-persons-select-all", output);

        // The name search narrows the same tab, and the API agrees on how many.
        await page.GetByLabel("Search names").FillAsync("Gagnon");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        var named = (await AdminFixture.Json(api, $"/api/orgs/{AdminFixture.Organization}/persons?activityId={activityId}&q=Gagnon&limit=1")).GetProperty("total").GetInt32();
        await Expect(page.GetByText(new Regex($"^{named} persons? match$"))).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Status, new() { Name = "Selected" })).ToHaveTextAsync("0 selected");
    }
}
