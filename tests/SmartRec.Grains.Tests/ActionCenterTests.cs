using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Installments;
using SmartRec.Contracts.Invoices;
using SmartRec.Contracts.Payments;
using SmartRec.Contracts.Wallets;
using SmartRec.Payments.Simulated;
using SmartRec.Tests.Shared;

namespace SmartRec.Grains.Tests;

/// <summary>The Action Center that acts (R13): never truncated, paged and counted, retried, dismissed, resolved by itself.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ActionCenterTests(ClusterFixture fixture)
{
    private static readonly BillingAddress Address = new("1 Main Street", "Burlington", "05401", "US", Region: "VT");

    private static Money Usd(long minor) => new(minor, "USD");

    [Fact]
    public async Task Two_thousand_declines_are_all_listed_page_by_page_newest_first_with_counts() // decision 15
    {
        var orgId = await fixture.NewOrganization();
        var center = fixture.Grains.GetGrain<IActionCenterGrain>(orgId);
        var start = fixture.Time.GetUtcNow();
        await Task.WhenAll(Enumerable.Range(0, 2000).Select(n => center.Record(new ActionItem(
            $"payment.p{n:D4}", n % 4 == 0 ? ActionItemKind.EcheckFailed : ActionItemKind.PaymentDeclined, $"acc-{n % 50}",
            "Declined.", start.AddSeconds(n), $"p{n:D4}", DeclineCode: "insufficient_funds", Amount: Usd(1000 + n)))));
        await center.Dismiss("payment.p0007", "Family moved away");

        var seen = new List<ActionItemView>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await center.Page(new ActionCenterQuery(Cursor: cursor, Limit: 150));
            Assert.Equal((2000, new ActionCenterCounts(1999, 0, 1)), (page.Total, page.Counts));
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(14, pages);
        Assert.Equal(2000, seen.Select(i => i.Item.Id).Distinct().Count());
        Assert.Equal(seen.OrderByDescending(i => i.FirstRecordedAt).Select(i => i.Item.Id), seen.Select(i => i.Item.Id));
        Assert.Equal("payment.p1999", seen[0].Item.Id);
        var echecks = await center.Page(new ActionCenterQuery(ActionItemKind.EcheckFailed, ActionItemState.Open, Limit: 500));
        Assert.Equal((500, 500, (string?)null), (echecks.Total, echecks.Items.Count, echecks.NextCursor));
        Assert.All(echecks.Items, i => Assert.Equal(ActionItemKind.EcheckFailed, i.Item.Kind));
    }

    [Fact]
    public async Task A_retry_with_another_authorized_method_succeeds_and_resolves_the_item() // R3, R13
    {
        var (orgId, holder, declining) = await NewFamily(SimulatedTestMethods.InsufficientFunds);
        var good = await Authorized(holder, orgId, SimulatedTestMethods.Visa);
        var declined = await fixture.Grains.GetGrain<ICheckoutGrain>(OrgScopedKey.For(orgId, "co-1"))
            .PayBalance(new PayBalance("acc-1", [], Usd(0), Usd(6000), new PaymentSource(declining)));
        Assert.Equal(PaymentStatus.Declined, declined.Payment!.Status);
        var center = fixture.Grains.GetGrain<IActionCenterGrain>(orgId);
        var itemId = $"payment.{declined.Payment.PaymentId}";
        Assert.Equal(ActionItemState.Open, (await center.Find(itemId))!.State);

        var sameMethod = await center.Retry(itemId, "retry-1", null);
        Assert.Equal((ActionItemState.Open, 2), (sameMethod.State, sameMethod.Attempts));
        var resolved = await center.Retry(itemId, "retry-2", good);
        var replayed = await center.Retry(itemId, "retry-2", good);

        Assert.Equal((ActionItemState.Resolved, "retry-2"), (resolved.State, resolved.ResolvedByPaymentId));
        Assert.Equal(ActionItemState.Resolved, replayed.State);
        Assert.Equal(1, fixture.Processor.Charged($"pay:{orgId}/retry-2"));
        var ledger = await fixture.Grains.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(orgId, "acc-1")).Get();
        Assert.Equal((0L, 6000L), (ledger.BalanceOwing.Minor, ledger.Received.Minor));
        var stranger = await Assert.ThrowsAsync<DomainException>(() => center.Retry($"payment.{declined.Payment.PaymentId}", "retry-3", "pm_notthisfamilys"));
        Assert.Equal("action_item.closed", stranger.Code);
    }

    [Fact]
    public async Task A_dismissed_item_stays_dismissed_when_the_same_decline_comes_again()
    {
        var orgId = await fixture.NewOrganization();
        var center = fixture.Grains.GetGrain<IActionCenterGrain>(orgId);
        var item = new ActionItem("payment.dismissed", ActionItemKind.PaymentDeclined, "acc-1", "Declined.", fixture.Time.GetUtcNow(), "dismissed");
        await center.Record(item);

        var dismissed = await center.Dismiss(item.Id, "Paid by cheque at the front desk");
        await center.Record(item with { DeclineCode = "insufficient_funds" });
        var again = await center.Dismiss(item.Id, "A second note");

        var after = (await center.Find(item.Id))!;
        Assert.Equal((ActionItemState.Dismissed, "Paid by cheque at the front desk", 2), (after.State, after.Note, after.Attempts));
        Assert.Equal(dismissed.Note, again.Note);
        var refused = await Assert.ThrowsAsync<DomainException>(() => center.Retry(item.Id, "retry-x", null));
        Assert.Equal("action_item.closed", refused.Code);
    }

    [Fact]
    public async Task A_declined_installment_is_one_item_that_resolves_itself_when_a_later_attempt_is_paid() // R10, R13
    {
        var (orgId, holder, declining) = await NewFamily(SimulatedTestMethods.InsufficientFunds);
        var good = await Authorized(holder, orgId, SimulatedTestMethods.Visa);
        var today = DateOnly.FromDateTime(fixture.Time.GetUtcNow().UtcDateTime);
        var plans = fixture.Grains.GetGrain<IInstallmentPlanGrain>(OrgScopedKey.For(orgId, "plan-1"));
        await plans.Create(new NewPlan("acc-1", declining, Usd(6000), [new(today, Usd(6000))], [], "Camp"));
        await plans.Tick();
        var center = fixture.Grains.GetGrain<IActionCenterGrain>(orgId);
        var open = (await center.Find("installment.plan-1.1"))!;
        Assert.Equal((ActionItemState.Open, ActionItemKind.InstallmentDeclined, true), (open.State, open.Item.Kind, open.Item.WillRetry));
        Assert.Equal("action_item.retry_scheduled", (await Assert.ThrowsAsync<DomainException>(() => center.Retry(open.Item.Id, "r", good))).Code);

        await plans.Edit(1, new InstallmentEdit(MethodId: good));
        fixture.Time.Advance(TimeSpan.FromDays(4));
        await plans.Tick();

        var resolved = (await center.Find("installment.plan-1.1"))!;
        Assert.Equal(ActionItemState.Resolved, resolved.State);
        Assert.Equal(InstallmentStatus.Paid, (await plans.Find())!.Installments[0].Status);
        Assert.Single(await center.AllItems());
    }

    private async Task<(string OrgId, string Holder, string MethodId)> NewFamily(string token)
    {
        var orgId = await fixture.NewOrganization();
        var holder = ClusterFixture.NewUserId();
        await fixture.Grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(orgId, "acc-1")).Open(new OpenAccount(holder, "The Nadeaus"));
        await fixture.Grains.GetGrain<IWalletGrain>(holder).RecordSignIn();
        var method = await Authorized(holder, orgId, token);
        await fixture.Grains.GetGrain<IInvoiceGrain>(OrgScopedKey.For(orgId, "inv-1")).Create(new NewInvoice("acc-1",
            [new NewInvoiceLine("Camp", Usd(6000))], DateOnly.FromDateTime(fixture.Time.GetUtcNow().UtcDateTime).AddDays(10)));
        return (orgId, holder, method);
    }

    private async Task<string> Authorized(string holder, string orgId, string token)
    {
        var wallet = fixture.Grains.GetGrain<IWalletGrain>(holder);
        var method = await wallet.AddMethod(new SavePaymentMethod(token, Address));
        await wallet.Authorize(method.Id, orgId);
        return method.Id;
    }
}
