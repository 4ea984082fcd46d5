using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Installments;
using SmartRec.Contracts.Invoices;
using SmartRec.Contracts.Payments;
using SmartRec.Contracts.Wallets;
using SmartRec.Domain.Wallets;
using SmartRec.Payments.Simulated;

namespace SmartRec.Grains.Tests;

/// <summary>
/// A checkout refused for good answers the refusal and holds nothing: the next valid checkout of the same balance
/// goes through. Each case is one way the amount used to stay reserved for good.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CheckoutLeakTests(ClusterFixture fixture)
{
    private static readonly BillingAddress Address = new("1 Main Street", "Burlington", "05401", "US", Region: "VT");

    private static Money Usd(long minor) => new(minor, "USD");

    public static TheoryData<string, string> Refusals() => new()
    {
        { "an unknown one-off token", "payment_method.token_unknown" },
        { "saving to a full wallet", "wallet.card_limit" },
        { "saving an unknown token", "payment_method.token_unknown" },
        { "saving with no source for a customer who never signed in", "payment.source" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_checkout_refused_for_good_leaves_nothing_reserved(string refusal, string code) // R1, R7, R9
    {
        var (orgId, holder) = await NewFamily(signedIn: refusal != "saving with no source for a customer who never signed in");
        var today = DateOnly.FromDateTime(fixture.Time.GetUtcNow().UtcDateTime);
        await fixture.Grains.GetGrain<IInvoiceGrain>(OrgScopedKey.For(orgId, "inv-1"))
            .Create(new NewInvoice("acc-1", [new NewInvoiceLine("Camp", Usd(5000))], today.AddDays(10)));
        if (refusal == "saving to a full wallet")
        {
            var wallet = fixture.Grains.GetGrain<IWalletGrain>(holder);
            while ((await wallet.Get()).Methods.Count < WalletLimits.MaxPerKind)
            {
                await wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.Mastercard, Address));
            }
        }

        PayBalance request = refusal switch
        {
            "an unknown one-off token" => new("acc-1", [], Usd(0), Usd(5000), new PaymentSource(Token: "pm_card_nobodyKnowsMe", BillingAddress: Address)),
            "saving to a full wallet" => new("acc-1", [], Usd(0), Usd(5000), new PaymentSource(Token: SimulatedTestMethods.Visa, BillingAddress: Address), SaveMethod: true),
            "saving an unknown token" => new("acc-1", [], Usd(0), Usd(5000), new PaymentSource(Token: "pm_card_nobodyKnowsMe", BillingAddress: Address), SaveMethod: true),
            _ => new("acc-1", [], Usd(0), Usd(5000), SaveMethod: true, Installments: [new NewInstallment(today.AddDays(1), Usd(5000))]),
        };

        var refused = await Assert.ThrowsAsync<DomainException>(() => fixture.Grains.GetGrain<ICheckoutGrain>(OrgScopedKey.For(orgId, "co-1")).PayBalance(request));

        Assert.Equal(code, refused.Code);
        Assert.NotEqual(ErrorKind.Unavailable, refused.Kind);
        var ledger = await fixture.Grains.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(orgId, "acc-1")).Get();
        Assert.Equal((0L, 5000L), (ledger.Reserved.Minor, ledger.BalanceOwing.Minor));
        var next = await fixture.Grains.GetGrain<ICheckoutGrain>(OrgScopedKey.For(orgId, "co-2")).PayBalance(
            new PayBalance("acc-1", [], Usd(0), Usd(5000), new PaymentSource(Token: SimulatedTestMethods.Visa, BillingAddress: Address)));
        Assert.Equal(PaymentStatus.Succeeded, next.Payment!.Status);
    }

    [Fact]
    public async Task A_one_off_token_is_charged_without_being_attached_or_saved() // R7
    {
        var (orgId, holder) = await NewFamily(signedIn: false);
        var today = DateOnly.FromDateTime(fixture.Time.GetUtcNow().UtcDateTime);
        await fixture.Grains.GetGrain<IInvoiceGrain>(OrgScopedKey.For(orgId, "inv-1"))
            .Create(new NewInvoice("acc-1", [new NewInvoiceLine("Camp", Usd(5000))], today.AddDays(10)));

        var paid = await fixture.Grains.GetGrain<ICheckoutGrain>(OrgScopedKey.For(orgId, "co-1")).PayBalance(
            new PayBalance("acc-1", [], Usd(0), Usd(5000), new PaymentSource(Token: SimulatedTestMethods.Visa, BillingAddress: Address)));

        Assert.Equal((PaymentStatus.Succeeded, PaymentMethodKind.Card), (paid.Payment!.Status, paid.Payment.MethodKind));
        Assert.Empty((await fixture.Grains.GetGrain<IWalletGrain>(holder).Get()).Methods);
    }

    [Fact]
    public async Task A_checkout_whose_client_went_away_after_the_hold_gives_it_back_after_the_timeout() // R9
    {
        var (orgId, holder) = await NewFamily(signedIn: true);
        var card = (await fixture.Grains.GetGrain<IWalletGrain>(holder).Get()).Methods[0].Id;
        var today = DateOnly.FromDateTime(fixture.Time.GetUtcNow().UtcDateTime);
        await fixture.Grains.GetGrain<IInvoiceGrain>(OrgScopedKey.For(orgId, "inv-1"))
            .Create(new NewInvoice("acc-1", [new NewInvoiceLine("Camp", Usd(5000))], today.AddDays(10)));
        var ledger = fixture.Grains.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(orgId, "acc-1"));
        // The hold is made, then the step that makes the payment is lost and nobody retries.
        FailingCalls.Fail(OrgScopedKey.For(orgId, "co-1"), nameof(IPaymentGrain.Submit));
        await Assert.ThrowsAsync<TimeoutException>(() => fixture.Grains.GetGrain<ICheckoutGrain>(OrgScopedKey.For(orgId, "co-1"))
            .PayBalance(new PayBalance("acc-1", [], Usd(0), Usd(5000), new PaymentSource(card))));
        Assert.Equal(5000, (await ledger.Get()).Reserved.Minor);

        var released = await fixture.Time.Eventually(() => ledger.Get(), l => l.Reserved.Minor == 0);

        Assert.Equal((0L, 5000L), (released.Reserved.Minor, released.BalanceOwing.Minor));
        Assert.Null(await fixture.Grains.GetGrain<IPaymentGrain>(OrgScopedKey.For(orgId, "co-1")).Find());
        var other = await fixture.Grains.GetGrain<ICheckoutGrain>(OrgScopedKey.For(orgId, "co-2"))
            .PayBalance(new PayBalance("acc-1", [], Usd(0), Usd(5000), new PaymentSource(card)));
        Assert.Equal(PaymentStatus.Succeeded, other.Payment!.Status);
    }

    [Fact]
    public async Task A_hold_whose_own_write_was_lost_is_given_back_after_the_timeout_though_nobody_retries() // R9, decision 11
    {
        // Where in the checkout's writes the one that records its hold falls: the second of the checkout's own.
        var (probeOrg, probeHolder) = await NewFamily(signedIn: true);
        var probe = fixture.Faults.Watch(-1, false, probeOrg, probeHolder);
        await Checkout(probeOrg, probeHolder, "co-1");
        fixture.Faults.StopWatching();
        var holdWrite = probe.Writes.Select((name, n) => (name, n)).Where(w => w.name == "checkout").Skip(1).First().n;

        var (orgId, holder) = await NewFamily(signedIn: true);
        fixture.Faults.Watch(holdWrite, false, orgId, holder);
        try
        {
            // The ledger holds the amount; the checkout's write saying so fails, and its client goes away.
            var lost = await Assert.ThrowsAnyAsync<Exception>(() => Checkout(orgId, holder, "co-1"));
            Assert.IsType<IOException>(lost.InnerException);
        }
        finally
        {
            fixture.Faults.StopWatching();
        }

        var ledger = fixture.Grains.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(orgId, "acc-1"));
        Assert.Equal(5000, (await ledger.Get()).Reserved.Minor);
        var released = await fixture.Time.Eventually(() => ledger.Get(), l => l.Reserved.Minor == 0);

        Assert.Equal((0L, 5000L), (released.Reserved.Minor, released.BalanceOwing.Minor));
        Assert.Null(await fixture.Grains.GetGrain<IPaymentGrain>(OrgScopedKey.For(orgId, "co-1")).Find());
    }

    private async Task<CheckoutResult> Checkout(string orgId, string holder, string checkoutId)
    {
        var card = (await fixture.Grains.GetGrain<IWalletGrain>(holder).Get()).Methods[0].Id;
        var today = DateOnly.FromDateTime(fixture.Time.GetUtcNow().UtcDateTime);
        await fixture.Grains.GetGrain<IInvoiceGrain>(OrgScopedKey.For(orgId, "inv-1"))
            .Create(new NewInvoice("acc-1", [new NewInvoiceLine("Camp", Usd(5000))], today.AddDays(10)));
        return await fixture.Grains.GetGrain<ICheckoutGrain>(OrgScopedKey.For(orgId, checkoutId))
            .PayBalance(new PayBalance("acc-1", [], Usd(0), Usd(5000), new PaymentSource(card)));
    }

    private async Task<(string OrgId, string Holder)> NewFamily(bool signedIn)
    {
        var orgId = await fixture.NewOrganization();
        var holder = ClusterFixture.NewUserId();
        await fixture.Grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(orgId, "acc-1")).Open(new OpenAccount(holder, "The Gagnons"));
        var wallet = fixture.Grains.GetGrain<IWalletGrain>(holder);
        if (!signedIn)
        {
            return (orgId, holder);
        }

        await wallet.RecordSignIn();
        var card = await wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.Visa, Address));
        await wallet.Authorize(card.Id, orgId);
        return (orgId, holder);
    }
}
