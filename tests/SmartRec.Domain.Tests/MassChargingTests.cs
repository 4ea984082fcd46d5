using SmartRec.Contracts;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.MassCharges;
using SmartRec.Contracts.Wallets;
using SmartRec.Domain.MassCharges;

namespace SmartRec.Domain.Tests;

public sealed class MassChargingTests
{
    private static readonly DirectorySelection Everyone = new(DirectoryTab.Accounts, DirectoryFilter.All);

    [Fact]
    public void The_same_target_and_attempt_always_get_the_same_processor_key_and_payment() // decision 12
    {
        var person = new DirectoryKey("acc-1", "per-1");
        Assert.Equal("mc:org-1/mc-b:acc-1:per-1:1", MassCharging.ProcessorKey("org-1", "mc-b", person, 1));
        Assert.Equal("mc:org-1/mc-b:acc-1:2", MassCharging.ProcessorKey("org-1", "mc-b", new DirectoryKey("acc-1"), 2));
        Assert.Equal(MassCharging.PaymentIdFor("mc-b", person, 1), MassCharging.PaymentIdFor("mc-b", person, 1));
        Assert.NotEqual(MassCharging.PaymentIdFor("mc-b", person, 1), MassCharging.PaymentIdFor("mc-b", person, 2));
        Assert.Equal(MassCharging.BatchIdFor("key-1"), MassCharging.BatchIdFor("key-1"));
    }

    [Fact]
    public void A_request_is_refused_whole_for_a_bad_amount_or_a_balance_per_person()
    {
        Assert.Equal("amount.not_positive", Refused(new MassChargeRequest(Everyone, new Money(0, "USD"))));
        Assert.Equal("amount.currency", Refused(new MassChargeRequest(Everyone, new Money(100, "EUR"))));
        Assert.Equal("field.required", Refused(new MassChargeRequest(Everyone)));
        Assert.Equal("mass_charge.amount_and_rule", Refused(new MassChargeRequest(Everyone, new Money(100, "USD"), AmountRule.Balance)));
        Assert.Equal("mass_charge.balance_on_persons",
            Refused(new MassChargeRequest(new DirectorySelection(DirectoryTab.Persons, DirectoryFilter.All), AmountRule: AmountRule.Balance)));
        Assert.Equal("mass_charge.method_preference", Refused(new MassChargeRequest(Everyone, new Money(100, "USD"), MethodPreference: (MethodPreference)7)));

        var valid = MassCharging.Validate(new MassChargeRequest(Everyone, AmountRule: AmountRule.Balance, Notes: "  June fees "), "USD");
        Assert.Equal("June fees", valid.Notes);
    }

    [Fact]
    public void The_balance_rule_never_charges_money_already_received_or_held()
    {
        Assert.Equal(6_000, MassCharging.BalanceToCharge(10_000, 3_000, 1_000));
        Assert.Equal(0, MassCharging.BalanceToCharge(10_000, 10_000, 0));
        Assert.Equal(0, MassCharging.BalanceToCharge(0, 500, 0));
    }

    [Fact]
    public void Only_soft_declines_are_retried()
    {
        Assert.True(MassCharging.IsSoftDecline("insufficient_funds"));
        Assert.False(MassCharging.IsSoftDecline("stolen_card"));
        Assert.False(MassCharging.IsSoftDecline(null));
    }

    [Fact]
    public void The_wallet_picks_a_usable_method_by_preference_and_says_why_when_there_is_none() // decision 2
    {
        (PaymentMethodKind, bool)[] expiredCardAndBank = [(PaymentMethodKind.Card, true), (PaymentMethodKind.BankAccount, false)];
        Assert.Equal((1, null), ChargeMethodChoice.Choose(expiredCardAndBank, MethodPreference.Any));
        Assert.Equal((-1, SkipReasons.OnlyExpiredCards), ChargeMethodChoice.Choose(expiredCardAndBank, MethodPreference.Card));
        Assert.Equal((-1, SkipReasons.NoMethod), ChargeMethodChoice.Choose([(PaymentMethodKind.Card, false)], MethodPreference.BankAccount));
        Assert.Equal((1, null), ChargeMethodChoice.Choose([(PaymentMethodKind.BankAccount, false), (PaymentMethodKind.Card, false)], MethodPreference.Any));
        Assert.Equal((-1, SkipReasons.NoMethod), ChargeMethodChoice.Choose([], MethodPreference.Any));
    }

    private static string Refused(MassChargeRequest request) =>
        Assert.Throws<DomainException>(() => MassCharging.Validate(request, "USD")).Code;
}
