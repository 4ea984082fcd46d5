using SmartRec.Contracts;
using SmartRec.Contracts.Wallets;

namespace SmartRec.Domain.Wallets;

/// <summary>R1: a wallet holds at most ten cards and at most ten bank accounts.</summary>
public static class WalletLimits
{
    public const int MaxPerKind = 10;

    public static void EnsureRoomFor(PaymentMethodKind kind, int savedOfThatKind)
    {
        if (savedOfThatKind >= MaxPerKind)
        {
            var what = kind == PaymentMethodKind.Card ? "cards" : "bank accounts";
            throw DomainException.Rule(
                kind == PaymentMethodKind.Card ? "wallet.card_limit" : "wallet.bank_account_limit",
                $"A wallet holds at most {MaxPerKind} {what}; remove one before saving another.");
        }
    }
}
