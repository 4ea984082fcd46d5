using System.Runtime.InteropServices;

namespace SmartRec.Domain.Validation;

/// <summary>
/// Spots a primary account number inside free text so it can be refused before it is stored or logged (R2).
/// Digits come in groups separated by a single space or dash ("4242 4242 4242 4242"). Any run of whole consecutive
/// groups holding 13 to 19 digits that pass the Luhn check is a card number, so one next to another number
/// ("Apt 12 4242 4242 4242 4242") is still caught, while an ungrouped reference of card length that fails Luhn is let
/// through. A single group longer than 19 digits is no card by itself, so every 13- to 19-digit stretch of it is judged:
/// a card number glued to other digits is still caught.
/// </summary>
public static class CardNumberDetector
{
    private const int MinDigits = 13;
    private const int MaxDigits = 19;

    public static bool ContainsCardNumber(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var digits = new List<byte>(MaxDigits);
        var groupStarts = new List<int>();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                if (i == 0 || !char.IsAsciiDigit(text[i - 1]))
                {
                    groupStarts.Add(digits.Count);
                }

                digits.Add((byte)(c - '0'));
                continue;
            }

            var joinsGroups = (c == ' ' || c == '-') && digits.Count > 0 && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])
                && char.IsAsciiDigit(text[i - 1]);
            if (joinsGroups)
            {
                continue;
            }

            if (RunHoldsCardNumber(CollectionsMarshal.AsSpan(digits), groupStarts))
            {
                return true;
            }

            digits.Clear();
            groupStarts.Clear();
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
