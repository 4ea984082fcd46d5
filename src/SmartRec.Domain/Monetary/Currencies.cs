using System.Collections.Frozen;
using System.Globalization;
using SmartRec.Contracts;

namespace SmartRec.Domain.Monetary;

/// <summary>
/// ISO 4217 currencies the engine accepts, with the number of decimals of each one's minor unit.
/// The table is explicit rather than derived from CultureInfo: runtime culture data varies by OS and
/// InvariantGlobalization, and an exponent must never change under a running ledger.
/// </summary>
public static class Currencies
{
    private static readonly FrozenDictionary<string, int> Exponents = new Dictionary<string, int>
    {
        // Zero-decimal currencies.
        ["BIF"] = 0, ["CLP"] = 0, ["DJF"] = 0, ["GNF"] = 0, ["ISK"] = 0, ["JPY"] = 0, ["KMF"] = 0, ["KRW"] = 0,
        ["PYG"] = 0, ["RWF"] = 0, ["UGX"] = 0, ["VND"] = 0, ["VUV"] = 0, ["XAF"] = 0, ["XOF"] = 0, ["XPF"] = 0,
        // Three-decimal currencies.
        ["BHD"] = 3, ["IQD"] = 3, ["JOD"] = 3, ["KWD"] = 3, ["LYD"] = 3, ["OMR"] = 3, ["TND"] = 3,
        // Two-decimal currencies.
        ["AED"] = 2, ["AUD"] = 2, ["BRL"] = 2, ["CAD"] = 2, ["CHF"] = 2, ["CNY"] = 2, ["CZK"] = 2, ["DKK"] = 2,
        ["EUR"] = 2, ["GBP"] = 2, ["HKD"] = 2, ["HUF"] = 2, ["ILS"] = 2, ["INR"] = 2, ["MXN"] = 2, ["NOK"] = 2,
        ["NZD"] = 2, ["PLN"] = 2, ["SEK"] = 2, ["SGD"] = 2, ["USD"] = 2, ["ZAR"] = 2,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool IsKnown(string? code) => code is not null && Exponents.ContainsKey(code);

    /// <summary>Decimals of the minor unit: 2 for USD (cents), 0 for JPY, 3 for KWD.</summary>
    public static int Exponent(string code) =>
        Exponents.TryGetValue(code, out var exponent)
            ? exponent
            : throw DomainException.Invalid("currency.unknown", $"'{code}' is not a supported ISO 4217 currency code.", "currency");

    /// <summary>Builds an amount, refusing an unknown currency code.</summary>
    public static Money Of(long minor, string currency)
    {
        Exponent(currency);
        return new Money(minor, currency);
    }

    /// <summary>
    /// Parses a decimal amount such as "12.50" into minor units without floating point. More decimals than the
    /// currency has is an error, not a rounding.
    /// </summary>
    public static Money Parse(string text, string currency)
    {
        var exponent = Exponent(currency);
        var invalid = DomainException.Invalid("amount.invalid", $"'{text}' is not a valid {currency} amount.", "amount");
        if (string.IsNullOrWhiteSpace(text))
        {
            throw invalid;
        }

        var parts = text.Trim().Split('.');
        if (parts.Length > 2 || parts[0].Length == 0 || (parts.Length == 2 && (parts[1].Length == 0 || parts[1].Length > exponent)))
        {
            throw invalid;
        }

        var negative = parts[0].StartsWith('-');
        var whole = negative ? parts[0][1..] : parts[0];
        var fraction = parts.Length == 2 ? parts[1].PadRight(exponent, '0') : new string('0', exponent);
        if (whole.Length == 0 || !whole.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit))
        {
            throw invalid;
        }

        try
        {
            var minor = checked(long.Parse(whole, CultureInfo.InvariantCulture) * Pow10(exponent)
                + (fraction.Length == 0 ? 0 : long.Parse(fraction, CultureInfo.InvariantCulture)));
            return new Money(negative ? -minor : minor, currency);
        }
        catch (OverflowException)
        {
            throw invalid;
        }
    }

    /// <summary>Formats an amount with the currency's decimals, e.g. "12.50 USD", "1200 JPY".</summary>
    public static string Format(Money amount)
    {
        var exponent = Exponent(amount.Currency);
        if (exponent == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{amount.Minor} {amount.Currency}");
        }

        var scale = Pow10(exponent);
        var sign = amount.Minor < 0 ? "-" : "";
        var magnitude = (ulong)Math.Abs((decimal)amount.Minor);
        return string.Create(CultureInfo.InvariantCulture,
            $"{sign}{magnitude / (ulong)scale}.{(magnitude % (ulong)scale).ToString(CultureInfo.InvariantCulture).PadLeft(exponent, '0')} {amount.Currency}");
    }

    private static long Pow10(int exponent)
    {
        long result = 1;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }
}
