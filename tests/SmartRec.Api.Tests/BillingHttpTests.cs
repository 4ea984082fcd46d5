using System.Net;
using System.Net.Http.Json;
using SmartRec.Contracts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Invoices;
using SmartRec.Contracts.Payments;
using SmartRec.Contracts.Wallets;
using SmartRec.Payments.Simulated;
using Accounts = SmartRec.Contracts.Accounts;

namespace SmartRec.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class BillingHttpTests(ApiFixture fixture)
{
    private static readonly object Address = new { line1 = "1 Main Street", city = "Burlington", region = "VT", postalCode = "05401", country = "US" };

    private static Money Usd(long minor) => new(minor, "USD");

    [Fact]
    public async Task Bad_payments_get_clear_problems_and_change_nothing() // R3, R9, decision 9
    {
        var orgId = await fixture.NewOrganization();
        var otherOrgId = await fixture.NewOrganization();
        var holder = ApiFixture.NewUserId();
        var stranger = ApiFixture.NewUserId();
        using var admin = await fixture.Admin(orgId);
        using var customer = await fixture.Customer(holder);
        using var strangerClient = await fixture.Customer(stranger);
        var account = await HttpAssert.Ok<Accounts.AccountView>(await admin.PostAsJsonAsync($"/api/orgs/{orgId}/accounts",
            new { holderUserId = holder, displayName = "The Nguyens" }), HttpStatusCode.Created);
        var billing = $"/api/orgs/{orgId}/accounts/{account.AccountId}";
        var card = await SaveAndAuthorize(customer, SimulatedTestMethods.Visa, orgId);
        var otherOrgsCard = await SaveAndAuthorize(customer, SimulatedTestMethods.Mastercard, otherOrgId);
        var strangersCard = await SaveAndAuthorize(strangerClient, SimulatedTestMethods.Visa, orgId);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await HttpAssert.Ok<InvoiceView>(await admin.PostAsJsonAsync($"{billing}/invoices",
            new { dueDate = today, lines = new[] { new { description = "Hockey", amount = Usd(10000) } } }), HttpStatusCode.Created);

        object Pay(long amount, string? methodId = null, string currency = "USD", object? installments = null) =>
            new { amount = new Money(amount, currency), source = new { methodId = methodId ?? card }, installments };

        // A retry without a key would charge again, so a request that moves money is refused without one.
        var keyless = await HttpAssert.Problem(await admin.PostAsJsonAsync($"{billing}/payments", Pay(5000)), HttpStatusCode.BadRequest, "idempotency_key.required");
        Assert.Equal("Idempotency-Key", keyless.GetProperty("field").GetString());
        await HttpAssert.Problem(await admin.PostAsJsonAsync($"{billing}/credits", new { amount = Usd(100), reason = "Goodwill" }),
            HttpStatusCode.BadRequest, "idempotency_key.required");
        await HttpAssert.Problem(await admin.PostMoney($"{billing}/payments", Pay(0)), HttpStatusCode.BadRequest, "amount.not_positive");
        await HttpAssert.Problem(await admin.PostMoney($"{billing}/payments", Pay(-100)), HttpStatusCode.BadRequest, "amount.negative");
        await HttpAssert.Problem(await admin.PostMoney($"{billing}/payments", Pay(10001)), HttpStatusCode.UnprocessableEntity, "payment.over_balance");
        await HttpAssert.Problem(await admin.PostMoney($"{billing}/payments", Pay(5000, currency: "CAD")), HttpStatusCode.BadRequest, "amount.currency");
        await HttpAssert.Problem(await admin.PostMoney($"{billing}/payments", Pay(5000, otherOrgsCard)), HttpStatusCode.NotFound, "not_found");
        await HttpAssert.Problem(await admin.PostMoney($"{billing}/payments", Pay(5000, strangersCard)), HttpStatusCode.NotFound, "not_found");
        await HttpAssert.Problem(await admin.PostMoney($"{billing}/payments",
            Pay(5000, installments: new[] { new { dueDate = today.AddDays(-1), amount = Usd(5000) } })), HttpStatusCode.BadRequest, "plan.date_in_past");
        await HttpAssert.Problem(await admin.PostMoney($"{billing}/payments",
            Pay(5000, installments: new[] { new { dueDate = today, amount = Usd(2000) }, new { dueDate = today.AddDays(30), amount = Usd(2000) } })),
            HttpStatusCode.UnprocessableEntity, "plan.total_mismatch");
        await HttpAssert.Problem(await admin.PostMoney($"{billing}/credits", new { amount = Usd(0), reason = "Oops" }), HttpStatusCode.BadRequest, "amount.not_positive");

        var ledger = await HttpAssert.Ok<LedgerView>(await admin.GetAsync($"{billing}/balance"));
        Assert.Equal((10000L, 0L, 0L), (ledger.BalanceOwing.Minor, ledger.Received.Minor, ledger.CreditGranted.Minor));
        Assert.Empty(ledger.PaymentIds);
        Assert.Empty(ledger.PlanIds);
    }

