using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SmartRec.Admin.BrowserTests;

/// <summary>A balance paid in installments on behalf of the holder, one installment edited (R10), then the plan cancelled.</summary>
[Collection(AdminCollection.Name)]
public sealed class InstallmentsBrowserTests(AdminFixture fixture, ITestOutputHelper output)
{
    /// <summary>Family 5 of the demo holds a Visa authorized for Riverside and owes one session fee.</summary>
    private const string AccountId = "acc_0005";

    [Fact]
    public async Task An_installment_plan_is_set_up_edited_and_cancelled()
    {
        using var api = await fixture.Api("admin");
        var path = $"/api/orgs/{AdminFixture.Organization}/accounts/{AccountId}";
        var owing = (await AdminFixture.Json(api, path + "/balance")).GetProperty("balanceOwing").GetProperty("minor").GetInt64();
        var each = owing / 3;
        Assert.True(each > 2_500, $"the demo fee should split into installments above $25, not {owing}");

        var page = await fixture.SignedInPage("admin", output);
        await page.GotoAsync($"/admin/accounts/{AccountId}");
        var checkout = page.GetByRole(AriaRole.Form, new() { Name = "Checkout on behalf of the holder" });
        await checkout.GetByLabel("Pay with").SelectOptionAsync(new SelectOptionValue { Label = "visa •••• 4242 exp 12/2029" });
        await checkout.GetByLabel("Installments").FillAsync("3");
        await checkout.GetByRole(AriaRole.Button, new() { Name = "Pay" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status, new() { Name = "Checkout result" })).ToHaveTextAsync(new Regex("^Plan .+ scheduled$"));

        var plan = (await AdminFixture.Json(api, path + "/upcoming-payments")).GetProperty("plans").GetProperty("items").EnumerateArray().Single();
        var planId = plan.GetProperty("planId").GetString()!;
        Assert.Equal(owing, plan.GetProperty("installments").EnumerateArray().Sum(i => i.GetProperty("amount").GetProperty("minor").GetInt64()));
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = $"Installments of {planId}" }).Locator("tbody").GetByRole(AriaRole.Row)).ToHaveCountAsync(3);

        // R10: the third installment made smaller; the engine moves the difference and the page says where.
        var smaller = each - 2_500;
        var third = page.GetByRole(AriaRole.Form, new() { Name = $"Installment 3 of {planId}" });
        await third.GetByLabel("Amount").FillAsync((smaller / 100m).ToString("0.00", CultureInfo.InvariantCulture));
        await third.GetByRole(AriaRole.Button, new() { Name = "Save installment" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = new Regex("^Installment \\d moved from ") })).ToBeVisibleAsync();
        await fixture.Screenshot(page, "account-installments", output);

        var edited = (await AdminFixture.Json(api, path + "/upcoming-payments")).GetProperty("plans").GetProperty("items")[0].GetProperty("installments").EnumerateArray().ToList();
        Assert.Equal(smaller, edited[2].GetProperty("amount").GetProperty("minor").GetInt64());
        Assert.Equal(owing, edited.Sum(i => i.GetProperty("amount").GetProperty("minor").GetInt64()));

        await page.GetByRole(AriaRole.Button, new() { Name = $"Cancel plan {planId}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = $"Installments of {planId}" }).GetByRole(AriaRole.Row).Filter(new() { HasText = "cancelled" })).ToHaveCountAsync(3);
        var cancelled = (await AdminFixture.Json(api, path + "/upcoming-payments")).GetProperty("plans").GetProperty("items")[0].GetProperty("installments").EnumerateArray();
        Assert.All(cancelled, i => Assert.Equal("cancelled", i.GetProperty("status").GetString()));
    }
}
