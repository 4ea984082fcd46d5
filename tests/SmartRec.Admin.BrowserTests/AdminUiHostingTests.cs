using System.Net;
using System.Text.RegularExpressions;

namespace SmartRec.Admin.BrowserTests;

/// <summary>How the host serves the UI: deep links answer the app, hashed assets are cached for good, index.html never.</summary>
[Collection(AdminCollection.Name)]
public sealed partial class AdminUiHostingTests(AdminFixture fixture)
{
    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/")]
    [InlineData("/admin/accounts/acc_0001")]
    [InlineData("/admin/batches/mass-charges/mc-unknown")]
    public async Task Every_app_path_answers_the_app_revalidated_on_each_load(string path)
    {
        using var http = fixture.Host.Anonymous();
        var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache, $"{path} should be revalidated: {response.Headers.CacheControl}");
        Assert.Matches(AssetReference(), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Hashed_assets_are_immutable_and_a_missing_one_is_not_the_app()
    {
        using var http = fixture.Host.Anonymous();
        var asset = AssetReference().Match(await http.GetStringAsync("/admin/")).Value;

        var response = await http.GetAsync(asset);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromDays(365), response.Headers.CacheControl?.MaxAge);
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString());

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/admin/assets/index-00000000.js")).StatusCode);
        // The API keeps its own answers under /api.
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/api/orgs/{AdminFixture.Organization}/accounts")).StatusCode);
    }

    [GeneratedRegex("/admin/assets/index-[A-Za-z0-9_-]+\\.js")]
    private static partial Regex AssetReference();
}