    [Fact]
    public async Task Amounts_too_large_to_add_up_and_null_items_are_bad_requests_not_server_errors() // decision 9
    {
        var orgId = await fixture.NewOrganization();
        var holder = ApiFixture.NewUserId();
        using var admin = await fixture.Admin(orgId);
        using var customer = await fixture.Customer(holder);
        var account = await HttpAssert.Ok<Accounts.AccountView>(await admin.PostAsJsonAsync($"/api/orgs/{orgId}/accounts",
            new { holderUserId = holder, displayName = "The Kowalskis" }), HttpStatusCode.Created);
        var billing = $"/api/orgs/{orgId}/accounts/{account.AccountId}";
        var card = await SaveAndAuthorize(customer, SimulatedTestMethods.Visa, orgId);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await HttpAssert.Ok<InvoiceView>(await admin.PostAsJsonAsync($"{billing}/invoices",
            new { dueDate = today, lines = new[] { new { description = "Hockey", amount = Usd(10000) } } }), HttpStatusCode.Created);

        await HttpAssert.Problem(await admin.PostAsJsonAsync($"{billing}/invoices", new
        {
            dueDate = today, lines = new[] { new { description = "Typo", amount = Usd(long.MaxValue) }, new { description = "Typo", amount = Usd(1) } },
        }), HttpStatusCode.BadRequest, "amount.too_large");
        await HttpAssert.Problem(await admin.PostAsJsonAsync($"{billing}/invoices", new { dueDate = today, lines = new object?[] { null } }),
            HttpStatusCode.BadRequest, "invoice.line_missing");
        await HttpAssert.Problem(await admin.PostMoney($"{billing}/payments", new
        {
            amount = Usd(5000), source = new { methodId = card },
            installments = new[] { new { dueDate = today, amount = Usd(long.MaxValue) }, new { dueDate = today, amount = Usd(1) } },
        }), HttpStatusCode.BadRequest, "amount.too_large");
        await HttpAssert.Problem(await admin.PostMoney($"{billing}/payments",
            new { amount = Usd(5000), source = new { methodId = card }, installments = new object?[] { null } }), HttpStatusCode.BadRequest, "plan.installment_missing");
        await HttpAssert.Problem(await admin.PostMoney($"{billing}/credits", new { amount = Usd(long.MaxValue), reason = "Typo" }),
            HttpStatusCode.BadRequest, "amount.too_large");

        var ledger = await HttpAssert.Ok<LedgerView>(await admin.GetAsync($"{billing}/balance"));
        Assert.Equal((10000L, 0L, 1), (ledger.BalanceOwing.Minor, ledger.CreditGranted.Minor, ledger.Invoices.Count));
        Assert.Empty(ledger.PlanIds);
    }

