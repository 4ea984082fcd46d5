using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartRec.Api.Demo;
using SmartRec.Api.Security;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Wallets;
using SmartRec.Payments.Simulated;

namespace SmartRec.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class DemoAndOperationsTests(ApiFixture fixture)
{
    [Fact]
    public async Task The_demo_seed_gives_each_organization_only_its_authorized_methods()
    {
        using var riverside = await fixture.Admin(DemoSeeder.Riverside);
        using var lakeside = await fixture.Admin(DemoSeeder.Lakeside);
        using var holder = await fixture.Customer(DemoSeeder.UserId(1));

        var account = await HttpAssert.Ok<AccountView>(await riverside.GetAsync($"/api/orgs/riverside/accounts/{DemoSeeder.AccountId(1)}"));
        var riversideSees = await HttpAssert.Ok<List<OrganizationPaymentMethod>>(await riverside.GetAsync($"/api/orgs/riverside/accounts/{DemoSeeder.AccountId(1)}/payment-methods"));
        var wallet = await HttpAssert.Ok<WalletView>(await holder.GetAsync("/api/me/wallet"));

        Assert.Equal(DemoSeeder.UserId(1), account.HolderUserId);
        Assert.NotEmpty(account.Persons);
        Assert.Equal(5, wallet.Methods.Count);
        Assert.Equal(3, riversideSees.Count);
        Assert.Single(riversideSees, m => m.IsExpired);
        Assert.Single(wallet.Methods, m => m.AuthorizedOrganizations.Contains(DemoSeeder.Lakeside));
        Assert.Single(wallet.Methods, m => m.AuthorizedOrganizations.Count == 0);
        Assert.Equal(HttpStatusCode.NotFound, (await lakeside.GetAsync($"/api/orgs/lakeside/accounts/{DemoSeeder.AccountId(1)}")).StatusCode);
    }

    [Fact]
    public async Task A_demo_family_owes_its_session_fee_and_can_pay_it_with_its_authorized_card()
    {
        using var riverside = await fixture.Admin(DemoSeeder.Riverside);
        var account = $"/api/orgs/riverside/accounts/{DemoSeeder.AccountId(2)}";
        var before = await HttpAssert.Ok<LedgerView>(await riverside.GetAsync($"{account}/balance"));
        var card = (await HttpAssert.Ok<List<OrganizationPaymentMethod>>(await riverside.GetAsync($"{account}/payment-methods")))
            .First(m => m.Details.Kind == PaymentMethodKind.Card && !m.IsExpired);

        var paid = await riverside.PostMoney($"{account}/payments", new { amount = before.BalanceOwing, source = new { methodId = card.Id } });
        var afterJson = await riverside.GetStringAsync($"{account}/balance");
        var after = System.Text.Json.JsonSerializer.Deserialize<LedgerView>(afterJson, ApiFixture.Json)!;

        Assert.True(before.BalanceOwing.Minor > 0);
        Assert.Equal([DemoSeeder.InvoiceId(2)], before.Invoices.Select(i => i.InvoiceId));
        Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
        Assert.Equal(0, after.BalanceOwing.Minor);
        Assert.Equal(before.BalanceOwing, after.Received);
        Assert.Contains("\"balanceOwing\":{\"minor\":0,\"currency\":\"USD\"}", afterJson);
    }

    [Fact]
    public async Task The_demo_holds_a_few_hundred_persons_in_accounts()
    {
        using var riverside = await fixture.Admin(DemoSeeder.Riverside);
        var persons = 0;
        for (var n = 1; n <= DemoSeeder.AccountCount; n++)
        {
            persons += (await HttpAssert.Ok<AccountView>(await riverside.GetAsync($"/api/orgs/riverside/accounts/{DemoSeeder.AccountId(n)}"))).Persons.Count;
        }

        Assert.InRange(persons, 200, 480);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_routes_and_the_bearer_scheme()
    {
        using var anonymous = fixture.Anonymous();

        var document = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json")).RootElement;

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/me/wallet/methods", paths);
        Assert.Contains("/api/orgs/{orgId}/accounts/{accountId}/payment-methods/{methodId}", paths);
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/scalar/v1")).StatusCode);
    }

    [Fact]
    public async Task Liveness_answers_and_readiness_reports_the_active_silos()
    {
        using var anonymous = fixture.Anonymous();

        var live = await anonymous.GetAsync("/health/live");
        var ready = await anonymous.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy; activeSilos=1", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_metrics_endpoint_exports_processor_timings()
    {
        using var customer = await fixture.Customer(ApiFixture.NewUserId());
        var saved = await customer.PostAsJsonAsync("/api/me/wallet/methods", new
        {
            token = SimulatedTestMethods.Visa,
            billingAddress = new { line1 = "1 Main Street", city = "Burlington", region = "VT", postalCode = "05401", country = "US" },
        });
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        using var anonymous = fixture.Anonymous();

        var metrics = await anonymous.GetStringAsync("/metrics");

        Assert.Contains("smartrec_processor_duration_milliseconds_count{", metrics);
        Assert.Contains("operation=\"attach\"", metrics);
    }

    [Fact]
    public async Task The_dashboard_opens_only_to_the_platform_role()
    {
        using var anonymous = fixture.Anonymous();
        using var admin = await fixture.Admin(DemoSeeder.Riverside);
        using var platform = await fixture.As("ops", Roles.Platform);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/dashboard/")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/dashboard/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await platform.GetAsync("/dashboard/")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        using var anonymous = fixture.Anonymous();

        var response = await anonymous.GetAsync("/api/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
