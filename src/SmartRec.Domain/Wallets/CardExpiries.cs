using SmartRec.Contracts;
using SmartRec.Contracts.Wallets;

namespace SmartRec.Domain.Wallets;

public static class CardExpiries
{
    /// <summary>How far ahead an expiry may be; issuers do not print cards valid for longer.</summary>
    private const int MaxYearsAhead = 20;

    /// <summary>A card is usable through the last day of its expiry month, in UTC.</summary>
    public static bool IsExpired(CardExpiry expiry, DateTimeOffset now) =>
        expiry.Year < now.UtcDateTime.Year || (expiry.Year == now.UtcDateTime.Year && expiry.Month < now.UtcDateTime.Month);

    /// <summary>Refuses a malformed, past or implausibly distant expiry when a card is updated.</summary>
    public static CardExpiry RequireFuture(CardExpiry expiry, DateTimeOffset now)
    {
        if (expiry.Month is < 1 or > 12)
        {
            throw DomainException.Invalid("expiry.month", "'expMonth' must be between 1 and 12.", "expMonth");
        }

        if (expiry.Year > now.UtcDateTime.Year + MaxYearsAhead || expiry.Year < 2000)
        {
            throw DomainException.Invalid("expiry.year", $"'expYear' must be a four-digit year within {MaxYearsAhead} years.", "expYear");
        }

        if (IsExpired(expiry, now))
        {
            throw DomainException.Invalid("expiry.past", "The new expiry date is already past.", "expYear");
        }

        return expiry;
    }
}