    [Fact]
    public async Task The_same_idempotency_key_replays_the_first_payment_and_other_content_is_a_conflict()
    {
        var orgId = await fixture.NewOrganization();
        var holder = ApiFixture.NewUserId();
        using var admin = await fixture.Admin(orgId);
        using var customer = await fixture.Customer(holder);
        var account = await HttpAssert.Ok<Accounts.AccountView>(await admin.PostAsJsonAsync($"/api/orgs/{orgId}/accounts",
            new { holderUserId = holder, displayName = "The Smiths" }), HttpStatusCode.Created);
        var billing = $"/api/orgs/{orgId}/accounts/{account.AccountId}";
        var card = await SaveAndAuthorize(customer, SimulatedTestMethods.Visa, orgId);
        await admin.PostAsJsonAsync($"{billing}/invoices", new { dueDate = DateOnly.FromDateTime(DateTime.UtcNow), lines = new[] { new { description = "Camp", amount = Usd(8000) } } });

        var first = await Send(admin, billing, 3000, card, "key-1");
        var second = await Send(admin, billing, 3000, card, "key-1");
        var other = await Send(admin, billing, 4000, card, "key-1");

        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        await HttpAssert.Problem(other, HttpStatusCode.Conflict, "idempotency_key.reused");
        var ledger = await HttpAssert.Ok<LedgerView>(await admin.GetAsync($"{billing}/balance"));
        Assert.Equal((5000L, 3000L), (ledger.BalanceOwing.Minor, ledger.Received.Minor));
        Assert.Single(ledger.PaymentIds);
    }

    [Fact]
    public async Task An_expired_card_is_refused_before_the_processor_and_goes_through_once_the_admin_updates_it() // R5, R3
    {
        var orgId = await fixture.NewOrganization();
        var otherOrgId = await fixture.NewOrganization();
        var holder = ApiFixture.NewUserId();
        using var admin = await fixture.Admin(orgId);
        using var otherAdmin = await fixture.Admin(otherOrgId);
        using var customer = await fixture.Customer(holder);
        var account = await HttpAssert.Ok<Accounts.AccountView>(await admin.PostAsJsonAsync($"/api/orgs/{orgId}/accounts",
            new { holderUserId = holder, displayName = "The Garcias" }), HttpStatusCode.Created);
        var otherAccount = await HttpAssert.Ok<Accounts.AccountView>(await otherAdmin.PostAsJsonAsync($"/api/orgs/{otherOrgId}/accounts",
            new { holderUserId = holder, displayName = "The Garcias" }), HttpStatusCode.Created);
        var billing = $"/api/orgs/{orgId}/accounts/{account.AccountId}";
        var card = await SaveAndAuthorize(customer, SimulatedTestMethods.VisaExpired, orgId);
        await HttpAssert.Ok<InvoiceView>(await admin.PostAsJsonAsync($"{billing}/invoices",
            new { dueDate = DateOnly.FromDateTime(DateTime.UtcNow), lines = new[] { new { description = "Ski club", amount = Usd(6000) } } }), HttpStatusCode.Created);
        var shown = Assert.Single(await HttpAssert.Ok<List<OrganizationPaymentMethod>>(await admin.GetAsync($"{billing}/payment-methods")));
        Assert.Equal((card, true), (shown.Id, shown.IsExpired));

        // The engine knows the card is expired: it refuses the charge up front and points at the expiry update, instead
        // of sending the processor a charge it would decline. Nothing is recorded.
        var refused = await HttpAssert.Problem(await Send(admin, billing, 6000, card, "with-expired-card"), HttpStatusCode.UnprocessableEntity, "payment_method.expired");
        Assert.Equal("source.methodId", refused.GetProperty("field").GetString());
        Assert.Contains($"{billing}/payment-methods/{card}", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await HttpAssert.Ok<ActionCenterPage>(await admin.GetAsync($"/api/orgs/{orgId}/action-center"))).Items);
        Assert.Empty((await HttpAssert.Ok<LedgerView>(await admin.GetAsync($"{billing}/balance"))).PaymentIds);

        // Only an organization the card is authorized for may update it; for another one it does not exist (R3).
        var newYear = DateTime.UtcNow.Year + 2;
        await HttpAssert.Problem(await otherAdmin.PatchAsJsonAsync($"/api/orgs/{otherOrgId}/accounts/{otherAccount.AccountId}/payment-methods/{card}",
            new { expMonth = 6, expYear = newYear }), HttpStatusCode.NotFound, "not_found");
        var updated = await HttpAssert.Ok<OrganizationPaymentMethod>(await admin.PatchAsJsonAsync($"{billing}/payment-methods/{card}",
            new { expMonth = 6, expYear = newYear }));
        Assert.Equal((false, new CardExpiry(6, newYear)), (updated.IsExpired, updated.Details.Expiry));

