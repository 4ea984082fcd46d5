using SmartRec.Contracts;
using SmartRec.Contracts.Wallets;

namespace SmartRec.Payments.StripeContractTests;

/// <summary>
/// What the engine relies on, checked against Stripe itself, so the emulator's answers can be trusted where these agree.
/// </summary>
public sealed class StripeContractTests
{
    /// <summary>Stripe's search index lags behind writes by up to a minute.</summary>
    private static readonly TimeSpan SearchLag = TimeSpan.FromSeconds(90);

    private readonly StripeTestMode _stripe = new();

    [Fact]
    public async Task A_card_payment_succeeds_and_is_found_by_its_key()
    {
        var (customer, card) = await _stripe.Saved("pm_card_visa");
        var key = StripeTestMode.NewKey();

        var outcome = await _stripe.Charge(customer, card.PaymentMethodId, 1234, key);
        var found = await Eventually(() => _stripe.Processor.FindChargeAsync(key, CancellationToken.None), SearchLag);

        Assert.Equal((PaymentMethodKind.Card, "visa", "4242"), (card.Details.Kind, card.Details.Brand, card.Details.Last4));
        Assert.Equal(ChargeStatus.Succeeded, outcome.Status);
        Assert.Equal(outcome, found);
    }

    [Fact]
    public async Task A_decline_is_an_outcome_with_its_code()
    {
        var (customer, card) = await _stripe.Saved("pm_card_chargeCustomerFail");

        var outcome = await _stripe.Charge(customer, card.PaymentMethodId, 2500, StripeTestMode.NewKey());

        Assert.Equal(ChargeStatus.Declined, outcome.Status);
        Assert.False(string.IsNullOrEmpty(outcome.DeclineCode));
    }

    [Fact]
    public async Task The_same_key_replays_and_other_parameters_conflict()
    {
        var (customer, card) = await _stripe.Saved("pm_card_visa");
        var key = StripeTestMode.NewKey();

        var first = await _stripe.Charge(customer, card.PaymentMethodId, 1000, key);
        var replayed = await _stripe.Charge(customer, card.PaymentMethodId, 1000, key);
        var conflict = await Assert.ThrowsAsync<ProcessorException>(() => _stripe.Charge(customer, card.PaymentMethodId, 1001, key));

        Assert.Equal(first, replayed);
        Assert.Equal((ProcessorException.KeyConflict, true), (conflict.Code, conflict.LeavesOutcomeUnknown));
    }

    [Fact]
    public async Task An_ACH_debit_is_processing()
    {
        var (customer, account) = await _stripe.Saved("pm_usBankAccount_success");

        var outcome = await _stripe.Charge(customer, account.PaymentMethodId, 5000, StripeTestMode.NewKey());

        Assert.Equal(PaymentMethodKind.BankAccount, account.Details.Kind);
        Assert.Equal(ChargeStatus.Processing, outcome.Status);
    }

    [Fact]
    public async Task A_PAD_debit_is_processing()
    {
        var (customer, account) = await _stripe.Saved("pm_acssDebit_success");

        var outcome = await _stripe.Charge(customer, account.PaymentMethodId, 5000, StripeTestMode.NewKey(), "CAD");

        Assert.Equal(("CA", ChargeStatus.Processing), (account.Details.Country, outcome.Status));
    }

    [Fact]
    public async Task Refunds_replay_by_key_and_over_refunds_are_refused()
    {
        var (customer, card) = await _stripe.Saved("pm_card_visa");
        var charge = await _stripe.Charge(customer, card.PaymentMethodId, 5000, StripeTestMode.NewKey());
        var request = new RefundRequest(charge.ChargeId, new Money(2000, "USD"), StripeTestMode.NewKey());

        var first = await _stripe.Processor.RefundAsync(request, CancellationToken.None);
        var again = await _stripe.Processor.RefundAsync(request, CancellationToken.None);
        var over = await Assert.ThrowsAsync<ProcessorException>(() => _stripe.Processor.RefundAsync(
            new RefundRequest(charge.ChargeId, new Money(3001, "USD"), StripeTestMode.NewKey()), CancellationToken.None));

        Assert.Equal(first, again);
        Assert.False(over.LeavesOutcomeUnknown);
    }

    private static async Task<T> Eventually<T>(Func<Task<T?>> probe, TimeSpan within) where T : class
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Nothing found within {within}.");
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
    }
}
