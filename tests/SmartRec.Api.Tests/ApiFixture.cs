using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmartRec.Contracts.Organizations;
using SmartRec.Tests.Shared;

namespace SmartRec.Api.Tests;

/// <summary>The real host with in-memory storage, the simulated processor, dev tokens and the demo seed, shared by the HTTP tests.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private EngineHost _host = null!;

    public Uri BaseAddress => _host.BaseAddress;

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public async Task InitializeAsync() =>
        _host = await EngineHost.StartAsync(new Dictionary<string, string?> { ["SmartRec:Demo:Seed"] = "true" });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public HttpClient Anonymous() => _host.Anonymous();

    public Task<HttpClient> As(string subject, string role, string? organizationId = null) => _host.ClientFor(subject, role, organizationId);

    public HttpClient WithToken(string token) => _host.WithToken(token);

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
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
