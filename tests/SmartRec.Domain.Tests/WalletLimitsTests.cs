using SmartRec.Contracts;
using SmartRec.Contracts.Wallets;
using SmartRec.Domain.Wallets;

namespace SmartRec.Domain.Tests;

// R1: at most ten cards and at most ten bank accounts per wallet.
public sealed class WalletLimitsTests
{
    [Fact]
    public void Limit_is_ten_of_each_kind()
    {
        Assert.Equal(10, WalletLimits.MaxPerKind);
    }

    [Theory]
    [InlineData(PaymentMethodKind.Card, 0, false)]
    [InlineData(PaymentMethodKind.Card, 9, false)]
    [InlineData(PaymentMethodKind.Card, 10, true)]
    [InlineData(PaymentMethodKind.Card, 11, true)]
    [InlineData(PaymentMethodKind.BankAccount, 0, false)]
    [InlineData(PaymentMethodKind.BankAccount, 9, false)]
    [InlineData(PaymentMethodKind.BankAccount, 10, true)]
    [InlineData(PaymentMethodKind.BankAccount, 11, true)]
    public void Saving_is_refused_once_ten_of_the_kind_are_saved(PaymentMethodKind kind, int saved, bool refused)
    {
        var error = Record.Exception(() => WalletLimits.EnsureRoomFor(kind, saved));

        // Nine saved leaves room for the tenth; ten saved refuses the eleventh with a rule violation, nothing else.
        Assert.Equal(refused, error is DomainException { Kind: ErrorKind.RuleViolation });
        Assert.Equal(refused, error is not null);
    }

    [Fact]
    public void Eleventh_card_is_refused()
    {
        var error = Assert.Throws<DomainException>(() => WalletLimits.EnsureRoomFor(PaymentMethodKind.Card, 10));

        Assert.Equal("wallet.card_limit", error.Code);
        Assert.Equal(ErrorKind.RuleViolation, error.Kind);
        Assert.Null(error.Field);
        Assert.Contains("10 cards", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Eleventh_bank_account_is_refused()
    {
        var error = Assert.Throws<DomainException>(() => WalletLimits.EnsureRoomFor(PaymentMethodKind.BankAccount, 10));

        Assert.Equal("wallet.bank_account_limit", error.Code);
        Assert.Equal(ErrorKind.RuleViolation, error.Kind);
        Assert.Contains("10 bank accounts", error.Message, StringComparison.Ordinal);
    }
}
