using System.Text.Json.Serialization;

namespace SmartRec.Contracts;

/// <summary>
/// An amount of money in the currency's minor unit (cents for USD, yen for JPY) with its ISO 4217 code.
/// Arithmetic is checked: an overflow or a mix of currencies throws rather than producing a wrong amount.
/// The table of currencies and their exponents lives in SmartRec.Domain.Currencies.
/// </summary>
[GenerateSerializer, Immutable, Alias("smartrec.Money")]
public readonly record struct Money([property: Id(0)] long Minor, [property: Id(1)] string Currency)
{
    public static Money Zero(string currency) => new(0, currency);

    /// <summary>Derived, so it is no part of the JSON shape: an amount is its minor units and currency.</summary>
    [JsonIgnore]
    public bool IsPositive => Minor > 0;

    public static Money operator +(Money left, Money right)
    {
        EnsureSameCurrency(left, right);
        return left with { Minor = checked(left.Minor + right.Minor) };
    }

    public static Money operator -(Money left, Money right)
    {
        EnsureSameCurrency(left, right);
        return left with { Minor = checked(left.Minor - right.Minor) };
    }

    public static Money operator -(Money value) => value with { Minor = checked(-value.Minor) };

    public static bool operator <(Money left, Money right) => Compare(left, right) < 0;
    public static bool operator >(Money left, Money right) => Compare(left, right) > 0;
    public static bool operator <=(Money left, Money right) => Compare(left, right) <= 0;
    public static bool operator >=(Money left, Money right) => Compare(left, right) >= 0;

    public override string ToString() => $"{Minor} {Currency} (minor units)";

    private static int Compare(Money left, Money right)
    {
        EnsureSameCurrency(left, right);
        return left.Minor.CompareTo(right.Minor);
    }

    private static void EnsureSameCurrency(Money left, Money right)
    {
        if (!string.Equals(left.Currency, right.Currency, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Cannot combine {left.Currency} with {right.Currency}.");
        }
    }
}
