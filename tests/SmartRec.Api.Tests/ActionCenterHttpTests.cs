using System.Net;
using System.Net.Http.Json;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Invoices;
using SmartRec.Contracts.Payments;
using SmartRec.Contracts.Wallets;
using SmartRec.Payments.Simulated;

namespace SmartRec.Api.Tests;

/// <summary>The Action Center over HTTP: paged with counts, retried with another method by an admin, read-only for a viewer.</summary>
[Collection(ApiCollection.Name)]
public sealed class ActionCenterHttpTests(ApiFixture fixture)
{
    private static readonly BillingAddress Address = new("1 Main Street", "Burlington", "05401", "US", Region: "VT");

    [Fact]
    public async Task An_admin_retries_a_declined_payment_with_another_card_and_the_item_is_resolved() // R3, R13
    {
        var orgId = await fixture.NewOrganization();
        var holder = ApiFixture.NewUserId();
        await fixture.Grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(orgId, "acc-1")).Open(new OpenAccount(holder, "The Pelletiers"));
        var wallet = fixture.Grains.GetGrain<IWalletGrain>(holder);
        await wallet.RecordSignIn();
        var declining = await wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.InsufficientFunds, Address));
        var good = await wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.Visa, Address));
        await wallet.Authorize(declining.Id, orgId);
        await wallet.Authorize(good.Id, orgId);
        await fixture.Grains.GetGrain<IInvoiceGrain>(OrgScopedKey.For(orgId, "inv-1")).Create(new NewInvoice("acc-1",
            [new NewInvoiceLine("Hockey", new Money(4000, "USD"))], DateOnly.FromDateTime(DateTime.UtcNow).AddDays(5)));
        using var admin = await fixture.Admin(orgId);
        using var viewer = await fixture.As($"viewer@{orgId}", "viewer", orgId);
        var paid = await HttpAssert.Ok<CheckoutResult>(await admin.PostMoney($"/api/orgs/{orgId}/accounts/acc-1/payments",
            new { amount = new Money(4000, "USD"), source = new { methodId = declining.Id } }), HttpStatusCode.Created);
        Assert.Equal(PaymentStatus.Declined, paid.Payment!.Status);

        var page = await HttpAssert.Ok<ActionCenterPage>(await viewer.GetAsync($"/api/orgs/{orgId}/action-center?state=open&limit=10"));
        var item = Assert.Single(page.Items);
        Assert.Equal((1, new ActionCenterCounts(1, 0, 0), "The Pelletiers", 4000L), (page.Total, page.Counts, item.HolderName, item.Item.Amount!.Value.Minor));
        var retryUrl = $"/api/orgs/{orgId}/action-center/{item.Item.Id}/retry";
        await HttpAssert.Problem(await viewer.PostMoney(retryUrl, new { methodId = good.Id }), HttpStatusCode.Forbidden, "auth.role");
        await HttpAssert.Problem(await admin.PostAsJsonAsync(retryUrl, new { methodId = good.Id }), HttpStatusCode.BadRequest, "idempotency_key.required");
        await HttpAssert.Problem(await admin.GetAsync($"/api/orgs/{orgId}/action-center?state=sideways"), HttpStatusCode.BadRequest, "action_center.state");

        var resolved = await HttpAssert.Ok<ActionItemView>(await admin.PostMoney(retryUrl, new { methodId = good.Id }, "retry-with-visa"));

        Assert.Equal(ActionItemState.Resolved, resolved.State);
        var after = await HttpAssert.Ok<ActionCenterPage>(await viewer.GetAsync($"/api/orgs/{orgId}/action-center"));
        Assert.Equal(new ActionCenterCounts(0, 1, 0), after.Counts);
        var balance = await HttpAssert.Ok<LedgerView>(await admin.GetAsync($"/api/orgs/{orgId}/accounts/acc-1/balance"));
        Assert.Equal(0, balance.BalanceOwing.Minor);
        var lake = await fixture.Admin(await fixture.NewOrganization());
        await HttpAssert.Problem(await lake.GetAsync($"/api/orgs/{orgId}/action-center"), HttpStatusCode.NotFound, "not_found");
    }
}