        var paid = await HttpAssert.Ok<CheckoutResult>(await Send(admin, billing, 6000, card, "with-updated-card"), HttpStatusCode.Created);

        Assert.Equal(PaymentStatus.Succeeded, paid.Payment!.Status);
        var ledger = await HttpAssert.Ok<LedgerView>(await admin.GetAsync($"{billing}/balance"));
        Assert.Equal((0L, 6000L, 1), (ledger.BalanceOwing.Minor, ledger.Received.Minor, ledger.PaymentIds.Count));
        Assert.Equal(ledger.Received - ledger.Refunded, ledger.AllocatedPayments + ledger.Unallocated);
    }

    [Fact]
    public async Task A_payment_whose_answer_was_lost_is_unknown_and_uncounted_and_its_replay_returns_the_same_payment() // decision 3
    {
        var orgId = await fixture.NewOrganization();
        var holder = ApiFixture.NewUserId();
        using var admin = await fixture.Admin(orgId);
        using var customer = await fixture.Customer(holder);
        var account = await HttpAssert.Ok<Accounts.AccountView>(await admin.PostAsJsonAsync($"/api/orgs/{orgId}/accounts",
            new { holderUserId = holder, displayName = "The Olsens" }), HttpStatusCode.Created);
        var billing = $"/api/orgs/{orgId}/accounts/{account.AccountId}";
        var card = await SaveAndAuthorize(customer, SimulatedTestMethods.VisaLostResponse, orgId);
        await admin.PostAsJsonAsync($"{billing}/invoices", new { dueDate = DateOnly.FromDateTime(DateTime.UtcNow), lines = new[] { new { description = "Camp", amount = Usd(7000) } } });

        var first = await HttpAssert.Ok<CheckoutResult>(await Send(admin, billing, 7000, card, "lost-1"), HttpStatusCode.Created);
        var unknown = await HttpAssert.Ok<LedgerView>(await admin.GetAsync($"{billing}/balance"));

        Assert.Equal(PaymentStatus.Unknown, first.Payment!.Status);
        Assert.Equal((7000L, 0L), (unknown.BalanceOwing.Minor, unknown.Received.Minor));
        Assert.Empty((await HttpAssert.Ok<ActionCenterPage>(await admin.GetAsync($"/api/orgs/{orgId}/action-center"))).Items);

        // What the janitor does on its next tick (a minute on this host), done now.
        var resolved = await fixture.Grains.GetGrain<IPaymentGrain>(OrgScopedKey.For(orgId, first.Payment.PaymentId)).Resolve();
        var replay = await HttpAssert.Ok<CheckoutResult>(await Send(admin, billing, 7000, card, "lost-1"), HttpStatusCode.Created);

        Assert.Equal(PaymentStatus.Succeeded, resolved.Status);
        Assert.Equal(first.Payment.PaymentId, replay.Payment!.PaymentId);
        var current = await HttpAssert.Ok<PaymentView>(await admin.GetAsync($"{billing}/payments/{first.Payment.PaymentId}"));
        Assert.Equal(PaymentStatus.Succeeded, current.Status);
        var ledger = await HttpAssert.Ok<LedgerView>(await admin.GetAsync($"{billing}/balance"));
        Assert.Equal((0L, 7000L), (ledger.BalanceOwing.Minor, ledger.Received.Minor));
        Assert.Single(ledger.Receipts);
        Assert.Equal([first.Payment.PaymentId], ledger.PaymentIds);
    }

    private static async Task<HttpResponseMessage> Send(HttpClient admin, string billing, long amount, string methodId, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{billing}/payments")
        {
            Content = JsonContent.Create(new { amount = Usd(amount), source = new { methodId } }),
        };
        request.Headers.Add("Idempotency-Key", key);
        var response = await admin.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static async Task<string> SaveAndAuthorize(HttpClient customer, string token, string orgId)
    {
        var saved = await HttpAssert.Ok<OwnerPaymentMethod>(await customer.PostAsJsonAsync("/api/me/wallet/methods", new { token, billingAddress = Address }), HttpStatusCode.Created);
        (await customer.PutAsync($"/api/me/wallet/methods/{saved.Id}/authorizations/{orgId}", null)).EnsureSuccessStatusCode();
        return saved.Id;
    }
}
