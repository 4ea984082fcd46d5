using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Organizations;
using SmartRec.Tests.Shared;

namespace SmartRec.Integration.Tests;

/// <summary>The engine's own host with the storage connection string set: Azure membership, state and reminders.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class HostOnAzuriteTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_restarted_engine_keeps_accounts_and_wallets_and_reports_ready()
    {
        var ids = Guid.NewGuid().ToString("N")[..10];
        var settings = new Dictionary<string, string?>
        {
            ["SmartRec:Storage:ConnectionString"] = azurite.ConnectionString,
            ["SmartRec:Orleans:ServiceId"] = "host-" + ids,
            ["SmartRec:Orleans:ClusterId"] = "host-" + ids,
            ["SmartRec:Auth:SigningKey"] = Convert.ToBase64String(new byte[32]),
        };
        var organizationId = "org-" + ids;
        var userId = "user-" + ids;
        const string methodBody = """
            {"token":"pm_card_visa","billingAddress":{"line1":"1 Main St","city":"Burlington","region":"VT","postalCode":"05401","country":"US"}}
            """;

        string savedId;
        string accountId;
        await using (var first = await EngineHost.StartAsync(settings))
        {
            await first.Services.GetRequiredService<IGrainFactory>().GetGrain<IOrganizationGrain>(organizationId).Provision("Riverside", "USD");
            using var admin = await first.ClientFor($"admin@{organizationId}", "admin", organizationId);
            using var customer = await first.ClientFor(userId, "customer");
            var opened = await admin.PostAsJsonAsync($"/api/orgs/{organizationId}/accounts", new { holderUserId = userId, displayName = "Morin family" });
            accountId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accountId").GetString()!;
            var saved = await customer.PostAsync("/api/me/wallet/methods", new StringContent(methodBody, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
            savedId = (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }

        await using var second = await EngineHost.StartAsync(settings);
        using var anonymous = second.Anonymous();
        using var adminAfter = await second.ClientFor($"admin@{organizationId}", "admin", organizationId);
        using var customerAfter = await second.ClientFor(userId, "customer");

        var account = await adminAfter.GetFromJsonAsync<JsonElement>($"/api/orgs/{organizationId}/accounts/{accountId}");
        var wallet = await customerAfter.GetFromJsonAsync<JsonElement>("/api/me/wallet");

        Assert.Equal(userId, account.GetProperty("holderUserId").GetString());
        Assert.Equal([savedId], wallet.GetProperty("methods").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal("Healthy; activeSilos=1", await anonymous.GetStringAsync("/health/ready"));
    }
}
