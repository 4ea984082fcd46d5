using System.Net;
using System.Net.Http.Json;
using SmartRec.Api.Endpoints;
using SmartRec.Contracts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Installments;
using SmartRec.Contracts.Invoices;
using SmartRec.Contracts.Notifications;
using SmartRec.Contracts.Organizations;
using SmartRec.Contracts.Payments;
using SmartRec.Contracts.Wallets;
using SmartRec.Payments.Simulated;
using Accounts = SmartRec.Contracts.Accounts;

namespace SmartRec.Api.Tests;

/// <summary>The "done when": a family pays two children's invoices with credit, a card and installments.</summary>
public sealed class BillingWalkthroughHttpTests(FakeClockApiFixture fixture) : IClassFixture<FakeClockApiFixture>
{
    private static readonly object Address = new { line1 = "1 Main Street", city = "Burlington", region = "VT", postalCode = "05401", country = "US" };

    private static Money Usd(long minor) => new(minor, "USD");

    [Fact]
    public async Task A_family_pays_two_invoices_with_credit_a_card_and_three_installments_and_every_figure_adds_up() // R5, R6, R9, R10
    {
        var orgId = "org-" + Guid.NewGuid().ToString("N")[..12];
        await fixture.Grains.GetGrain<IOrganizationGrain>(orgId).Provision("Riverside Recreation", "USD");
        var holder = "user-" + Guid.NewGuid().ToString("N")[..12];
        // Tokens live on the fake clock: a fresh one after each jump of days.
        Task<HttpClient> Admin() => fixture.As($"admin@{orgId}", "admin", orgId);
        var admin = await Admin();
        var customer = await fixture.As(holder, "customer");
        var today = DateOnly.FromDateTime(fixture.Time.GetUtcNow().UtcDateTime);

        // The family: an account, two children, a signed-in holder with a card and a low-funds card authorized for the organization.
        var account = await HttpAssert.Ok<Accounts.AccountView>(await admin.PostAsJsonAsync($"/api/orgs/{orgId}/accounts",
            new { holderUserId = holder, displayName = "The Tremblays" }), HttpStatusCode.Created);
        var billing = $"/api/orgs/{orgId}/accounts/{account.AccountId}";
        var emma = await HttpAssert.Ok<Accounts.PersonView>(await admin.PostAsJsonAsync($"/api/orgs/{orgId}/accounts/{account.AccountId}/persons",
            new { firstName = "Emma", lastName = "Tremblay" }), HttpStatusCode.Created);
        var noah = await HttpAssert.Ok<Accounts.PersonView>(await admin.PostAsJsonAsync($"/api/orgs/{orgId}/accounts/{account.AccountId}/persons",
            new { firstName = "Noah", lastName = "Tremblay" }), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await customer.PostAsync("/api/me/sign-in", null)).StatusCode);
        var visa = await SaveAndAuthorize(customer, orgId, SimulatedTestMethods.Visa);
        var lowFunds = await SaveAndAuthorize(customer, orgId, SimulatedTestMethods.InsufficientFunds);

        // Invoices for the two children: 300.00 and 200.00; and 50.00 of credit.
        var emmaInvoice = await HttpAssert.Ok<InvoiceView>(await admin.PostAsJsonAsync($"{billing}/invoices", new
        {
            invoiceId = "inv-emma", personId = emma.Id, dueDate = today.AddDays(10), lines = new[] { new { description = "Summer camp", amount = Usd(30000) } },
        }), HttpStatusCode.Created);
        await HttpAssert.Ok<InvoiceView>(await admin.PostAsJsonAsync($"{billing}/invoices", new
        {
            invoiceId = "inv-noah", personId = noah.Id, dueDate = today.AddDays(20), lines = new[] { new { description = "Swim lessons", amount = Usd(20000) } },
        }), HttpStatusCode.Created);
        Assert.Equal(InvoiceStatus.Open, emmaInvoice.Status);
        await admin.PostMoney($"{billing}/credits", new { amount = Usd(5000), reason = "Sibling discount" });
        await AssertBalance(admin, billing, owing: 50000, received: 0);

