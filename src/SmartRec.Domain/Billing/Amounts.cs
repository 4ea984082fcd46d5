using SmartRec.Contracts;

namespace SmartRec.Domain.Billing;

/// <summary>Edge checks for amounts of money that people type: positive, and in the organization's currency.</summary>
public static class Amounts
{
    /// <summary>
    /// The largest single amount accepted (ten billion in a two-decimal currency). Far above any real bill, and low
    /// enough that millions of them still add up within a long: an account's totals can never overflow.
    /// </summary>
    public const long MaxMinor = 1_000_000_000_000;

    public static Money RequirePositive(Money amount, string currency, string field)
    {
        RequireCurrency(amount, currency, field);
        RequireNotTooLarge(amount, field);
        return amount.IsPositive
            ? amount
            : throw DomainException.Invalid("amount.not_positive", $"'{field}' must be more than zero.", field);
    }

    /// <summary>Zero is allowed (e.g. no credit to apply); a negative amount is not.</summary>
    public static Money RequireNotNegative(Money amount, string currency, string field)
    {
        RequireCurrency(amount, currency, field);
        RequireNotTooLarge(amount, field);
        return amount.Minor >= 0
            ? amount
            : throw DomainException.Invalid("amount.negative", $"'{field}' must not be negative.", field);
    }

    public static void RequireCurrency(Money amount, string currency, string field)
    {
        if (!string.Equals(amount.Currency, currency, StringComparison.Ordinal))
        {
            throw DomainException.Invalid("amount.currency", $"'{field}' must be in {currency}, the organization's currency, not '{amount.Currency}'.", field);
        }
    }

    private static void RequireNotTooLarge(Money amount, string field)
    {
        if (amount.Minor > MaxMinor)
        {
            throw DomainException.Invalid("amount.too_large", $"'{field}' must be at most {MaxMinor} minor units.", field);
        }
    }
}
