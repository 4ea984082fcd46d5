using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmartRec.Tests.Shared;
using SmartRec.Api.Endpoints;
using SmartRec.Contracts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Invoices;
using SmartRec.Contracts.Payments;
using SmartRec.Payments.Simulated;
using Stripe;

namespace SmartRec.Api.Tests;

/// <summary>
/// Stripe's webhooks drive the e-check lifecycle (R13) and disputes: the emulator settles, fails and disputes charges
/// on its own clock and tells the engine by signed events; the engine's janitor is too slow to be the one acting here.
/// </summary>
[Collection(StripeEngineCollection.Name)]
public sealed class StripeWebhookHttpTests(StripeEngineFixture fixture)
{
    [Fact]
    public async Task An_echeck_is_processing_until_its_settlement_event_then_reconciles_with_its_invoice() // R13
    {
        var (orgId, accountId, method) = await fixture.FamilyOwing(12_000, SimulatedTestMethods.UsBankAccount);
        var admin = await fixture.Admin(orgId);

        var paid = await Pay(admin, orgId, accountId, method, 12_000);
        Assert.Equal(PaymentStatus.Processing, paid.Status);

        var settled = await Eventually(() => Payment(admin, orgId, accountId, paid.PaymentId), p => p.Status == PaymentStatus.Succeeded);
        Assert.Equal(PaymentStatus.Succeeded, settled.Status);
        var invoice = await HttpAssert.Ok<InvoiceView>(await admin.GetAsync($"/api/orgs/{orgId}/accounts/{accountId}/invoices/inv-1"));
        Assert.Equal((InvoiceStatus.Paid, 12_000L), (invoice.Status, invoice.Paid.Minor));
    }

    [Fact]
    public async Task A_failed_echeck_is_declined_by_its_event_lands_in_the_action_center_and_the_balance_still_owes() // R13
    {
        var (orgId, accountId, method) = await fixture.FamilyOwing(8_000, SimulatedTestMethods.UsBankAccountClosed);
        var admin = await fixture.Admin(orgId);

        var paid = await Pay(admin, orgId, accountId, method, 8_000);
        var failed = await Eventually(() => Payment(admin, orgId, accountId, paid.PaymentId), p => p.Status == PaymentStatus.Declined);

        Assert.Equal((PaymentStatus.Declined, "account_closed"), (failed.Status, failed.DeclineCode));
        var balance = await HttpAssert.Ok<LedgerView>(await admin.GetAsync($"/api/orgs/{orgId}/accounts/{accountId}/balance"));
        Assert.Equal((8_000L, 0L), (balance.BalanceOwing.Minor, balance.Reserved.Minor));
        var actions = await fixture.Grains.GetGrain<IActionCenterGrain>(orgId).AllItems();
        Assert.Contains(actions, a => a.PaymentId == paid.PaymentId && a.DeclineCode == "account_closed");
    }

    [Fact]
    public async Task A_dispute_after_success_takes_the_money_back_and_reopens_the_invoice()
    {
        var (orgId, accountId, method) = await fixture.FamilyOwing(5_000, "pm_card_createDispute");
        var admin = await fixture.Admin(orgId);

        var paid = await Pay(admin, orgId, accountId, method, 5_000);
        Assert.Equal(PaymentStatus.Succeeded, paid.Status);
        var disputed = await Eventually(() => Payment(admin, orgId, accountId, paid.PaymentId), p => p.Status == PaymentStatus.Disputed);

        Assert.Equal(PaymentStatus.Disputed, disputed.Status);
        var balance = await HttpAssert.Ok<LedgerView>(await admin.GetAsync($"/api/orgs/{orgId}/accounts/{accountId}/balance"));
        Assert.Equal((5_000L, 5_000L, 5_000L), (balance.BalanceOwing.Minor, balance.Received.Minor, balance.Refunded.Minor));
        var invoice = await HttpAssert.Ok<InvoiceView>(await admin.GetAsync($"/api/orgs/{orgId}/accounts/{accountId}/invoices/inv-1"));
        Assert.Equal(InvoiceStatus.Open, invoice.Status);
        Assert.Contains(await fixture.Grains.GetGrain<IActionCenterGrain>(orgId).AllItems(), a => a.Kind == ActionItemKind.PaymentDisputed && a.PaymentId == paid.PaymentId);
    }

    [Fact]
    public async Task Unsigned_forged_and_stale_events_are_refused_and_change_nothing()
    {
        var (orgId, accountId, method) = await fixture.FamilyOwing(9_000, SimulatedTestMethods.UsBankAccount);
        var admin = await fixture.Admin(orgId);
        var paid = await Pay(admin, orgId, accountId, method, 9_000);
        var settled = await Eventually(() => Payment(admin, orgId, accountId, paid.PaymentId), p => p.Status == PaymentStatus.Succeeded);
        var payload = await EventOf(orgId, paid.PaymentId, "payment_intent.succeeded");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        await HttpAssert.Problem(await Post(payload, signature: null), HttpStatusCode.BadRequest, "webhook.unsigned");
        await HttpAssert.Problem(await Post(payload, Sign(payload, "whsec_someone_else", now)), HttpStatusCode.BadRequest, "webhook.signature");
        await HttpAssert.Problem(await Post(payload, Sign(payload, StripeEngineFixture.WebhookSecret, now - 3600)), HttpStatusCode.BadRequest, "webhook.signature");
        await HttpAssert.Problem(await Post(payload.Replace("succeeded", "processing"), Sign(payload, StripeEngineFixture.WebhookSecret, now)),
            HttpStatusCode.BadRequest, "webhook.signature");

        Assert.Equal(JsonSerializer.Serialize(settled), JsonSerializer.Serialize(await Payment(admin, orgId, accountId, paid.PaymentId)));
    }

