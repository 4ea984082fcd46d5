using SmartRec.Contracts.MassCharges;
using SmartRec.Contracts.Wallets;

namespace SmartRec.Domain.MassCharges;

/// <summary>
/// Which authorized method a bulk charge uses (decision 2: the wallet applies this at charge time): a usable method of
/// the preferred kind, a card before an e-check when any will do, and the first saved of a kind. An expired card is
/// never charged; when it is all there is, the target is skipped with a reason that says so.
/// </summary>
public static class ChargeMethodChoice
{
    /// <returns>The index of the chosen candidate, or -1 with the skip reason.</returns>
    public static (int Index, string? SkipReason) Choose(IReadOnlyList<(PaymentMethodKind Kind, bool Expired)> authorized, MethodPreference preference)
    {
        var kinds = preference switch
        {
            MethodPreference.Card => [PaymentMethodKind.Card],
            MethodPreference.BankAccount => [PaymentMethodKind.BankAccount],
            _ => new[] { PaymentMethodKind.Card, PaymentMethodKind.BankAccount },
        };
        foreach (var kind in kinds)
        {
            for (var i = 0; i < authorized.Count; i++)
            {
                if (authorized[i].Kind == kind && !authorized[i].Expired)
                {
                    return (i, null);
                }
            }
        }

        var onlyExpired = authorized.Any(m => kinds.Contains(m.Kind));
        return (-1, onlyExpired ? SkipReasons.OnlyExpiredCards : SkipReasons.NoMethod);
    }
}
