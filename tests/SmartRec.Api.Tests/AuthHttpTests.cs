using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SmartRec.Api.Security;

namespace SmartRec.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class AuthHttpTests(ApiFixture fixture)
{
    [Fact]
    public async Task A_request_without_a_token_gets_a_401_problem()
    {
        using var anonymous = fixture.Anonymous();

        var response = await anonymous.GetAsync("/api/me/wallet");

        await HttpAssert.Problem(response, HttpStatusCode.Unauthorized, "auth.token");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task An_expired_token_is_refused_and_says_so()
    {
        var issuer = fixture.Services.GetRequiredService<TokenIssuer>();
        var twoHoursAgo = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-2));
        var (token, _) = new TokenIssuer(issuer.Key, twoHoursAgo).Issue(ApiFixture.NewUserId(), Roles.Customer, null, TimeSpan.FromHours(1));
        using var client = fixture.WithToken(token);

        var problem = await HttpAssert.Problem(await client.GetAsync("/api/me/wallet"), HttpStatusCode.Unauthorized, "auth.token");

        Assert.Contains("expired", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        var forger = new TokenIssuer(new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(new byte[32]), TimeProvider.System);
        var (token, _) = forger.Issue("admin@riverside", Roles.Admin, "riverside", TimeSpan.FromHours(1));
        using var client = fixture.WithToken(token);

        var problem = await HttpAssert.Problem(await client.GetAsync("/api/orgs/riverside"), HttpStatusCode.Unauthorized, "auth.token");

        Assert.Contains("not valid", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_viewer_reads_but_cannot_change_anything()
    {
        var org = await fixture.NewOrganization();
        using var viewer = await fixture.As("viewer@" + org, Roles.Viewer, org);

        var read = await viewer.GetAsync($"/api/orgs/{org}/catalog");
        var write = await viewer.PostAsJsonAsync($"/api/orgs/{org}/programs", new { name = "Aquatics" });

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        await HttpAssert.Problem(write, HttpStatusCode.Forbidden, "auth.role");
        using var admin = await fixture.Admin(org);
        Assert.Equal("[]", await admin.GetStringAsync($"/api/orgs/{org}/programs"));
    }

    [Fact]
    public async Task A_customer_token_opens_no_organization_route_and_an_admin_token_no_wallet()
    {
        var org = await fixture.NewOrganization();
        using var customer = await fixture.Customer(ApiFixture.NewUserId());
        using var admin = await fixture.Admin(org);

        await HttpAssert.Problem(await customer.GetAsync($"/api/orgs/{org}"), HttpStatusCode.Forbidden, "auth.role");
        await HttpAssert.Problem(await admin.GetAsync("/api/me/wallet"), HttpStatusCode.Forbidden, "auth.role");
    }

    [Theory]
    [InlineData("""{"subject":"x","role":"superuser","organizationId":"riverside"}""", "token.role")]
    [InlineData("""{"subject":"x","role":"admin"}""", "id.invalid")]
    [InlineData("""{"subject":"x","role":"customer","organizationId":"riverside"}""", "token.organization")]
    [InlineData("""{"subject":"a/b","role":"customer"}""", "id.invalid")]
    [InlineData("""{"subject":"x","role":"customer","lifetimeMinutes":100000}""", "token.lifetime")]
    public async Task The_dev_token_endpoint_refuses_bad_requests(string body, string code)
    {
        using var anonymous = fixture.Anonymous();

        var response = await anonymous.PostAsync("/api/dev/tokens", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await HttpAssert.Problem(response, HttpStatusCode.BadRequest, code);
    }
}
