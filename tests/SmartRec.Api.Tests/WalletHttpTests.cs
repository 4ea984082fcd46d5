using System.Net;
using System.Net.Http.Json;
using SmartRec.Contracts.Wallets;
using SmartRec.Payments.Simulated;

namespace SmartRec.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class WalletHttpTests(ApiFixture fixture)
{
    private static readonly object Address = new { line1 = "1 Main Street", city = "Burlington", region = "VT", postalCode = "05401", country = "US" };

    private static Task<HttpResponseMessage> Save(HttpClient client, string token, object? billingAddress = null, string? nickname = null) =>
        client.PostAsJsonAsync("/api/me/wallet/methods", new { token, billingAddress = billingAddress ?? Address, nickname });

    private static async Task<WalletView> Wallet(HttpClient client) => await HttpAssert.Ok<WalletView>(await client.GetAsync("/api/me/wallet"));

    [Fact]
    public async Task Eleventh_card_is_refused_with_a_problem_and_the_wallet_keeps_ten() // R1
    {
        using var customer = await fixture.Customer(ApiFixture.NewUserId());
        for (var i = 0; i < 10; i++)
        {
            await HttpAssert.Ok<OwnerPaymentMethod>(await Save(customer, SimulatedTestMethods.Visa), HttpStatusCode.Created);
        }

        var problem = await HttpAssert.Problem(await Save(customer, SimulatedTestMethods.Mastercard), HttpStatusCode.UnprocessableEntity, "wallet.card_limit");

        Assert.Contains("10", problem.GetProperty("detail").GetString());
        Assert.Equal(10, (await Wallet(customer)).Methods.Count);
    }

    [Fact]
    public async Task A_saved_card_answers_with_display_data_and_never_the_processor_token() // R2
    {
        using var customer = await fixture.Customer(ApiFixture.NewUserId());

        var response = await Save(customer, SimulatedTestMethods.Visa, nickname: "Family card");
        var body = await response.Content.ReadAsStringAsync();
        var saved = await HttpAssert.Ok<OwnerPaymentMethod>(response, HttpStatusCode.Created);

        Assert.Equal("4242", saved.Details.Last4);
        Assert.Equal("visa", saved.Details.Brand);
        Assert.Equal($"/api/me/wallet/methods/{saved.Id}", response.Headers.Location?.OriginalString);
        Assert.DoesNotContain("pm_sim_", body);
        Assert.DoesNotContain("pm_sim_", await customer.GetStringAsync("/api/me/wallet"));
    }

    [Theory]
    [InlineData("nickname")]
    [InlineData("token")]
    [InlineData("line1")]
    public async Task A_card_number_in_any_field_is_refused_and_nothing_is_saved(string field) // R2
    {
        using var customer = await fixture.Customer(ApiFixture.NewUserId());
        const string pan = "4111 1111 1111 1111";
        var address = new
        {
            line1 = field == "line1" ? pan : "1 Main Street", city = "Burlington", region = "VT", postalCode = "05401", country = "US",
        };

        var response = await customer.PostAsJsonAsync("/api/me/wallet/methods", new
        {
            token = field == "token" ? pan : SimulatedTestMethods.Visa,
            billingAddress = address,
            nickname = field == "nickname" ? pan : null,
        });

        var problem = await HttpAssert.Problem(response, HttpStatusCode.BadRequest, "card_number_refused");
        Assert.Equal(field == "line1" ? "billingAddress.line1" : field, problem.GetProperty("field").GetString());
        Assert.DoesNotContain("4111", problem.GetRawText());
        Assert.Empty((await Wallet(customer)).Methods);
    }

    [Fact]
    public async Task A_card_number_sent_as_a_json_number_or_in_the_query_is_refused() // R2
    {
        using var customer = await fixture.Customer(ApiFixture.NewUserId());

        var asNumber = await customer.PatchAsync("/api/me/wallet/methods/pm_x",
            new StringContent("""{"expMonth": 4242424242424242, "expYear": 2030}""", System.Text.Encoding.UTF8, "application/json"));
        var inQuery = await customer.GetAsync("/api/me/wallet?note=5555555555554444");

        await HttpAssert.Problem(asNumber, HttpStatusCode.BadRequest, "card_number_refused");
        await HttpAssert.Problem(inQuery, HttpStatusCode.BadRequest, "card_number_refused");
    }

