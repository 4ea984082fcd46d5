using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SmartRec.Api.Hosting;
using SmartRec.Contracts.Wallets;
using SmartRec.Domain.MassInvoices;
using SmartRec.Payments.Simulated;

namespace SmartRec.Api.Tests;

/// <summary>The defects issue 12 found by hand, one test each, against the real host (decision 9, R2).</summary>
[Collection(ApiCollection.Name)]
public sealed class HostileInputHttpTests(ApiFixture fixture)
{
    private static readonly object Address = new { line1 = "1 Main Street", city = "Burlington", region = "VT", postalCode = "05401", country = "US" };

    private static ByteArrayContent Raw(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    [Fact]
    public async Task Invalid_utf8_in_a_json_body_is_a_400_problem_even_before_authentication() // defect 1
    {
        using var anonymous = fixture.Anonymous();
        using var customer = await fixture.Customer(ApiFixture.NewUserId());
        byte[] body = [.. "{\"subject\":\""u8, 0xFF, 0xFE, .. "\",\"role\":\"customer\"}"u8];

        await HttpAssert.Problem(await anonymous.PostAsync("/api/dev/tokens", Raw(body, "application/json")), HttpStatusCode.BadRequest, "request.invalid_utf8");
        await HttpAssert.Problem(await customer.PostAsync("/api/me/wallet/methods", Raw(body, "application/json")), HttpStatusCode.BadRequest, "request.invalid_utf8");
        // An escaped lone surrogate is valid UTF-8 but no text: refused too, not a 500.
        await HttpAssert.Problem(await anonymous.PostAsync("/api/dev/tokens", Raw("{\"subject\":\"\\ud800\"}"u8.ToArray(), "application/json")),
            HttpStatusCode.BadRequest, "request.unreadable");
    }

    [Theory]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")]
    [InlineData("text/html")]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    public async Task Every_refusal_is_a_json_problem_with_its_own_status_whatever_Accept_says(string accept) // defect 2
    {
        var org = await fixture.NewOrganization();
        using var anonymous = fixture.Anonymous();
        using var customer = await fixture.Customer(ApiFixture.NewUserId());
        using var admin = await fixture.Admin(org);
        async Task<HttpResponseMessage> Get(HttpClient client, string url)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("Accept", accept);
            return await client.SendAsync(request);
        }

        await HttpAssert.Problem(await Get(anonymous, "/api/me/wallet"), HttpStatusCode.Unauthorized, "auth.token");
        await HttpAssert.Problem(await Get(customer, $"/api/orgs/{org}/accounts"), HttpStatusCode.Forbidden, "auth.role");
        await HttpAssert.Problem(await Get(admin, $"/api/orgs/{org}/accounts?q=4242424242424242"), HttpStatusCode.BadRequest, "card_number_refused");
        await HttpAssert.Problem(await Get(admin, $"/api/orgs/{org}/accounts/acc-missing"), HttpStatusCode.NotFound, "not_found");
        await HttpAssert.Problem(await Get(admin, $"/api/orgs/{org}/accounts?savedCard=maybe"), HttpStatusCode.BadRequest, "directory.filter");
        await HttpAssert.Problem(await Get(admin, "/api/no-such-route"), HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-16le")]
    [InlineData("utf-32")]
    [InlineData("iso-8859-1")]
    [InlineData("\"utf-16\"")]
    public async Task Json_declaring_a_charset_other_than_utf8_is_refused_with_415_and_creates_nothing(string charset) // defect 3, R2
    {
        var org = await fixture.NewOrganization();
        using var admin = await fixture.Admin(org);
        var account = await HttpAssert.Ok<Contracts.Accounts.AccountView>(await admin.PostAsJsonAsync($"/api/orgs/{org}/accounts",
            new { holderUserId = ApiFixture.NewUserId(), displayName = "Charset family" }), HttpStatusCode.Created);
        var invoices = $"/api/orgs/{org}/accounts/{account.AccountId}/invoices";
        var json = """{"invoiceId":"4242-4242-4242-4242","lines":[{"description":"Swim","amount":{"minor":100,"currency":"USD"}}],"dueDate":"2027-01-15"}""";
        var encoding = Encoding.GetEncoding(charset.Trim('"') == "utf-16le" ? "utf-16" : charset.Trim('"'));

        var refused = await admin.PostAsync(invoices, Raw(encoding.GetBytes(json), $"application/json; charset={charset}"));
        var utf8 = await admin.PostAsync(invoices, Raw(Encoding.UTF8.GetBytes(json), "application/json; charset=utf-8"));

        Assert.Equal("Content-Type", (await HttpAssert.Problem(refused, HttpStatusCode.UnsupportedMediaType, "request.charset")).GetProperty("field").GetString());
        Assert.Equal("invoiceId", (await HttpAssert.Problem(utf8, HttpStatusCode.BadRequest, "card_number_refused")).GetProperty("field").GetString());
        Assert.Empty((await HttpAssert.Ok<SmartRec.Api.Endpoints.Page<JsonElement>>(await admin.GetAsync(invoices))).Items);
    }

    [Fact]
    public async Task A_card_number_as_a_query_key_or_idempotency_key_is_refused_and_not_echoed() // defect 5, R2
    {
        var org = await fixture.NewOrganization();
        using var admin = await fixture.Admin(org);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/orgs/{org}/programs") { Content = JsonContent.Create(new { name = "Swim" }) };
        request.Headers.Add("Idempotency-Key", "4242 4242 4242 4242");

        var key = await admin.GetAsync($"/api/orgs/{org}/accounts?4242.4242.4242.4242=1");
        var header = await admin.SendAsync(request);

        var problem = await HttpAssert.Problem(key, HttpStatusCode.BadRequest, "card_number_refused");
        Assert.Equal("query", problem.GetProperty("field").GetString());
        Assert.DoesNotContain("4242", problem.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("Idempotency-Key", (await HttpAssert.Problem(header, HttpStatusCode.BadRequest, "card_number_refused")).GetProperty("field").GetString());
        Assert.Empty((await HttpAssert.Ok<JsonElement>(await admin.GetAsync($"/api/orgs/{org}/catalog"))).GetProperty("programs").EnumerateArray());
    }

    [Fact]
    public async Task A_mass_invoice_over_the_amount_cap_is_refused_before_it_is_accepted() // defect 6, decision 9
    {
        var org = await fixture.NewOrganization();
        using var admin = await fixture.Admin(org);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/orgs/{org}/mass-invoices")
        {
            Content = JsonContent.Create(new
            {
                selection = new { tab = "accounts", filter = new { } },
                description = "Swim",
                amount = new { minor = Domain.Billing.Amounts.MaxMinor + 1, currency = "USD" },
                dueDate = "2027-01-15",
            }),
        };
        request.Headers.Add("Idempotency-Key", "too-large");

        var problem = await HttpAssert.Problem(await admin.SendAsync(request), HttpStatusCode.BadRequest, "amount.too_large");

        Assert.Equal("amount", problem.GetProperty("field").GetString());
        await HttpAssert.Problem(await admin.GetAsync($"/api/orgs/{org}/mass-invoices/{MassInvoicing.BatchIdFor("too-large")}"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Unknown_routes_and_wrong_methods_answer_problems_with_a_code() // defect 7
    {
        using var customer = await fixture.Customer(ApiFixture.NewUserId());

        await HttpAssert.Problem(await customer.GetAsync("/api/nothing/here"), HttpStatusCode.NotFound, "not_found");
        await HttpAssert.Problem(await customer.GetAsync("/no-api-at-all"), HttpStatusCode.NotFound, "not_found");
        await HttpAssert.Problem(await customer.DeleteAsync("/api/me/wallet"), HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        await HttpAssert.Problem(await customer.PutAsJsonAsync("/api/dev/tokens", new { }), HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    [Fact]
    public async Task Bidirectional_controls_in_a_nickname_and_an_unassigned_country_are_refused_and_nothing_is_saved() // defect 8, R8
    {
        using var customer = await fixture.Customer(ApiFixture.NewUserId());

        var bidi = await customer.PostAsJsonAsync("/api/me/wallet/methods", new { token = SimulatedTestMethods.Visa, billingAddress = Address, nickname = "Visa\u202Eliam" });
        var zz = await customer.PostAsJsonAsync("/api/me/wallet/methods", new
        {
            token = SimulatedTestMethods.Visa,
            billingAddress = new { line1 = "1 Main Street", city = "Nowhere", postalCode = "00000", country = "ZZ" },
        });

        Assert.Equal("nickname", (await HttpAssert.Problem(bidi, HttpStatusCode.BadRequest, "field.bidi_controls")).GetProperty("field").GetString());
        Assert.Equal("billingAddress.country", (await HttpAssert.Problem(zz, HttpStatusCode.BadRequest, "billing_address.country")).GetProperty("field").GetString());
        Assert.Empty((await HttpAssert.Ok<WalletView>(await customer.GetAsync("/api/me/wallet"))).Methods);
    }

    public static TheoryData<Exception, string> Faults => new()
    {
        { new SiloUnavailableException(), "cluster.unavailable" },
        { new GatewayTooBusyException(), "cluster.unavailable" },
        { new TimeoutException(), "cluster.timeout" },
        { new InvalidOperationException("wrapped", new RequestFailedException(503, "storage down")), "storage.unavailable" },
        { new Orleans.Storage.InconsistentStateException("etag"), "storage.unavailable" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_fault_a_retry_may_cure_is_a_503_problem_with_retry_after(Exception fault, string code) // defect 10
    {
        using var scope = fixture.Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Response.Body = new MemoryStream();
        var handler = ActivatorUtilities.CreateInstance<ProblemExceptionHandler>(scope.ServiceProvider);

        Assert.True(await handler.TryHandleAsync(context, fault, CancellationToken.None));

        context.Response.Body.Position = 0;
        var problem = await JsonSerializer.DeserializeAsync<JsonElement>(context.Response.Body);
        Assert.Equal((503, "5", "application/problem+json"), (context.Response.StatusCode, context.Response.Headers.RetryAfter.ToString(), context.Response.ContentType));
        Assert.Equal((503, code), (problem.GetProperty("status").GetInt32(), problem.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task A_bug_is_not_dressed_up_as_a_503()
    {
        using var scope = fixture.Services.CreateScope();
        var handler = ActivatorUtilities.CreateInstance<ProblemExceptionHandler>(scope.ServiceProvider);

        Assert.False(await handler.TryHandleAsync(new DefaultHttpContext { RequestServices = scope.ServiceProvider }, new NullReferenceException(), CancellationToken.None));
    }
}
