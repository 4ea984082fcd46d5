using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SmartRec.Admin.BrowserTests;

/// <summary>The Action Center: a declined payment retried with another method the holder authorized.</summary>
[Collection(AdminCollection.Name)]
public sealed class ActionCenterBrowserTests(AdminFixture fixture, ITestOutputHelper output)
{
    /// <summary>Family 6 of the demo has only a card that declines for insufficient funds, authorized for Riverside.</summary>
    private const string AccountId = "acc_0006";
    private const string HolderId = "user-0006";

    [Fact]
    public async Task Retrying_a_declined_payment_with_another_method_resolves_the_item()
    {
        var org = AdminFixture.Organization;
        var path = $"/api/orgs/{org}/accounts/{AccountId}";
        using var admin = await fixture.Api("admin");
        var declining = (await AdminFixture.Json(admin, path + "/payment-methods")).EnumerateArray().Single().GetProperty("id").GetString();

        // The holder adds a good card and authorizes the organization for it (their own wallet routes).
        using var holder = await fixture.Host.ClientFor(HolderId, "customer");
        var saved = await holder.PostAsJsonAsync("/api/me/wallet/methods", new
        {
            token = "pm_card_visa",
            billingAddress = new { line1 = "100 Main Street", city = "Burlington", postalCode = "05401", country = "US", region = "VT" },
        });
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        var goodCard = (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        (await holder.PutAsync($"/api/me/wallet/methods/{goodCard}/authorizations/{org}", null)).EnsureSuccessStatusCode();

        // The balance paid with the declining card: the decline becomes an open Action Center item.
        var owing = (await AdminFixture.Json(admin, path + "/balance")).GetProperty("balanceOwing");
        using var pay = new HttpRequestMessage(HttpMethod.Post, path + "/payments") { Content = JsonContent.Create(new { amount = owing, source = new { methodId = declining } }) };
        pay.Headers.Add("Idempotency-Key", "browser-decline-" + Guid.NewGuid().ToString("N"));
        var declined = (await (await admin.SendAsync(pay)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("payment");
        Assert.Equal("declined", declined.GetProperty("status").GetString());
        var itemId = "payment." + declined.GetProperty("paymentId").GetString();
        await Eventually(async () => (await admin.GetAsync($"/api/orgs/{org}/action-center/{itemId}")).IsSuccessStatusCode);

        var page = await fixture.SignedInPage("admin", output);
        await page.GetByRole(AriaRole.Link, new() { Name = "Action Center" }).ClickAsync();
        await page.GetByLabel("Kind").SelectOptionAsync("paymentDeclined");
        var retry = page.GetByRole(AriaRole.Form, new() { Name = $"Retry {itemId}" });
        await Expect(retry).ToBeVisibleAsync();
        await fixture.Screenshot(page, "action-center", output);
        await retry.GetByLabel("Retry with").SelectOptionAsync(goodCard!);
        await retry.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();

        // The item leaves the open list; the API says it is resolved by a new, successful payment.
        await Expect(retry).ToHaveCountAsync(0);
        var view = await AdminFixture.Json(admin, $"/api/orgs/{org}/action-center/{itemId}");
        Assert.Equal("resolved", view.GetProperty("state").GetString());
        var paymentId = view.GetProperty("resolvedByPaymentId").GetString();
        Assert.NotNull(paymentId);
        var payment = await AdminFixture.Json(admin, $"{path}/payments/{paymentId}");
        Assert.Equal("succeeded", payment.GetProperty("status").GetString());
        Assert.Equal(goodCard, payment.GetProperty("methodId").GetString());

        await page.GetByLabel("State").SelectOptionAsync("resolved");
        await Expect(page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = $"Open account {AccountId}" }).First).ToContainTextAsync("resolved");
        await fixture.Screenshot(page, "action-center-resolved", output);
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 50 && !await condition(); attempt++)
        {
            await Task.Delay(100);
        }
    }
}
