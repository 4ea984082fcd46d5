using SmartRec.Tests.Shared;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Invoices;
using SmartRec.Contracts.Subscriptions;
using SmartRec.Contracts.Wallets;
using SmartRec.Payments.Simulated;

namespace SmartRec.Grains.Tests;

/// <summary>Subscriptions (R6): each period invoiced and charged once by the reminder at its date, on a fake clock.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SubscriptionGrainTests(ClusterFixture fixture)
{
    private static readonly BillingAddress Address = new("1 Main Street", "Burlington", "05401", "US", Region: "VT");

    private static Money Usd(long minor) => new(minor, "USD");

    private DateOnly Today => DateOnly.FromDateTime(fixture.Time.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task Each_weekly_period_is_invoiced_and_charged_once_by_the_reminder_whatever_the_ticks() // R6, decision 8
    {
        var (orgId, card) = await NewFamily(SimulatedTestMethods.Visa);
        var subscription = Subscription(orgId, "sub-weekly");
        var created = await subscription.Create(new NewSubscription("acc-1", card, Usd(2500), SubscriptionFrequency.Weekly, Today, Today.AddDays(14), "Gym pass"));
        Assert.Equal((SubscriptionStatus.Active, Today), (created.Status, created.NextDueDate));

        // Nobody ticks: the reminder charges the first period, due today.
        var first = await Eventually(() => subscription.Find(), s => s!.PeriodsPaid == 1);
        await subscription.Tick();
        await subscription.Tick();

        Assert.Equal((1, Today.AddDays(7)), (first!.PeriodsPaid, first.NextDueDate));
        Assert.Equal(1, fixture.Processor.Charged($"sub:{orgId}/sub-weekly:1"));
        Assert.Equal(0, fixture.Processor.Charged($"sub:{orgId}/sub-weekly:2"));

        // Three weeks later every period up to the end date is charged once, and the subscription has ended.
        fixture.Time.Advance(TimeSpan.FromDays(21));
        var ended = await Eventually(() => subscription.Find(), s => s!.Status == SubscriptionStatus.Ended);
        Assert.Equal(3, ended!.PeriodsPaid);
        Assert.All(new[] { 1, 2, 3 }, n => Assert.Equal(1, fixture.Processor.Charged($"sub:{orgId}/sub-weekly:{n}")));
        var ledger = await fixture.Grains.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(orgId, "acc-1")).Get();
        Assert.Equal((7500L, 7500L, 0L), (ledger.Invoiced.Minor, ledger.Received.Minor, ledger.BalanceOwing.Minor));
        Assert.Equal(["sub-weekly"], ledger.SubscriptionIds);
    }

    [Fact]
    public async Task A_paused_subscription_charges_nothing_and_resumes_from_the_next_period_due() // R6
    {
        var (orgId, card) = await NewFamily(SimulatedTestMethods.Visa);
        var subscription = Subscription(orgId, "sub-paused");
        await subscription.Create(new NewSubscription("acc-1", card, Usd(1000), SubscriptionFrequency.Weekly, Today.AddDays(1), null, "Lessons"));

        await subscription.Pause();
        fixture.Time.Advance(TimeSpan.FromDays(10));
        await subscription.Tick();
        Assert.Equal(0, (await subscription.Find())!.PeriodsPaid);

        var resumed = await subscription.Resume();
        Assert.Equal(SubscriptionStatus.Active, resumed.Status);
        var charged = await subscription.Tick();
        Assert.Equal(0, fixture.Processor.Charged($"sub:{orgId}/sub-paused:1"));
        Assert.Equal(0, charged.PeriodsPaid);
        Assert.True(resumed.NextDueDate >= Today, $"Resumed for {resumed.NextDueDate}, before today {Today}");

        var cancelled = await subscription.Cancel();
        Assert.Equal((SubscriptionStatus.Cancelled, (DateOnly?)null), (cancelled.Status, cancelled.NextDueDate));
    }

    [Fact]
    public async Task A_declined_period_is_retried_like_an_installment_and_lands_in_the_action_center()
    {
        var (orgId, card) = await NewFamily(SimulatedTestMethods.InsufficientFunds);
        var subscription = Subscription(orgId, "sub-declined");
        await subscription.Create(new NewSubscription("acc-1", card, Usd(1000), SubscriptionFrequency.Monthly, Today, null, "Membership"));

        var declined = await subscription.Tick();

        var period = Assert.Single(declined.RecentPeriods);
        Assert.Equal((PeriodStatus.RetryScheduled, "insufficient_funds"), (period.Status, period.LastDeclineCode));
        Assert.Contains(await fixture.Grains.GetGrain<IActionCenterGrain>(orgId).AllItems(), i => i.PaymentId == period.PaymentId && i.WillRetry);
    }

    [Fact]
    public async Task A_subscription_needs_a_method_the_organization_may_charge() // R3, R6
    {
        var (orgId, _) = await NewFamily(SimulatedTestMethods.Visa);

        var refused = await Assert.ThrowsAsync<DomainException>(() => Subscription(orgId, "sub-none")
            .Create(new NewSubscription("acc-1", "pm_notinthewallet", Usd(1000), SubscriptionFrequency.Yearly, Today, null, "Season")));

        Assert.Equal(ErrorKind.NotFound, refused.Kind);
        Assert.Null(await Subscription(orgId, "sub-none").Find());
    }

    private ISubscriptionGrain Subscription(string orgId, string id) => fixture.Grains.GetGrain<ISubscriptionGrain>(OrgScopedKey.For(orgId, id));

    private async Task<(string OrgId, string Card)> NewFamily(string token)
    {
        var orgId = await fixture.NewOrganization();
        var holder = ClusterFixture.NewUserId();
        await fixture.Grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(orgId, "acc-1")).Open(new OpenAccount(holder, "The Lees"));
        var wallet = fixture.Grains.GetGrain<IWalletGrain>(holder);
        await wallet.RecordSignIn();
        var card = await wallet.AddMethod(new SavePaymentMethod(token, Address));
        await wallet.Authorize(card.Id, orgId);
        return (orgId, card.Id);
    }

    private Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done) => fixture.Time.Eventually(read, done);
}
