using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace SmartRec.Domain.Validation;

/// <summary>
/// Spots a primary account number inside free text so it can be refused before it is stored or logged (R2).
/// People write card numbers in groups, and the groups may be joined by up to three separators: spaces of any width,
/// dashes of any kind, dots, slashes and underscores ("4242.4242.4242.4242", "4242  4242", "4242 - 4242"). Any Unicode
/// decimal digit (and a superscript or circled one) counts as the digit it stands for, so full-width or Arabic-Indic
/// digits are no way around the check, and invisible format characters (zero-width spaces, soft hyphens) are skipped
/// as if absent. Any run of whole
/// consecutive groups holding 13 to 19 digits that pass the Luhn check is a card number, so one next to another number
/// ("Apt 12 4242 4242 4242 4242") is still caught, while an ungrouped reference of card length that fails Luhn is let
/// through. A single group longer than 19 digits is no card by itself, so every 13- to 19-digit stretch of it is judged:
/// a card number glued to other digits is still caught.
/// </summary>
public static class CardNumberDetector
{
    private const int MinDigits = 13;
    private const int MaxDigits = 19;

    /// <summary>" - " is the widest joint people type between groups; a wider gap separates two numbers.</summary>
    private const int MaxSeparatorsBetweenGroups = 3;

    public static bool ContainsCardNumber(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var digits = new List<byte>(MaxDigits);
        var groupStarts = new List<int>();
        var inGroup = false;
        var separators = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (DigitValue(rune) is var digit and >= 0)
            {
                if (!inGroup)
                {
                    groupStarts.Add(digits.Count);
                }

                digits.Add((byte)digit);
                inGroup = true;
                separators = 0;
                continue;
            }

            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format)
            {
                continue;
            }

            if (digits.Count > 0 && IsSeparator(rune) && separators < MaxSeparatorsBetweenGroups)
            {
                inGroup = false;
                separators++;
                continue;
            }

            if (RunHoldsCardNumber(CollectionsMarshal.AsSpan(digits), groupStarts))
            {
                return true;
            }

            digits.Clear();
            groupStarts.Clear();
            inGroup = false;
            separators = 0;
        }

        return RunHoldsCardNumber(CollectionsMarshal.AsSpan(digits), groupStarts);
    }

    /// <summary>The Luhn (mod 10) check over a whole digit string.</summary>
    public static bool PassesLuhn(ReadOnlySpan<byte> digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i];
            if (doubleIt)
            {
                d = (byte)(d * 2 > 9 ? d * 2 - 9 : d * 2);
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }

    /// <summary>
    /// The digit a character stands for, or -1. Decimal digits of every script count, and so do the compatibility
    /// digits NFKC would fold to one (superscript, subscript, circled "④"). The engine runs with invariant
    /// globalization, where string.Normalize does not fold them, so they are read here by their Unicode numeric value.
    /// </summary>
    private static int DigitValue(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.DecimalDigitNumber => (int)Rune.GetNumericValue(rune),
        UnicodeCategory.OtherNumber when Rune.GetNumericValue(rune) is var value and >= 0 and <= 9 && value == Math.Floor(value) => (int)value,
        _ => -1,
    };

    /// <summary>Spaces of any width, dashes of any kind, and dots, slashes and underscores, plain or full-width.</summary>
    private static bool IsSeparator(Rune rune) =>
        Rune.IsWhiteSpace(rune) || Rune.GetUnicodeCategory(rune) == UnicodeCategory.DashPunctuation
        || rune.Value is '.' or '/' or '_' or '\uFF0E' or '\uFF0F' or '\uFF3F';

    private static bool RunHoldsCardNumber(ReadOnlySpan<byte> run, List<int> groupStarts)
    {
        if (run.Length < MinDigits)
        {
            return false;
        }

        for (var g = 0; g < groupStarts.Count; g++)
        {
            var groupEnd = g + 1 < groupStarts.Count ? groupStarts[g + 1] : run.Length;
            if (groupEnd - groupStarts[g] > MaxDigits && AnyStretchIsCardNumber(run[groupStarts[g]..groupEnd]))
            {
                return true;
            }

            for (var last = g; last < groupStarts.Count; last++)
            {
                var end = last + 1 < groupStarts.Count ? groupStarts[last + 1] : run.Length;
                var length = end - groupStarts[g];
                if (length > MaxDigits)
                {
                    break;
                }

                if (length >= MinDigits && IsCardNumber(run.Slice(groupStarts[g], length)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool AnyStretchIsCardNumber(ReadOnlySpan<byte> group)
    {
        for (var length = MinDigits; length <= MaxDigits; length++)
        {
            for (var start = 0; start + length <= group.Length; start++)
            {
                if (IsCardNumber(group.Slice(start, length)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>An all-zero run passes Luhn but is no card: issuers never start a number with 0.</summary>
    private static bool IsCardNumber(ReadOnlySpan<byte> digits) => digits[0] != 0 && PassesLuhn(digits);
}
