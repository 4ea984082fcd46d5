using System.Globalization;
using System.Text;

namespace SmartRec.Tests.Shared;

/// <summary>
/// A generated corpus of card numbers written the ways people (and attackers) write them (R2): Luhn-valid numbers of
/// every card length and the usual issuer prefixes, grouped as printed on cards or not at all, joined by every
/// separator people type, in the digits of several scripts, alone or inside a sentence. The seed is fixed, so a failure
/// names a spelling that fails again on the next run.
/// </summary>
public static class CardNumberSpellings
{
    public const int Seed = 20261202;

    /// <summary>Between two groups: what a keyboard, a word processor or a copy from a PDF puts there.</summary>
    public static readonly string[] Separators =
    [
        "", " ", "-", ".", "/", "_", "  ", " - ", " / ", " . ", "\u00A0", "\u2009", "\u2013", "\u2014", "\u3000", "\uFF0D", "\uFF0E", "\u200B",
    ];

    /// <summary>The zero of each digit script tried; the other digits follow it in Unicode.</summary>
    public static readonly int[] DigitZeros = ['0', 0xFF10, 0x0660, 0x0966, 0x1D7CE];

    private static readonly string[] Prefixes = ["4", "51", "55", "2221", "34", "37", "6011", "65", "35", "36", "62"];

    private static readonly string[] Contexts = ["{0}", "my card is {0} thanks", "card:{0}.", "Apt 12 {0}", "({0})", "{0}\nexp 12/29"];

    /// <summary><paramref name="count"/> Luhn-valid numbers of 13 to 19 digits that start like real cards.</summary>
    public static IReadOnlyList<string> Numbers(int count, int seed = Seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => LuhnValid(Prefixes[i % Prefixes.Length], 13 + random.Next(7), random))];
    }

    /// <summary>Every number in every separator and digit script, with a grouping and a context drawn from the seed.</summary>
    public static IEnumerable<string> Corpus(int numbers, int seed = Seed)
    {
        var random = new Random(seed);
        foreach (var number in Numbers(numbers, seed))
        {
            foreach (var separator in Separators)
            {
                foreach (var zero in DigitZeros)
                {
                    var spelled = Spell(number, Groups(number.Length, random), separator, zero);
                    yield return string.Format(CultureInfo.InvariantCulture, Contexts[random.Next(Contexts.Length)], spelled);
                }
            }
        }
    }

    /// <summary>A card number with a valid check digit appended to the prefix and random middle digits.</summary>
    public static string LuhnValid(string prefix, int length, Random random)
    {
        var digits = new StringBuilder(prefix);
        while (digits.Length < length - 1)
        {
            digits.Append((char)('0' + random.Next(10)));
        }

        var sum = 0;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            // The check digit will sit on the right, so the rightmost digit before it is the first one doubled.
            if ((digits.Length - 1 - i) % 2 == 0)
            {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }

            sum += d;
        }

        return digits.Append((char)('0' + (10 - sum % 10) % 10)).ToString();
    }

    public static string Spell(string number, IReadOnlyList<int> groups, string separator, int zero)
    {
        var text = new StringBuilder();
        var at = 0;
        foreach (var size in groups)
        {
            if (at > 0)
            {
                text.Append(separator);
            }

            foreach (var c in number.AsSpan(at, size))
            {
                text.Append(char.ConvertFromUtf32(zero + (c - '0')));
            }

            at += size;
        }

        return text.ToString();
    }

    /// <summary>As printed (fours, or Amex's 4-6-5), in pairs, one digit at a time, or the digits with one split at random.</summary>
    private static IReadOnlyList<int> Groups(int length, Random random) => random.Next(4) switch
    {
        0 when length == 15 => [4, 6, 5],
        0 => [.. Enumerable.Range(0, (length + 3) / 4).Select(i => Math.Min(4, length - i * 4))],
        1 => [.. Enumerable.Range(0, (length + 1) / 2).Select(i => Math.Min(2, length - i * 2))],
        2 => [.. Enumerable.Repeat(1, length)],
        _ => random.Next(1, length) is var split ? [split, length - split] : [length],
    };
}
