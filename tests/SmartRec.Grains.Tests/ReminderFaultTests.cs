using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Installments;
using SmartRec.Contracts.Invoices;
using SmartRec.Contracts.Payments;
using SmartRec.Contracts.Wallets;
using SmartRec.Payments.Simulated;

namespace SmartRec.Grains.Tests;

/// <summary>
/// A payment or plan is never stored without the reminder that finishes it. Seen on the local cluster: the janitor's
/// registration failed (its reminder partition was on a silo just killed), the payment stayed "submitted" and held
/// its amount for good while every retry replayed it without charging.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ReminderFaultTests(ClusterFixture fixture)
{
    private static readonly BillingAddress Address = new("1 Main Street", "Burlington", "05401", "US", Region: "VT");

    private static Money Usd(long minor) => new(minor, "USD");

    [Fact]
    public async Task A_checkout_whose_janitor_could_not_be_registered_is_charged_once_by_its_retry() // decision 3
    {
        var (orgId, card) = await NewFamily();
        var checkout = fixture.Grains.GetGrain<ICheckoutGrain>(OrgScopedKey.For(orgId, "co-1"));
        var request = new PayBalance("acc-1", [], Usd(0), Usd(5000), new PaymentSource(card));
        FailingReminders.Fail(OrgScopedKey.For(orgId, "co-1"));

        await Assert.ThrowsAnyAsync<Exception>(() => checkout.PayBalance(request));
        var retried = await checkout.PayBalance(request);
        var replayed = await checkout.PayBalance(request);

        Assert.Equal(PaymentStatus.Succeeded, retried.Payment!.Status);
        Assert.Equal(retried.Payment.PaymentId, replayed.Payment!.PaymentId);
        Assert.Equal(1, fixture.Processor.Charged($"pay:{orgId}/co-1"));
        var ledger = await fixture.Grains.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(orgId, "acc-1")).Get();
        Assert.Equal((0L, 5000L, 0L), (ledger.BalanceOwing.Minor, ledger.Received.Minor, ledger.Reserved.Minor));
    }

    [Fact]
    public async Task A_plan_whose_reminder_could_not_be_registered_is_created_by_its_retry_and_charged_when_due() // decision 8
    {
        var (orgId, card) = await NewFamily();
        var today = DateOnly.FromDateTime(fixture.Time.GetUtcNow().UtcDateTime);
        var checkout = fixture.Grains.GetGrain<ICheckoutGrain>(OrgScopedKey.For(orgId, "co-1"));
        var request = new PayBalance("acc-1", [], Usd(0), Usd(5000), new PaymentSource(card), Installments: [new NewInstallment(today, Usd(5000))]);
        FailingReminders.Fail(OrgScopedKey.For(orgId, "co-1"));

        await Assert.ThrowsAnyAsync<Exception>(() => checkout.PayBalance(request));
        var plan = (await checkout.PayBalance(request)).Plan!;

        // Nobody ticks the plan by hand: only its reminder can charge the installment.
        var plans = fixture.Grains.GetGrain<IInstallmentPlanGrain>(OrgScopedKey.For(orgId, plan.PlanId));
        await fixture.Time.Eventually(() => plans.Find(), p => p!.Installments[0].Status == InstallmentStatus.Paid);

        Assert.Equal(InstallmentStatus.Paid, (await plans.Find())!.Installments[0].Status);
        Assert.Equal(1, fixture.Processor.Charged($"plan:{orgId}/{plan.PlanId}:1"));
        var ledger = await fixture.Grains.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(orgId, "acc-1")).Get();
        Assert.Equal((0L, 0L), (ledger.BalanceOwing.Minor, ledger.Reserved.Minor));
    }

    private async Task<(string OrgId, string Card)> NewFamily()
    {
        var orgId = await fixture.NewOrganization();
        var holder = ClusterFixture.NewUserId();
        await fixture.Grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(orgId, "acc-1")).Open(new OpenAccount(holder, "The Roys"));
        var wallet = fixture.Grains.GetGrain<IWalletGrain>(holder);
        await wallet.RecordSignIn();
        var card = await wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.Visa, Address));
        await wallet.Authorize(card.Id, orgId);
        var today = DateOnly.FromDateTime(fixture.Time.GetUtcNow().UtcDateTime);
        await fixture.Grains.GetGrain<IInvoiceGrain>(OrgScopedKey.For(orgId, "inv-1"))
            .Create(new NewInvoice("acc-1", [new NewInvoiceLine("Hockey", Usd(5000))], today.AddDays(10)));
        return (orgId, card.Id);
    }
}
