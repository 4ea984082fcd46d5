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

namespace SmartRec.Tests.Shared;

/// <summary>
/// The engine's real host, composed exactly as Program.cs does, on a random loopback HTTP port with the co-hosted
/// silo on free ports. Tests add their own settings on top (storage, seed, tokens).
/// </summary>
public sealed class EngineHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EngineHost(WebApplication app)
    {
        _app = app;
        BaseAddress = new Uri(app.Urls.First());
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="configureServices">Applied after the engine's own services, so a test can replace one (a fake clock).</param>
    public static async Task<EngineHost> StartAsync(IDictionary<string, string?> settings, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SmartRec:Orleans:SiloPort"] = FreePort().ToString(),
            ["SmartRec:Orleans:GatewayPort"] = FreePort().ToString(),
            ["SmartRec:Orleans:ClusterId"] = "tests-" + Guid.NewGuid().ToString("N")[..8],
            ["SmartRec:Auth:DevTokens"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddSmartRec();
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseSmartRec();
        await app.StartAsync();
        return new EngineHost(app);
    }

    public HttpClient Anonymous() => new() { BaseAddress = BaseAddress };

    /// <summary>A client carrying a dev token for the subject and role, minted by this host.</summary>
    public async Task<HttpClient> ClientFor(string subject, string role, string? organizationId = null, int? lifetimeMinutes = null)
    {
        using var anonymous = Anonymous();
        var response = await anonymous.PostAsJsonAsync("/api/dev/tokens", new { subject, role, organizationId, lifetimeMinutes });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        return WithToken(token);
    }

    public HttpClient WithToken(string token)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
