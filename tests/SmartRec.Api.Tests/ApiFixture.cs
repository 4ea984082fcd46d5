using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmartRec.Api.Hosting;
using SmartRec.Contracts.Organizations;

namespace SmartRec.Api.Tests;

/// <summary>
/// The real host, as `dotnet run` starts it: Kestrel on a random loopback port, the co-hosted silo on free ports,
/// in-memory storage, the simulated processor, dev tokens and the demo seed.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private WebApplication _app = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app.Services;

    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SmartRec:Orleans:SiloPort"] = FreePort().ToString(),
            ["SmartRec:Orleans:GatewayPort"] = FreePort().ToString(),
            ["SmartRec:Orleans:ClusterId"] = "api-tests-" + Guid.NewGuid().ToString("N")[..8],
            ["SmartRec:Auth:DevTokens"] = "true",
            ["SmartRec:Demo:Seed"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddSmartRec();
        _app = builder.Build();
        _app.UseSmartRec();
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.First());
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public HttpClient Anonymous() => new() { BaseAddress = BaseAddress };

    public async Task<HttpClient> As(string subject, string role, string? organizationId = null)
    {
        using var anonymous = Anonymous();
        var response = await anonymous.PostAsJsonAsync("/api/dev/tokens", new { subject, role, organizationId });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        return WithToken(token!);
    }

    public HttpClient WithToken(string token)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public Task<HttpClient> Customer(string userId) => As(userId, "customer");

    public Task<HttpClient> Admin(string organizationId) => As($"admin@{organizationId}", "admin", organizationId);

    /// <summary>A fresh organization per test, so tests stay independent on the shared host.</summary>
    public async Task<string> NewOrganization()
    {
        var id = "org-" + Guid.NewGuid().ToString("N")[..12];
        await Grains.GetGrain<IOrganizationGrain>(id).Provision($"Organization {id}", "USD");
        return id;
    }

    public static string NewUserId() => "user-" + Guid.NewGuid().ToString("N")[..12];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
