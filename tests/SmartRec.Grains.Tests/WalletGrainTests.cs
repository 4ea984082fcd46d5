using Microsoft.Extensions.DependencyInjection;
using SmartRec.Contracts;
using SmartRec.Contracts.Wallets;
using SmartRec.Payments.Simulated;

namespace SmartRec.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class WalletGrainTests(ClusterFixture fixture)
{
    private static readonly BillingAddress Address = new("1 Main Street", "Burlington", "05401", "US", Region: "VT");

    private IWalletGrain NewWallet() => fixture.Grains.GetGrain<IWalletGrain>(ClusterFixture.NewUserId());

    [Fact]
    public async Task Eleventh_card_is_refused_and_the_wallet_keeps_ten() // R1
    {
        var wallet = NewWallet();
        for (var i = 0; i < 10; i++)
        {
            await wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.Visa, Address));
        }

        var refused = await Assert.ThrowsAsync<DomainException>(() => wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.Mastercard, Address)));

        Assert.Equal(ErrorKind.RuleViolation, refused.Kind);
        Assert.Equal("wallet.card_limit", refused.Code);
        Assert.Equal(10, (await wallet.Get()).Methods.Count);
    }

    [Fact]
    public async Task Ten_cards_leave_room_for_ten_bank_accounts_and_no_eleventh() // R1
    {
        var wallet = NewWallet();
        for (var i = 0; i < 10; i++)
        {
            await wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.Visa, Address));
            await wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.UsBankAccount, Address));
        }

        var refused = await Assert.ThrowsAsync<DomainException>(() => wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.CaBankAccount, Address)));

        Assert.Equal("wallet.bank_account_limit", refused.Code);
        var methods = (await wallet.Get()).Methods;
        Assert.Equal(10, methods.Count(m => m.Details.Kind == PaymentMethodKind.Card));
        Assert.Equal(10, methods.Count(m => m.Details.Kind == PaymentMethodKind.BankAccount));
    }

    [Fact]
    public async Task A_saved_method_keeps_display_data_from_the_processor_and_no_number() // R2
    {
        var wallet = NewWallet();

        var saved = await wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.Visa, Address, "Family card"));

        Assert.Equal(PaymentMethodKind.Card, saved.Details.Kind);
        Assert.Equal("visa", saved.Details.Brand);
        Assert.Equal("4242", saved.Details.Last4);
        Assert.Equal(new CardExpiry(12, fixture.Time.GetUtcNow().Year + 3), saved.Details.Expiry);
        Assert.Equal("Family card", saved.Nickname);
        Assert.StartsWith("pm_", saved.Id);
        Assert.DoesNotContain("sim", saved.Id);
    }

    [Fact]
    public async Task A_card_number_in_place_of_a_token_is_refused_and_nothing_is_saved() // R2
    {
        var wallet = NewWallet();

        var refused = await Assert.ThrowsAsync<DomainException>(() => wallet.AddMethod(new SavePaymentMethod("4242 4242 4242 4242", Address)));

        Assert.Equal("card_number_refused", refused.Code);
        Assert.Empty((await wallet.Get()).Methods);
    }

    [Fact]
    public async Task A_method_without_a_complete_billing_address_is_refused() // R8
    {
        var wallet = NewWallet();

        var missing = await Assert.ThrowsAsync<DomainException>(() => wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.Visa, null!)));
        var noRegion = await Assert.ThrowsAsync<DomainException>(() =>
            wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.Visa, Address with { Region = null })));

        Assert.Equal("billing_address.required", missing.Code);
        Assert.Equal("billingAddress.region", noRegion.Field);
        Assert.Empty((await wallet.Get()).Methods);
    }

    [Fact]
    public async Task An_unknown_token_is_refused_as_invalid_input()
    {
        var wallet = NewWallet();

        var refused = await Assert.ThrowsAsync<DomainException>(() => wallet.AddMethod(new SavePaymentMethod("pm_not_a_test_token", Address)));

        Assert.Equal(ErrorKind.Invalid, refused.Kind);
        Assert.Equal("payment_method.token_unknown", refused.Code);
    }

    [Fact]
    public async Task An_organization_sees_only_the_methods_authorized_for_it() // R3
    {
        var riverside = await fixture.NewOrganization();
        var lakeside = await fixture.NewOrganization();
        var wallet = NewWallet();
        var card = await wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.Visa, Address));
        var bank = await wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.UsBankAccount, Address));

        await wallet.Authorize(card.Id, riverside);
        await wallet.Authorize(bank.Id, lakeside);

        Assert.Equal([card.Id], (await wallet.GetForOrganization(riverside)).Select(m => m.Id));
        Assert.Equal([bank.Id], (await wallet.GetForOrganization(lakeside)).Select(m => m.Id));
        Assert.Empty(await wallet.GetForOrganization(await fixture.NewOrganization()));
    }

    [Fact]
    public async Task A_revoked_organization_can_no_longer_see_or_update_the_method() // R3
    {
        var organization = await fixture.NewOrganization();
        var wallet = NewWallet();
        var card = await wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.VisaExpired, Address));
        await wallet.Authorize(card.Id, organization);

        var revoked = await wallet.Revoke(card.Id, organization);

        Assert.Empty(revoked.AuthorizedOrganizations);
        Assert.Empty(await wallet.GetForOrganization(organization));
        var update = await Assert.ThrowsAsync<DomainException>(() =>
            wallet.UpdateCardExpiryForOrganization(organization, card.Id, new CardExpiry(1, 2030)));
        var missing = await Assert.ThrowsAsync<DomainException>(() =>
            wallet.UpdateCardExpiryForOrganization(organization, "pm_does_not_exist", new CardExpiry(1, 2030)));
        Assert.Equal((missing.Kind, missing.Code, missing.Message), (update.Kind, update.Code, update.Message));
    }

    [Fact]
    public async Task An_authorized_admin_updates_an_expired_card() // R5
    {
        var organization = await fixture.NewOrganization();
        var wallet = NewWallet();
        var card = await wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.VisaExpired, Address));
        await wallet.Authorize(card.Id, organization);
        Assert.True(card.IsExpired);

        var updated = await wallet.UpdateCardExpiryForOrganization(organization, card.Id, new CardExpiry(6, 2030));

        Assert.False(updated.IsExpired);
        Assert.Equal(new CardExpiry(6, 2030), (await wallet.Get()).Methods.Single().Details.Expiry);
    }

    [Fact]
    public async Task A_past_expiry_is_refused_and_the_card_keeps_its_date()
    {
        var wallet = NewWallet();
        var card = await wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.Visa, Address));

        var refused = await Assert.ThrowsAsync<DomainException>(() => wallet.UpdateCardExpiry(card.Id, new CardExpiry(1, 2020)));

        Assert.Equal("expiry.past", refused.Code);
        Assert.Equal(card.Details.Expiry, (await wallet.Get()).Methods.Single().Details.Expiry);
    }

    [Fact]
    public async Task Authorizing_an_organization_that_does_not_exist_is_refused() // R3
    {
        var wallet = NewWallet();
        var card = await wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.Visa, Address));

        var refused = await Assert.ThrowsAsync<DomainException>(() => wallet.Authorize(card.Id, "no-such-org"));

        Assert.Equal(ErrorKind.NotFound, refused.Kind);
        Assert.Empty((await wallet.Get()).Methods.Single().AuthorizedOrganizations);
    }

    [Fact]
    public async Task A_removed_method_is_gone_for_its_owner_and_its_organizations()
    {
        var organization = await fixture.NewOrganization();
        var wallet = NewWallet();
        var card = await wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.Visa, Address));
        await wallet.Authorize(card.Id, organization);

        await wallet.RemoveMethod(card.Id);

        Assert.Empty((await wallet.Get()).Methods);
        Assert.Empty(await wallet.GetForOrganization(organization));
        Assert.Equal(ErrorKind.NotFound, (await Assert.ThrowsAsync<DomainException>(() => wallet.RemoveMethod(card.Id))).Kind);
    }

    [Fact]
    public async Task Every_silo_sees_the_same_wallet()
    {
        Assert.Equal(ClusterFixture.SiloCount, fixture.Cluster.Silos.Count);
        var userId = ClusterFixture.NewUserId();
        var saved = new List<string>();
        foreach (var silo in fixture.Cluster.Silos)
        {
            var grains = silo.ServiceProvider.GetRequiredService<IGrainFactory>();
            saved.Add((await grains.GetGrain<IWalletGrain>(userId).AddMethod(new SavePaymentMethod(SimulatedTestMethods.Visa, Address))).Id);
        }

        foreach (var silo in fixture.Cluster.Silos)
        {
            var grains = silo.ServiceProvider.GetRequiredService<IGrainFactory>();
            Assert.Equal(saved, (await grains.GetGrain<IWalletGrain>(userId).Get()).Methods.Select(m => m.Id));
        }
    }
}