    [Fact]
    public async Task A_duplicate_is_applied_once_and_a_late_processing_event_never_moves_a_payment_back()
    {
        var (orgId, accountId, method) = await fixture.FamilyOwing(7_000, SimulatedTestMethods.UsBankAccount);
        var admin = await fixture.Admin(orgId);
        var paid = await Pay(admin, orgId, accountId, method, 7_000);
        await Eventually(() => Payment(admin, orgId, accountId, paid.PaymentId), p => p.Status == PaymentStatus.Succeeded);

        // The "processing" event again, as a new delivery arriving after "succeeded", then the same delivery twice.
        var late = WithNewId(await EventOf(orgId, paid.PaymentId, "payment_intent.processing"));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var first = await HttpAssert.Ok<StripeWebhooksApi.WebhookReceipt>(await Post(late, Sign(late, StripeEngineFixture.WebhookSecret, now)));
        var second = await HttpAssert.Ok<StripeWebhooksApi.WebhookReceipt>(await Post(late, Sign(late, StripeEngineFixture.WebhookSecret, now)));

        Assert.Equal((true, false), (first.Applied, second.Applied));
        Assert.Equal(first.EventId, second.EventId);
        var after = await Payment(admin, orgId, accountId, paid.PaymentId);
        Assert.Equal(PaymentStatus.Succeeded, after.Status);
        var balance = await HttpAssert.Ok<LedgerView>(await admin.GetAsync($"/api/orgs/{orgId}/accounts/{accountId}/balance"));
        Assert.Equal((0L, 7_000L), (balance.BalanceOwing.Minor, balance.Received.Minor));
    }

    [Fact]
    public async Task An_event_about_a_charge_with_no_payment_of_ours_is_acknowledged_and_not_recorded_as_applied()
    {
        var (orgId, accountId, method) = await fixture.FamilyOwing(4_000, SimulatedTestMethods.Visa);
        var admin = await fixture.Admin(orgId);
        var paid = await Pay(admin, orgId, accountId, method, 4_000);
        // A mass charge's charges carry no payment reference (their receipts are written by the chunk): the same event
        // without one, as a new delivery.
        var json = JsonNode.Parse(WithNewId(await EventOf(orgId, paid.PaymentId, "payment_intent.succeeded")))!.AsObject();
        json["data"]!["object"]!["metadata"]!.AsObject().Remove("smartrec_payment");
        var unowned = json.ToJsonString();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var first = await HttpAssert.Ok<StripeWebhooksApi.WebhookReceipt>(await Post(unowned, Sign(unowned, StripeEngineFixture.WebhookSecret, now)));

        Assert.Equal((json["id"]!.GetValue<string>(), false), (first.EventId, first.Applied));
        Assert.Equal(PaymentStatus.Succeeded, (await Payment(admin, orgId, accountId, paid.PaymentId)).Status);
    }

    private static async Task<PaymentView> Pay(HttpClient admin, string orgId, string accountId, string methodId, long amount)
    {
        var result = await HttpAssert.Ok<CheckoutResult>(await admin.PostMoney($"/api/orgs/{orgId}/accounts/{accountId}/payments",
            new { amount = new Money(amount, "USD"), source = new { methodId } }), HttpStatusCode.Created);
        return result.Payment!;
    }

    private static Task<PaymentView> Payment(HttpClient admin, string orgId, string accountId, string paymentId) =>
        admin.GetAsync($"/api/orgs/{orgId}/accounts/{accountId}/payments/{paymentId}").ContinueWith(r => HttpAssert.Ok<PaymentView>(r.Result)).Unwrap();

    private Task<HttpResponseMessage> Post(string payload, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/stripe") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.Add(StripeWebhooksApi.SignatureHeader, signature);
        }

        return fixture.Anonymous().SendAsync(request);
    }

    private static string Sign(string payload, string secret, long timestamp) =>
        $"t={timestamp},v1={EventUtility.ComputeSignature(secret, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), payload)}";

    /// <summary>The emulator's own event of this type for this payment, as it delivered it.</summary>
    private async Task<string> EventOf(string orgId, string paymentId, string type)
    {
        using var stripe = new HttpClient { BaseAddress = fixture.EmulatorAddress };
        stripe.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Emulator.ApiKey);
        var page = await stripe.GetFromJsonAsync<JsonObject>($"/v1/events?type={type}&limit=100");
        var found = page!["data"]!.AsArray().First(e =>
            e!["data"]!["object"]!["metadata"]?["smartrec_payment"]?.GetValue<string>() == OrgScopedKey.For(orgId, paymentId));
        return found!.ToJsonString();
    }

    private static string WithNewId(string payload)
    {
        var json = JsonNode.Parse(payload)!.AsObject();
        json["id"] = "evt_replayed_" + Guid.NewGuid().ToString("N")[..16];
        return json.ToJsonString();
    }

    private static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        for (var i = 0; i < 100; i++)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            await Task.Delay(100);
        }

        return await read();
    }
}
