using SmartRec.Contracts.Wallets;
using SmartRec.Payments.Simulated;

namespace SmartRec.Payments.Tests;

public sealed class CardPaymentTests(EmulatedStripe stripe) : IClassFixture<EmulatedStripe>
{
    [Fact]
    public async Task A_card_payment_succeeds_and_is_found_again_by_its_key()
    {
        var (customer, card) = await stripe.Saved(SimulatedTestMethods.Visa);
        var key = EmulatedStripe.NewKey();

        var outcome = await stripe.Charge(customer, card.PaymentMethodId, 1234, key);
        var found = await stripe.Processor.FindChargeAsync(key, CancellationToken.None);

        Assert.Equal(ChargeStatus.Succeeded, outcome.Status);
        Assert.StartsWith("pi_", outcome.ChargeId, StringComparison.Ordinal);
        Assert.Equal((1234L, "USD"), (outcome.Amount.Minor, outcome.Amount.Currency));
        Assert.Equal(outcome, found);
    }

    [Fact]
    public async Task A_one_off_token_is_described_and_charged_without_a_customer() // R5, R7
    {
        var details = await stripe.Processor.DescribeAsync(SimulatedTestMethods.Visa, CancellationToken.None);
        var key = EmulatedStripe.NewKey();

        var outcome = await stripe.Charge("", SimulatedTestMethods.Visa, 2500, key);

        Assert.Equal((PaymentMethodKind.Card, "4242"), (details.Kind, details.Last4));
        Assert.Equal(ChargeStatus.Succeeded, outcome.Status);
        Assert.Equal(outcome, await stripe.Processor.FindChargeAsync(key, CancellationToken.None));
        await Assert.ThrowsAsync<ProcessorException>(() => stripe.Processor.DescribeAsync("pm_card_nobodyKnowsMe", CancellationToken.None));
    }

    [Fact]
    public async Task A_saved_card_keeps_only_display_data() // R2
    {
        var (_, card) = await stripe.Saved(SimulatedTestMethods.Mastercard);

        Assert.StartsWith("pm_", card.PaymentMethodId, StringComparison.Ordinal);
        Assert.NotEqual(SimulatedTestMethods.Mastercard, card.PaymentMethodId);
        Assert.Equal(PaymentMethodKind.Card, card.Details.Kind);
        Assert.Equal(("mastercard", "4444"), (card.Details.Brand, card.Details.Last4));
        Assert.True(card.Details.Expiry!.Value.Year > DateTime.UtcNow.Year);
        Assert.False(string.IsNullOrEmpty(card.Details.Fingerprint));
    }

    [Fact]
    public async Task The_same_wallet_gets_the_same_customer_when_asked_again()
    {
        var wallet = "wallet-" + Guid.NewGuid().ToString("N");

        var first = await stripe.Processor.EnsureCustomerAsync(wallet, CancellationToken.None);
        var second = await stripe.Processor.EnsureCustomerAsync(wallet, CancellationToken.None);

        Assert.StartsWith("cus_", first, StringComparison.Ordinal);
        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData(SimulatedTestMethods.Declined, "generic_decline")]
    [InlineData(SimulatedTestMethods.InsufficientFunds, "insufficient_funds")]
    [InlineData(SimulatedTestMethods.ExpiredCardDecline, "expired_card")]
    [InlineData(SimulatedTestMethods.StolenCard, "stolen_card")]
    [InlineData("pm_card_chargeDeclinedLostCard", "lost_card")]
    [InlineData("pm_card_chargeDeclinedIncorrectCvc", "incorrect_cvc")]
    [InlineData("pm_card_chargeDeclinedProcessingError", "processing_error")]
    [InlineData("pm_card_chargeCustomerFail", "generic_decline")]
    public async Task A_decline_is_an_outcome_with_the_issuers_code(string token, string declineCode)
    {
        var (customer, card) = await stripe.Saved(token);

        var outcome = await stripe.Charge(customer, card.PaymentMethodId, 2500, EmulatedStripe.NewKey());

        Assert.Equal((ChargeStatus.Declined, declineCode), (outcome.Status, outcome.DeclineCode));
        Assert.StartsWith("pi_", outcome.ChargeId, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(outcome.Message));
    }

    [Fact]
    public async Task A_declined_charge_sent_again_with_its_key_is_the_same_decline()
    {
        var (customer, card) = await stripe.Saved(SimulatedTestMethods.InsufficientFunds);
        var key = EmulatedStripe.NewKey();

        var first = await stripe.Charge(customer, card.PaymentMethodId, 2500, key);
        var again = await stripe.Charge(customer, card.PaymentMethodId, 2500, key);
        var found = await stripe.Processor.FindChargeAsync(key, CancellationToken.None);

        Assert.Equal(first, again);
        Assert.Equal((ChargeStatus.Declined, "insufficient_funds", first.ChargeId), (found!.Status, found.DeclineCode, found.ChargeId));
    }

    [Fact]
    public async Task An_expired_card_is_declined_until_its_expiry_is_updated() // R5
    {
        var (customer, card) = await stripe.Saved(SimulatedTestMethods.VisaExpired);
        var expiry = card.Details.Expiry!.Value;
        Assert.True(new DateTime(expiry.Year, expiry.Month, 1).AddMonths(1) <= DateTime.UtcNow);

        var before = await stripe.Charge(customer, card.PaymentMethodId, 3000, EmulatedStripe.NewKey());
        await stripe.Processor.UpdateCardExpiryAsync(card.PaymentMethodId, new CardExpiry(11, DateTime.UtcNow.Year + 2), CancellationToken.None);
        var after = await stripe.Charge(customer, card.PaymentMethodId, 3000, EmulatedStripe.NewKey());

        Assert.Equal((ChargeStatus.Declined, "expired_card"), (before.Status, before.DeclineCode));
        Assert.Equal(ChargeStatus.Succeeded, after.Status);
    }

    [Fact]
    public async Task A_detached_card_cannot_be_charged_and_that_is_a_refusal_not_a_decline()
    {
        var (customer, card) = await stripe.Saved(SimulatedTestMethods.Visa);
        await stripe.Processor.DetachAsync(card.PaymentMethodId, CancellationToken.None);

        var refusal = await Assert.ThrowsAsync<ProcessorException>(() =>
            stripe.Charge(customer, card.PaymentMethodId, 1000, EmulatedStripe.NewKey()));

        Assert.Equal("payment_method_unexpected_state", refusal.Code);
        Assert.False(refusal.LeavesOutcomeUnknown);
    }

    [Fact]
    public async Task An_unknown_token_is_refused_as_missing()
    {
        var customer = await stripe.Processor.EnsureCustomerAsync("wallet-" + Guid.NewGuid().ToString("N"), CancellationToken.None);

        var refusal = await Assert.ThrowsAsync<ProcessorException>(() =>
            stripe.Processor.AttachAsync(customer, "pm_no_such_token", new BillingAddress("1 Main St", "Springfield", "12345", "US"), CancellationToken.None));

        Assert.Equal("resource_missing", refusal.Code);
    }
}
