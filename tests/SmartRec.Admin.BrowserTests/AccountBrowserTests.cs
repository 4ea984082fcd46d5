using System.Text.RegularExpressions;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SmartRec.Admin.BrowserTests;

/// <summary>The account page: paying the balance on behalf of the holder with a card they saved and authorized.</summary>
[Collection(AdminCollection.Name)]
public sealed class AccountBrowserTests(AdminFixture fixture, ITestOutputHelper output)
{
    /// <summary>Family 9 of the demo holds a Visa ending 4242 authorized for Riverside and owes one session fee.</summary>
    private const string AccountId = "acc_0009";

    [Fact]
    public async Task Paying_the_balance_with_a_saved_card_brings_it_to_zero()
    {
        using var api = await fixture.Api("admin");
        var path = $"/api/orgs/{AdminFixture.Organization}/accounts/{AccountId}";
        var owing = (await AdminFixture.Json(api, path + "/balance")).GetProperty("balanceOwing").GetProperty("minor").GetInt64();
        Assert.True(owing > 0, "the demo account should owe its session fee");

        var page = await fixture.SignedInPage("admin", output);
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex($"\\({AccountId}\\)$") }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, NameRegex = new Regex(AccountId) })).ToBeVisibleAsync();
        var balance = page.GetByRole(AriaRole.Status, new() { Name = "Balance owing" });
        await Expect(balance).ToHaveTextAsync($"Balance owing ${owing / 100m:0.00}");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Payment methods" })).ToContainTextAsync("visa •••• 4242");
        await fixture.Screenshot(page, "account-before-payment", output);

        var checkout = page.GetByRole(AriaRole.Form, new() { Name = "Checkout on behalf of the holder" });
        await Expect(checkout.GetByLabel("Amount to pay")).ToHaveValueAsync($"{owing / 100m:0.00}");
        await checkout.GetByLabel("Pay with").SelectOptionAsync(new SelectOptionValue { Label = "visa •••• 4242 exp 12/2029" });
        await checkout.GetByRole(AriaRole.Button, new() { Name = "Pay" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status, new() { Name = "Checkout result" })).ToHaveTextAsync(new Regex("^Payment .*: succeeded$"));
        await Expect(balance).ToHaveTextAsync("Balance owing $0.00");
        var paymentRow = page.GetByRole(AriaRole.Table, new() { Name = "Payments" }).GetByRole(AriaRole.Row).Filter(new() { HasText = "succeeded" });
        await Expect(paymentRow).ToHaveCountAsync(1);
        await Expect(paymentRow).ToContainTextAsync("visa •••• 4242"); // brand and last 4, from the payment or its saved method
        await Expect(paymentRow).ToContainTextAsync($"${owing / 100m:0.00}");
        await fixture.Screenshot(page, "account-paid", output);

        Assert.Equal(0, (await AdminFixture.Json(api, path + "/balance")).GetProperty("balanceOwing").GetProperty("minor").GetInt64());
        var payments = (await AdminFixture.Json(api, path + "/payments")).GetProperty("items").EnumerateArray().ToList();
        var payment = Assert.Single(payments);
        Assert.Equal("succeeded", payment.GetProperty("status").GetString());
        Assert.Equal(owing, payment.GetProperty("amount").GetProperty("minor").GetInt64());
    }
}
