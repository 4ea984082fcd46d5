using System.Text.Json;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Batches;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.Installments;
using SmartRec.Contracts.Invoices;
using SmartRec.Contracts.MassCharges;
using SmartRec.Contracts.MassInvoices;
using SmartRec.Contracts.Organizations;
using SmartRec.Contracts.Payments;
using SmartRec.Contracts.ProcessorEvents;
using SmartRec.Contracts.Subscriptions;
using SmartRec.Contracts.Wallets;
using SmartRec.Domain.MassCharges;
using SmartRec.Grains.Batches;
using SmartRec.Payments.Simulated;

namespace SmartRec.Tests.Shared;

/// <summary>
/// An organization whose grains have each stored something, filled the way the engine fills them: every kind of
/// [PersistentState] it has. What is written must be read back, so tests store this, deactivate, and compare.
/// </summary>
public static class EveryKindOfState
{
    private static readonly BillingAddress Address = new("1 Main Street", "Burlington", "05401", "US", Region: "VT");

    public sealed record Filled(string OrganizationId, string HolderId);

    public static async Task<Filled> FillAsync(IGrainFactory grains, DateOnly today)
    {
        var orgId = "org-" + Guid.NewGuid().ToString("N")[..12];
        await grains.GetGrain<IOrganizationGrain>(orgId).Provision($"Organization {orgId}", "USD");
        var holder = "user-" + Guid.NewGuid().ToString("N")[..12];
        await grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(orgId, "acc-1")).Open(new OpenAccount(holder, "The Tremblays"));
        var wallet = grains.GetGrain<IWalletGrain>(holder);
        await wallet.RecordSignIn();
        var card = await wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.Visa, Address));
        await wallet.Authorize(card.Id, orgId);
        var declined = await wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.Declined, Address));
        await wallet.Authorize(declined.Id, orgId);
        foreach (var invoiceId in new[] { "inv-1", "inv-2", "inv-3" })
        {
            await grains.GetGrain<IInvoiceGrain>(OrgScopedKey.For(orgId, invoiceId))
                .Create(new NewInvoice("acc-1", [new NewInvoiceLine("Swim lessons", new Money(3000, "USD"))], today.AddDays(10)));
        }

        await grains.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(orgId, "acc-1")).GrantCredit("credit-1", new Money(500, "USD"), "Goodwill");
        var paid = await grains.GetGrain<ICheckoutGrain>(OrgScopedKey.For(orgId, "co-1")).PayBalance(
            new PayBalance("acc-1", ["inv-1"], new Money(500, "USD"), new Money(2500, "USD"), new PaymentSource(card.Id)));
        await grains.GetGrain<IPaymentGrain>(OrgScopedKey.For(orgId, paid.CheckoutId)).Refund("rf-1", new Money(1000, "USD"));
        await grains.GetGrain<ICheckoutGrain>(OrgScopedKey.For(orgId, "co-2")).PayBalance(
            new PayBalance("acc-1", ["inv-2"], new Money(0, "USD"), new Money(3000, "USD"), new PaymentSource(declined.Id)));
        await grains.GetGrain<ICheckoutGrain>(OrgScopedKey.For(orgId, "co-3")).PayBalance(
            new PayBalance("acc-1", ["inv-3"], new Money(0, "USD"), new Money(3000, "USD"), new PaymentSource(card.Id),
                Installments: [new NewInstallment(today, new Money(1500, "USD")), new NewInstallment(today.AddDays(30), new Money(1500, "USD"))]));
        await grains.GetGrain<IInstallmentPlanGrain>(OrgScopedKey.For(orgId, "co-3")).Tick();
        var subscription = grains.GetGrain<ISubscriptionGrain>(OrgScopedKey.For(orgId, "sub-1"));
        await subscription.Create(new NewSubscription("acc-1", card.Id, new Money(1200, "USD"), SubscriptionFrequency.Monthly, today, null, "Membership"));
        await subscription.Tick();
        await grains.GetGrain<IProcessorEventGrain>($"evt_{orgId}")
            .Apply(new ProcessorEvent($"evt_{orgId}", ProcessorEventKind.PaymentChanged, OrgScopedKey.For(orgId, paid.CheckoutId)));
        var batch = grains.GetGrain<IMassInvoiceGrain>(OrgScopedKey.For(orgId, "batch-1"));
        await batch.Start(new MassInvoiceRequest(new DirectorySelection(DirectoryTab.Accounts, DirectoryFilter.All), "Spring session",
            new Money(4500, "USD"), today.AddDays(30)));
        for (var i = 0; i < 300 && (await batch.GetProgress())!.Status != MassInvoiceStatus.Completed; i++)
        {
            await Task.Delay(100);
        }

        var charge = grains.GetGrain<IMassChargeGrain>(OrgScopedKey.For(orgId, MassCharging.BatchIdFor("charge-1")));
        await charge.Start(new MassChargeRequest(new DirectorySelection(DirectoryTab.Accounts, DirectoryFilter.All), new Money(2500, "USD"), Notes: "Summer camp"));
        for (var i = 0; i < 300 && (await charge.GetProgress())!.Status is not (MassChargeStatus.Completed or MassChargeStatus.Cancelled); i++)
        {
            await Task.Delay(100);
        }

        // A batch list stores its own row only when a page fills up.
        var list = grains.GetGrain<IBatchListGrain>(BatchListKey.For(orgId, BatchKind.MassCharge));
        for (var n = 0; n < BatchListGrain.PageSize; n++)
        {
            await list.Add(new BatchListEntry($"mc-filler-{n}", new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)));
        }

        return new Filled(orgId, holder);
    }

    /// <summary>What every one of those grains answers, as one text: equal before and after a reload, or something was lost.</summary>
    public static async Task<string> ReadAsync(IGrainFactory grains, Filled filled)
    {
        var orgId = filled.OrganizationId;
        var ledger = await grains.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(orgId, "acc-1")).Get();
        var payments = await Task.WhenAll(ledger.PaymentIds.Select(id => grains.GetGrain<IPaymentGrain>(OrgScopedKey.For(orgId, id)).Find()));
        var invoices = await Task.WhenAll(ledger.Invoices.Select(i => grains.GetGrain<IInvoiceGrain>(OrgScopedKey.For(orgId, i.InvoiceId)).Find()));
        var view = new
        {
            organization = await grains.GetGrain<IOrganizationGrain>(orgId).Find(),
            account = await grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(orgId, "acc-1")).Find(),
            wallet = await grains.GetGrain<IWalletGrain>(filled.HolderId).Get(),
            ledger,
            payments,
            invoices,
            checkouts = await Task.WhenAll(new[] { "co-1", "co-2", "co-3" }.Select(id => grains.GetGrain<IInstallmentPlanGrain>(OrgScopedKey.For(orgId, id)).Find())),
            subscription = await grains.GetGrain<ISubscriptionGrain>(OrgScopedKey.For(orgId, "sub-1")).Find(),
            actions = await grains.GetGrain<IActionCenterGrain>(orgId).AllItems(),
            notifications = await grains.GetGrain<SmartRec.Contracts.Notifications.INotificationOutboxGrain>(filled.HolderId).List(),
            batch = await grains.GetGrain<IMassInvoiceGrain>(OrgScopedKey.For(orgId, "batch-1")).GetProgress(),
            accounts = await grains.GetGrain<IDirectoryGrain>(orgId).QueryAccounts(DirectoryFilter.All, null, 50),
        };
        return JsonSerializer.Serialize(view);
    }
}
