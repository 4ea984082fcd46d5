using SmartRec.Contracts.Wallets;
using SmartRec.Payments.Simulated;
using Stripe;

namespace SmartRec.Payments.Tests;

/// <summary>E-checks are processing until the bank settles them (R13); the emulator settles after 300 ms.</summary>
public sealed class BankDebitTests(EmulatedStripe stripe) : IClassFixture<EmulatedStripe>
{
    [Fact]
    public async Task An_ACH_debit_is_processing_then_succeeds()
    {
        var (customer, account) = await stripe.Saved(SimulatedTestMethods.UsBankAccount);
        var key = EmulatedStripe.NewKey();

        var outcome = await stripe.Charge(customer, account.PaymentMethodId, 15000, key);
        var settled = await stripe.Settled(key);

        Assert.Equal((PaymentMethodKind.BankAccount, "STRIPE TEST BANK", "6789"), (account.Details.Kind, account.Details.BankName, account.Details.Last4));
        Assert.Equal(ChargeStatus.Processing, outcome.Status);
        Assert.Equal((ChargeStatus.Succeeded, outcome.ChargeId, 15000L), (settled.Status, settled.ChargeId, settled.Amount.Minor));
    }

    [Fact]
    public async Task An_ACH_debit_from_a_closed_account_fails_at_settlement()
    {
        var (customer, account) = await stripe.Saved(SimulatedTestMethods.UsBankAccountClosed);
        var key = EmulatedStripe.NewKey();

        var outcome = await stripe.Charge(customer, account.PaymentMethodId, 15000, key);
        var settled = await stripe.Settled(key);

        Assert.Equal(ChargeStatus.Processing, outcome.Status);
        Assert.Equal((ChargeStatus.Declined, "account_closed"), (settled.Status, settled.DeclineCode));
    }

    [Fact]
    public async Task A_PAD_debit_in_CAD_is_processing_then_succeeds()
    {
        var (customer, account) = await stripe.Saved(SimulatedTestMethods.CaBankAccount);
        var key = EmulatedStripe.NewKey();

        var outcome = await stripe.Charge(customer, account.PaymentMethodId, 8000, key, "CAD");
        var settled = await stripe.Settled(key);

        Assert.Equal((PaymentMethodKind.BankAccount, "CA"), (account.Details.Kind, account.Details.Country));
        Assert.Equal(ChargeStatus.Processing, outcome.Status);
        Assert.Equal((ChargeStatus.Succeeded, "CAD"), (settled.Status, settled.Amount.Currency));
    }

    [Fact]
    public async Task A_saved_bank_account_carries_an_active_mandate()
    {
        var (customer, account) = await stripe.Saved(SimulatedTestMethods.CaBankAccount);

        var setups = await new SetupIntentService(stripe.Client).ListAsync(new SetupIntentListOptions { Customer = customer });
        var mandate = await new MandateService(stripe.Client).GetAsync(setups.Data.Single().MandateId);

        Assert.Equal(("active", account.PaymentMethodId), (mandate.Status, mandate.PaymentMethodId));
        Assert.Equal("sporadic", mandate.PaymentMethodDetails.AcssDebit.PaymentSchedule);
    }
}
