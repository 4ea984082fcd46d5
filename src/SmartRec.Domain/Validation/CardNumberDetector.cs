namespace SmartRec.Domain.Validation;

/// <summary>
/// Spots a primary account number inside free text so it can be refused before it is stored or logged (R2).
/// A run of digits, optionally grouped by single spaces or dashes, counts as a card number when it holds 13 to 19
/// digits that pass the Luhn check. A longer run is checked window by window: a number glued to other digits is
/// still a card number, and a run that long is never something our inputs legitimately need.
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

        var run = new List<byte>(MaxDigits);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                run.Add((byte)(c - '0'));
                continue;
            }

            var joinsDigits = (c == ' ' || c == '-') && run.Count > 0 && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]);
            if (joinsDigits)
            {
                continue;
            }

            if (RunHoldsCardNumber(run))
            {
                return true;
            }

            run.Clear();
        }

        return RunHoldsCardNumber(run);
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

    private static bool RunHoldsCardNumber(List<byte> run)
    {
        if (run.Count < MinDigits)
        {
            return false;
        }

        var digits = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(run);
        for (var length = MinDigits; length <= Math.Min(MaxDigits, digits.Length); length++)
        {
            for (var start = 0; start + length <= digits.Length; start++)
            {
                var window = digits.Slice(start, length);
                // An all-zero run passes Luhn but is no card: issuers never start a number with 0.
                if (window[0] != 0 && PassesLuhn(window))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
