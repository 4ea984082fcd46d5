using System.Net.Http.Json;
using System.Text.Json;
using SmartRec.Api.Demo;
using SmartRec.Tests.Shared;
using Xunit.Abstractions;

namespace SmartRec.Admin.BrowserTests;

/// <summary>
/// One real host with the demo data (in-memory storage) and one headless Chromium, shared by every browser test. The
/// browser is Debian's (`apt-get install chromium`), driven by Playwright without downloading browsers of its own; when
/// it cannot start, the tests fail and say how to install it.
/// </summary>
public sealed class AdminFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/lib/chromium/chromium";
    public const string Organization = DemoSeeder.Riverside;

    private IPlaywright? _playwright;

    public EngineHost Host { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where each test's screenshots go, under the test binaries.</summary>
    public string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ScreenshotFolder);
        Assertions.SetDefaultExpectTimeout(15_000);
        Host = await EngineHost.StartAsync(new Dictionary<string, string?> { [DemoSeeder.EnabledKey] = "true" });
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"The browser tests drive Debian's Chromium at {ChromiumPath}, which is missing: run 'apt-get install chromium'.");
        }

        try
        {
            _playwright = await Playwright.CreateAsync();
            Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
            });
        }
        catch (Exception e) when (e is PlaywrightException or InvalidOperationException)
        {
            throw new InvalidOperationException($"Chromium at {ChromiumPath} did not start; run 'apt-get install chromium' (Debian's package). {e.Message}", e);
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }

    /// <summary>A fresh page (own storage, so own session) signed in through the sign-in screen with a demo token for the role.</summary>
    public async Task<IPage> SignedInPage(string role, ITestOutputHelper output)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Host.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                output.WriteLine($"browser console: {message.Text}");
            }
        };
        await page.GotoAsync("/admin/");
        await page.GetByLabel("Organization").SelectOptionAsync(Organization);
        await page.GetByLabel("Role").SelectOptionAsync(role);
        await page.GetByLabel("Name").FillAsync($"browser-{role}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a demo token" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Clients", Level = 1 })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Writes a screenshot of the whole page and prints where it is.</summary>
    public async Task Screenshot(IPage page, string name, ITestOutputHelper output, bool fullPage = true)
    {
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        output.WriteLine($"screenshot: {path}");
    }

    /// <summary>The same API the page calls, for asserting outcomes independently of what the page shows.</summary>
    public Task<HttpClient> Api(string role) => Host.ClientFor($"api-{role}", role, Organization);

    public static async Task<JsonElement> Json(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}

[CollectionDefinition(Name)]
public sealed class AdminCollection : ICollectionFixture<AdminFixture>
{
    public const string Name = "admin-ui";
}
