using System.Net;
using System.Net.Http.Json;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SmartRec.Admin.BrowserTests;

/// <summary>A viewer reads everything and is offered no button the API would refuse; the API refuses them anyway.</summary>
[Collection(AdminCollection.Name)]
public sealed class ViewerBrowserTests(AdminFixture fixture, ITestOutputHelper output)
{
    private const string AccountId = "acc_0001";

    /// <summary>Family 18 of the demo has only a card that declines for insufficient funds: its payment makes an open item.</summary>
    private const string DecliningAccountId = "acc_0018";

    [Fact]
    public async Task A_viewer_sees_no_money_buttons_and_the_API_still_refuses_them()
    {
        var org = AdminFixture.Organization;
        using var admin = await fixture.Api("admin");
        var itemId = await DeclinedPayment(admin, $"/api/orgs/{org}/accounts/{DecliningAccountId}");

        var page = await fixture.SignedInPage("viewer", output);
        await page.GetByRole(AriaRole.Checkbox, new() { Name = $"Select {AccountId}" }).CheckAsync();
        await Expect(page.GetByRole(AriaRole.Status, new() { Name = "Selected" })).ToHaveTextAsync("1 selected");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Mass charge…" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Mass invoice…" })).ToHaveCountAsync(0);
        await fixture.Screenshot(page, "viewer-clients", output);

        await page.GetByRole(AriaRole.Link, new() { Name = $"Brown family ({AccountId})" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Payment methods" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Invoices (1)" })).ToBeVisibleAsync();
        foreach (var name in new[] { "Pay", "Refund", "Update expiry" })
        {
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true })).ToHaveCountAsync(0);
        }

        await Expect(page.GetByRole(AriaRole.Form, new() { Name = "Checkout on behalf of the holder" })).ToHaveCountAsync(0);
        await fixture.Screenshot(page, "viewer-account", output);

        await page.GetByRole(AriaRole.Link, new() { Name = "Action Center" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Action Center", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = $"Open account {DecliningAccountId}" }).First).ToContainTextAsync("open");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Retry" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Dismiss" })).ToHaveCountAsync(0);
        await fixture.Screenshot(page, "viewer-action-center", output);

        // The hidden buttons are a courtesy: the API is what refuses a viewer.
        using var api = await fixture.Api("viewer");
        using var pay = new HttpRequestMessage(HttpMethod.Post, $"/api/orgs/{org}/accounts/{AccountId}/payments")
        {
            Content = JsonContent.Create(new { amount = new { minor = 100, currency = "USD" } }),
        };
        pay.Headers.Add("Idempotency-Key", "viewer-" + Guid.NewGuid().ToString("N"));
        Assert.Equal(HttpStatusCode.Forbidden, (await api.SendAsync(pay)).StatusCode);
        var preview = await api.PostAsJsonAsync($"/api/orgs/{org}/mass-charges/preview", new { selection = new { tab = "accounts", filter = new { } } });
        Assert.Equal(HttpStatusCode.Forbidden, preview.StatusCode);
        var retry = await api.PostAsJsonAsync($"/api/orgs/{org}/action-center/{itemId}/retry", new { });
        Assert.Equal(HttpStatusCode.Forbidden, retry.StatusCode);
    }

    /// <summary>The account's balance paid with its declining card; answers the Action Center item the decline opened.</summary>
    private static async Task<string> DeclinedPayment(HttpClient admin, string accountPath)
    {
        var method = (await AdminFixture.Json(admin, accountPath + "/payment-methods")).EnumerateArray().Single().GetProperty("id").GetString();
        var owing = (await AdminFixture.Json(admin, accountPath + "/balance")).GetProperty("balanceOwing");
        using var pay = new HttpRequestMessage(HttpMethod.Post, accountPath + "/payments") { Content = JsonContent.Create(new { amount = owing, source = new { methodId = method } }) };
        pay.Headers.Add("Idempotency-Key", "viewer-decline-" + Guid.NewGuid().ToString("N"));
        var payment = (await (await admin.SendAsync(pay)).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("payment");
        Assert.Equal("declined", payment.GetProperty("status").GetString());
        var itemId = "payment." + payment.GetProperty("paymentId").GetString();
        var orgPath = accountPath[..accountPath.IndexOf("/accounts/", StringComparison.Ordinal)];
        for (var attempt = 0; attempt < 50 && !(await admin.GetAsync($"{orgPath}/action-center/{itemId}")).IsSuccessStatusCode; attempt++)
        {
            await Task.Delay(100);
        }

        return itemId;
    }
}
