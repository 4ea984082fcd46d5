using System.Text.RegularExpressions;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SmartRec.Admin.BrowserTests;

/// <summary>A mass invoice from rows picked by hand, previewed then launched: one invoice per picked account, seen in the page and in the API.</summary>
[Collection(AdminCollection.Name)]
public sealed class MassInvoiceBrowserTests(AdminFixture fixture, ITestOutputHelper output)
{
    private static readonly string[] Picked = ["acc_0002", "acc_0003"];

    [Fact]
    public async Task A_mass_invoice_of_picked_rows_is_previewed_then_creates_one_invoice_each()
    {
        using var api = await fixture.Api("operator");
        var org = AdminFixture.Organization;
        var before = new Dictionary<string, int>();
        foreach (var accountId in Picked)
        {
            before[accountId] = (await AdminFixture.Json(api, $"/api/orgs/{org}/accounts/{accountId}/invoices")).GetProperty("total").GetInt32();
        }

        var page = await fixture.SignedInPage("operator", output);
        foreach (var accountId in Picked)
        {
            await page.GetByRole(AriaRole.Checkbox, new() { Name = $"Select {accountId}" }).CheckAsync();
        }

        await Expect(page.GetByRole(AriaRole.Status, new() { Name = "Selected" })).ToHaveTextAsync($"{Picked.Length} selected");
        await page.GetByRole(AriaRole.Button, new() { Name = "Mass invoice…" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = $"Mass invoice {Picked.Length} selected" });
        await form.GetByLabel("Description").FillAsync("Winter registration");
        await form.GetByLabel("Amount each").FillAsync("12.50");
        await form.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Expect(form.GetByRole(AriaRole.Status)).ToHaveTextAsync($"{Picked.Length} of {Picked.Length} targets would be invoiced, $25.00 in all.");
        await fixture.Screenshot(page, "mass-invoice-preview", output);
        await form.GetByRole(AriaRole.Button, new() { Name = "Launch mass invoice" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).First).ToHaveTextAsync(new Regex($"^completed: {Picked.Length} created, 0 failed, 0 skipped, 0 pending of {Picked.Length}$"), new() { Timeout = 30_000 });
        var results = page.GetByRole(AriaRole.Table, new() { Name = "Results" });
        await Expect(results.Locator("tbody").GetByRole(AriaRole.Row)).ToHaveCountAsync(Picked.Length);
        await fixture.Screenshot(page, "mass-invoice-completed", output);

        foreach (var accountId in Picked)
        {
            await Expect(results.GetByRole(AriaRole.Row).Filter(new() { HasText = accountId })).ToContainTextAsync("created");
            var invoices = await AdminFixture.Json(api, $"/api/orgs/{org}/accounts/{accountId}/invoices?limit=100");
            Assert.Equal(before[accountId] + 1, invoices.GetProperty("total").GetInt32());
            var invoice = invoices.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("lines")[0].GetProperty("description").GetString() == "Winter registration");
            Assert.Equal(1250, invoice.GetProperty("total").GetProperty("minor").GetInt64());
        }
    }
}