        // Pay part of the balance: 50.00 of credit and 150.00 on the saved card, oldest invoice first (R9).
        var payRequest = new { applyCredit = Usd(5000), amount = Usd(15000), source = new { methodId = visa } };
        var paid = await Pay(admin, billing, payRequest, "family-pay-1");
        var replayed = await Pay(admin, billing, payRequest, "family-pay-1");
        Assert.Equal(PaymentStatus.Succeeded, paid.Payment!.Status);
        Assert.Equal(paid.Payment.PaymentId, replayed.Payment!.PaymentId);
        var afterCard = await AssertBalance(admin, billing, owing: 30000, received: 15000);
        Assert.Equal(10000, afterCard.Invoices.Single(i => i.InvoiceId == "inv-emma").Owing.Minor);
        Assert.Equal(5000, afterCard.AppliedCredit.Minor);
        // The payment says what was charged the way a person recognizes it: the brand and the last 4 (R2).
        var listed = Assert.Single((await HttpAssert.Ok<Page<PaymentView>>(await admin.GetAsync($"{billing}/payments"))).Items);
        Assert.Equal(("visa", "4242", visa), (listed.MethodBrand, listed.MethodLast4, listed.MethodId));

        // The rest, 300.00, in three installments starting tomorrow (R6, R9).
        var planned = await Pay(admin, billing, new
        {
            amount = Usd(30000),
            source = new { methodId = visa },
            installments = new[]
            {
                new { dueDate = today.AddDays(1), amount = Usd(10000) },
                new { dueDate = today.AddDays(2), amount = Usd(10000) },
                new { dueDate = today.AddDays(3), amount = Usd(10000) },
            },
        }, "family-plan");
        var planId = planned.Plan!.PlanId;
        await AssertBalance(admin, billing, owing: 30000, received: 15000);

        // Before it is due, the second installment becomes 120.00 on the low-funds card; the third absorbs the difference
        // (R10), and the answer says so.
        var edited = await HttpAssert.Ok<BillingApi.InstallmentEdited>(await admin.PatchAsJsonAsync($"{billing}/upcoming-payments/{planId}/installments/2",
            new { amount = Usd(12000), methodId = lowFunds }));
        Assert.Equal([10000L, 12000L, 8000L], edited.Plan.Installments.Select(i => i.Amount.Minor));
        var moved = Assert.Single(edited.Adjusted);
        Assert.Equal((3, 10000L, 8000L), (moved.Number, moved.From.Minor, moved.To.Minor));

        // Day 1: the reminder charges the first installment.
        fixture.Time.Advance(TimeSpan.FromDays(1));
        admin = await Admin();
        await UntilInstallment(admin, billing, 1, InstallmentStatus.Paid);
        await AssertBalance(admin, billing, owing: 20000, received: 25000);

        // Day 2: the second is declined for insufficient funds, scheduled for a retry and recorded for the Action Center.
        fixture.Time.Advance(TimeSpan.FromDays(1));
        admin = await Admin();
        var declined = await UntilInstallment(admin, billing, 2, InstallmentStatus.RetryScheduled);
        Assert.Equal("insufficient_funds", declined.LastDeclineCode);
        await AssertBalance(admin, billing, owing: 20000, received: 25000);
        var item = Assert.Single((await HttpAssert.Ok<ActionCenterPage>(await admin.GetAsync($"/api/orgs/{orgId}/action-center"))).Items);
        Assert.True(item.Item.WillRetry);
        var methodOnly = await HttpAssert.Ok<BillingApi.InstallmentEdited>(
            await admin.PatchAsJsonAsync($"{billing}/upcoming-payments/{planId}/installments/2", new { methodId = visa }));
        Assert.Empty(methodOnly.Adjusted);

        // Day 3: the third is charged; the retry of the second comes three days after its decline.
        fixture.Time.Advance(TimeSpan.FromDays(1));
        admin = await Admin();
        await UntilInstallment(admin, billing, 3, InstallmentStatus.Paid);
        await AssertBalance(admin, billing, owing: 12000, received: 33000);
        fixture.Time.Advance(TimeSpan.FromDays(2));
        admin = await Admin();
        var retried = await UntilInstallment(admin, billing, 2, InstallmentStatus.Paid);
        Assert.Equal(2, retried.Attempts);
        var settled = await AssertBalance(admin, billing, owing: 0, received: 45000);
        Assert.All(settled.Invoices, i => Assert.Equal(0, i.Owing.Minor));
        var charged = await HttpAssert.Ok<PatchResult>(await admin.PatchAsJsonAsync($"{billing}/upcoming-payments/{planId}/installments/1", new { dueDate = today.AddDays(9) }), HttpStatusCode.Conflict);
        Assert.Equal("installment.charged", charged.Code);

