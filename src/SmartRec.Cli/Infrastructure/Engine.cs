using System.Net.Http.Headers;
using SmartRec.Cli.Api;

namespace SmartRec.Cli.Infrastructure;

/// <summary>A signed-in connection to the engine: the generated client, and the organization the command acts on.</summary>
public sealed class Engine : IDisposable
{
    private readonly HttpClient _http;

    private Engine(HttpClient http, SmartRecClient client, string organizationId)
    {
        _http = http;
        Client = client;
        OrganizationId = organizationId;
        Routes = new ContractRoutes(http);
    }

    public SmartRecClient Client { get; }

    /// <summary>Routes of the mass-charge and Action Center contract (issue 10) the document does not describe yet.</summary>
    public ContractRoutes Routes { get; }

    public string OrganizationId { get; }

    public static Engine Open(string? organizationOverride)
    {
        var profile = LoginProfile.Load();
        var organization = organizationOverride ?? profile.OrganizationId
            ?? throw new NotSignedInException("no organization: pass --org, or sign in with an organization token.");
        var http = Connect(profile.Url);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", profile.Token);
        return new Engine(http, new SmartRecClient(http), organization);
    }

    /// <summary>An HTTP client whose relative URLs ("api/…", as the generated client writes them) land under <paramref name="url"/>.</summary>
    public static HttpClient Connect(string url) =>
        new() { BaseAddress = new Uri(url.EndsWith('/') ? url : url + "/"), Timeout = TimeSpan.FromSeconds(100) };

    public void Dispose() => _http.Dispose();
}
