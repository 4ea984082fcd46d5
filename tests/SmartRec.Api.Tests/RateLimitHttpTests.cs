using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SmartRec.Contracts.Organizations;
using SmartRec.Tests.Shared;

namespace SmartRec.Api.Tests;

/// <summary>
/// Per-tenant limits on a host of its own with low budgets, so the shared host's tests never meet them: one
/// organization held at its limit, another untouched; reads, writes and bulk counted apart.
/// </summary>
public sealed class RateLimitHttpTests : IAsyncLifetime
{
    private const int OrganizationReads = 6;
    private const int CallerReads = 4;
    private EngineHost _host = null!;

    public async Task InitializeAsync() => _host = await EngineHost.StartAsync(new Dictionary<string, string?>
    {
        ["SmartRec:RateLimits:Reads:PerOrganization"] = $"{OrganizationReads}",
        ["SmartRec:RateLimits:Reads:PerCaller"] = $"{CallerReads}",
        ["SmartRec:RateLimits:Reads:Window"] = "00:01:00",
        ["SmartRec:RateLimits:Bulk:PerOrganization"] = "1",
        ["SmartRec:RateLimits:Bulk:Window"] = "00:01:00",
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_noisy_organization_is_held_at_its_limit_while_another_is_not()
    {
        var (noisy, quiet) = (await Organization(), await Organization());
        using var noisyAdmin = await _host.ClientFor($"admin@{noisy}", "admin", noisy);
        using var noisyViewer = await _host.ClientFor($"viewer@{noisy}", "viewer", noisy);
        using var quietAdmin = await _host.ClientFor($"admin@{quiet}", "admin", quiet);

        var byAdmin = await Statuses(noisyAdmin, $"/api/orgs/{noisy}/catalog", CallerReads);
        var byViewer = await Statuses(noisyViewer, $"/api/orgs/{noisy}/catalog", CallerReads);
        var quietReads = await Statuses(quietAdmin, $"/api/orgs/{quiet}/catalog", CallerReads);

        // The admin spends four of the organization's six reads; the viewer, within its own four, gets the last two.
        Assert.Equal([200, 200, 200, 200], byAdmin);
        Assert.Equal([200, 200, 429, 429], byViewer);
        Assert.Equal([200, 200, 200, 200], quietReads);
        var refused = await noisyViewer.GetAsync($"/api/orgs/{noisy}/catalog");
        var problem = await HttpAssert.Problem(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Writes_and_bulk_have_budgets_apart_from_reads_and_health_is_never_limited()
    {
        var org = await Organization();
        using var admin = await _host.ClientFor($"admin@{org}", "admin", org);
        using var anonymous = _host.Anonymous();
        await Statuses(admin, $"/api/orgs/{org}/catalog", CallerReads + 1);

        var write = await admin.PostAsJsonAsync($"/api/orgs/{org}/programs", new { name = "Swim" });
        var firstBulk = await admin.PostAsJsonAsync($"/api/orgs/{org}/mass-invoices", new { });
        var secondBulk = await admin.PostAsJsonAsync($"/api/orgs/{org}/mass-invoices", new { });
        var health = await Statuses(anonymous, "/health/live", CallerReads * 3);

        Assert.Equal(HttpStatusCode.Created, write.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, firstBulk.StatusCode); // past the limiter, refused by the binder
        await HttpAssert.Problem(secondBulk, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.All(health, status => Assert.Equal(200, status));
    }

    [Fact]
    public async Task The_processors_webhook_is_never_rate_limited_like_a_caller()
    {
        // Stripe delivers every event of every charge from a few addresses: counted as one caller's writes, a mass
        // charge's events would be refused and retried for hours. Its signature, not a budget, is what guards it.
        const int callerWrites = 2;
        await using var host = await EngineHost.StartAsync(new Dictionary<string, string?>
        {
            ["SmartRec:RateLimits:Writes:PerCaller"] = $"{callerWrites}",
            ["SmartRec:RateLimits:Writes:Window"] = "00:01:00",
        });
        using var stripe = host.Anonymous();

        var deliveries = new List<int>();
        for (var n = 0; n < callerWrites * 3; n++)
        {
            using var content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            deliveries.Add((int)(await stripe.PostAsync("/api/webhooks/stripe", content)).StatusCode);
        }

        Assert.DoesNotContain(429, deliveries);
    }

    private async Task<string> Organization()
    {
        var id = "org-" + Guid.NewGuid().ToString("N")[..12];
        await _host.Services.GetRequiredService<IGrainFactory>().GetGrain<IOrganizationGrain>(id).Provision($"Organization {id}", "USD");
        return id;
    }

    private static async Task<List<int>> Statuses(HttpClient client, string url, int count)
    {
        var statuses = new List<int>();
        for (var i = 0; i < count; i++)
        {
            using var response = await client.GetAsync(url);
            statuses.Add((int)response.StatusCode);
        }

        return statuses;
    }
}