        // A refund of 40.00 of the card payment reopens the invoice it paid.
        var refund = await HttpAssert.Ok<PaymentView>(await admin.PostMoney($"{billing}/payments/{paid.Payment.PaymentId}/refunds", new { amount = Usd(4000) }), HttpStatusCode.Created);
        Assert.Equal(PaymentStatus.PartiallyRefunded, refund.Status);
        var refunded = await AssertBalance(admin, billing, owing: 4000, received: 45000);
        Assert.Equal(4000, refunded.Refunded.Minor);
        Assert.Equal(InvoiceStatus.Open, (await HttpAssert.Ok<InvoiceView>(await admin.GetAsync($"{billing}/invoices/inv-emma"))).Status);

        // The holder was told about each receipt and the failed installment.
        customer = await fixture.As(holder, "customer");
        var notifications = (await HttpAssert.Ok<Page<Notification>>(await customer.GetAsync("/api/me/notifications"))).Items;
        Assert.Equal(4, notifications.Count(n => n.Kind == NotificationKind.Receipt));
        Assert.Single(notifications, n => n.Kind == NotificationKind.PaymentFailed);
    }

    private sealed record PatchResult(string Code);

    private static async Task<string> SaveAndAuthorize(HttpClient customer, string orgId, string token)
    {
        var saved = await HttpAssert.Ok<OwnerPaymentMethod>(await customer.PostAsJsonAsync("/api/me/wallet/methods", new { token, billingAddress = Address }), HttpStatusCode.Created);
        (await customer.PutAsync($"/api/me/wallet/methods/{saved.Id}/authorizations/{orgId}", null)).EnsureSuccessStatusCode();
        return saved.Id;
    }

    private static async Task<CheckoutResult> Pay(HttpClient admin, string billing, object body, string idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{billing}/payments") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await HttpAssert.Ok<CheckoutResult>(await admin.SendAsync(request), HttpStatusCode.Created);
    }

    /// <summary>The two invariants, from the statement's totals and its lines, plus the expected figures.</summary>
    private static async Task<LedgerView> AssertBalance(HttpClient admin, string billing, long owing, long received)
    {
        var ledger = await HttpAssert.Ok<LedgerView>(await admin.GetAsync($"{billing}/balance"));
        Assert.Equal(ledger.Invoiced.Minor - ledger.AllocatedPayments.Minor - ledger.AppliedCredit.Minor, ledger.BalanceOwing.Minor);
        Assert.Equal(ledger.Received.Minor - ledger.Refunded.Minor, ledger.AllocatedPayments.Minor + ledger.Unallocated.Minor);
        Assert.Equal(ledger.Invoices.Sum(i => i.Owing.Minor), ledger.BalanceOwing.Minor);
        Assert.Equal((owing, received), (ledger.BalanceOwing.Minor, ledger.Received.Minor));
        var invoices = (await HttpAssert.Ok<Page<InvoiceView>>(await admin.GetAsync($"{billing}/invoices"))).Items;
        Assert.Equal(owing, invoices.Sum(i => i.Owing.Minor));
        return ledger;
    }

    /// <summary>Waits for the reminder to move an installment, nudging the fake clock so reminders fire whichever clock drives them.</summary>
    private async Task<InstallmentView> UntilInstallment(HttpClient admin, string billing, int number, InstallmentStatus status)
    {
        InstallmentView? installment = null;
        for (var i = 0; i < 150; i++)
        {
            var upcoming = await HttpAssert.Ok<BillingApi.UpcomingPayments>(await admin.GetAsync($"{billing}/upcoming-payments"));
            installment = upcoming.Plans.Items.SelectMany(p => p.Installments).Single(x => x.Number == number);
            if (installment.Status == status)
            {
                return installment;
            }

            fixture.Time.Advance(TimeSpan.FromMilliseconds(200));
            await Task.Delay(100);
        }

        Assert.Fail($"Installment {number} is {installment?.Status}, expected {status}.");
        return installment!;
    }
}