    [Fact]
    public async Task A_method_without_a_billing_address_is_refused() // R8
    {
        using var customer = await fixture.Customer(ApiFixture.NewUserId());

        var missing = await customer.PostAsJsonAsync("/api/me/wallet/methods", new { token = SimulatedTestMethods.Visa });
        var noRegion = await Save(customer, SimulatedTestMethods.Visa, new { line1 = "1 Main Street", city = "Burlington", postalCode = "05401", country = "US" });
        var badZip = await Save(customer, SimulatedTestMethods.Visa, new { line1 = "1 Main Street", city = "Burlington", region = "VT", postalCode = "ABC", country = "US" });
        var blankCity = await Save(customer, SimulatedTestMethods.Visa, new { line1 = "1 Main Street", city = "  ", region = "VT", postalCode = "05401", country = "US" });

        Assert.Contains("billingAddress", (await HttpAssert.Problem(missing, HttpStatusCode.BadRequest, "request.unreadable")).GetProperty("detail").GetString());
        Assert.Equal("billingAddress.region", (await HttpAssert.Problem(noRegion, HttpStatusCode.BadRequest, "field.required")).GetProperty("field").GetString());
        Assert.Equal("billingAddress.postalCode", (await HttpAssert.Problem(badZip, HttpStatusCode.BadRequest, "billing_address.postal_code")).GetProperty("field").GetString());
        Assert.Equal("billingAddress.city", (await HttpAssert.Problem(blankCity, HttpStatusCode.BadRequest, "field.required")).GetProperty("field").GetString());
        Assert.Empty((await Wallet(customer)).Methods);
    }

    [Fact]
    public async Task A_body_over_a_megabyte_is_refused_with_a_413_problem_before_it_is_read_whole()
    {
        using var customer = await fixture.Customer(ApiFixture.NewUserId());
        var huge = $$"""{"token":"pm_card_visa","nickname":"{{new string('x', 2 * 1024 * 1024)}}"}""";

        var response = await customer.PostAsync("/api/me/wallet/methods", new StringContent(huge, System.Text.Encoding.UTF8, "application/json"));

        await HttpAssert.Problem(response, HttpStatusCode.RequestEntityTooLarge, "request.unreadable");
        Assert.Empty((await Wallet(customer)).Methods);
    }

    [Fact]
    public async Task Malformed_json_and_an_unknown_token_are_clear_400s()
    {
        using var customer = await fixture.Customer(ApiFixture.NewUserId());

        var malformed = await customer.PostAsync("/api/me/wallet/methods", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        var unknown = await Save(customer, "pm_no_such_token");

        await HttpAssert.Problem(malformed, HttpStatusCode.BadRequest, "request.unreadable");
        Assert.Equal("token", (await HttpAssert.Problem(unknown, HttpStatusCode.BadRequest, "payment_method.token_unknown")).GetProperty("field").GetString());
        Assert.Empty((await Wallet(customer)).Methods);
    }

    [Fact]
    public async Task The_owner_updates_a_card_expiry_removes_a_method_and_sees_404_after()
    {
        using var customer = await fixture.Customer(ApiFixture.NewUserId());
        var card = await HttpAssert.Ok<OwnerPaymentMethod>(await Save(customer, SimulatedTestMethods.VisaExpired), HttpStatusCode.Created);
        Assert.True(card.IsExpired);

        var updated = await HttpAssert.Ok<OwnerPaymentMethod>(await customer.PatchAsJsonAsync($"/api/me/wallet/methods/{card.Id}", new { expMonth = 8, expYear = 2031 }));
        var badMonth = await customer.PatchAsJsonAsync($"/api/me/wallet/methods/{card.Id}", new { expMonth = 13, expYear = 2031 });
        var removed = await customer.DeleteAsync($"/api/me/wallet/methods/{card.Id}");
        var gone = await customer.GetAsync($"/api/me/wallet/methods/{card.Id}");

        Assert.False(updated.IsExpired);
        Assert.Equal(new CardExpiry(8, 2031), updated.Details.Expiry);
        await HttpAssert.Problem(badMonth, HttpStatusCode.BadRequest, "expiry.month");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        await HttpAssert.Problem(gone, HttpStatusCode.NotFound, "not_found");
    }
}
