using System.Globalization;
using SmartRec.Domain.Validation;
using SmartRec.Tests.Shared;

namespace SmartRec.Domain.Tests;

// R2: a card number is refused however it is spelled, and ordinary text is not mistaken for one.
public sealed class CardNumberSpellingsTests
{
    [Fact]
    public void Every_generated_number_passes_Luhn_and_a_changed_check_digit_fails_it()
    {
        foreach (var number in CardNumberSpellings.Numbers(500))
        {
            Assert.InRange(number.Length, 13, 19);
            Assert.True(CardNumberDetector.PassesLuhn(Digits(number)), number);
            var wrong = number[..^1] + (char)('0' + (number[^1] - '0' + 1) % 10);
            Assert.False(CardNumberDetector.PassesLuhn(Digits(wrong)), wrong);
        }
    }

    [Fact]
    public void Every_spelling_of_every_number_is_flagged()
    {
        var corpus = CardNumberSpellings.Corpus(numbers: 300).ToList();

        var missed = corpus.Where(text => !CardNumberDetector.ContainsCardNumber(text)).ToList();

        Assert.Equal(300 * CardNumberSpellings.Separators.Length * CardNumberSpellings.DigitZeros.Length, corpus.Count);
        Assert.True(missed.Count == 0, $"{missed.Count} of {corpus.Count} spellings missed, e.g.:\n{string.Join('\n', missed.Take(20))}");
    }

    [Theory]
    [InlineData("4242.4242.4242.4242")]
    [InlineData("4242  4242  4242  4242")]
    [InlineData("4242/4242/4242/4242")]
    [InlineData("4242_4242_4242_4242")]
    [InlineData("4242 - 4242 - 4242 - 4242")]
    [InlineData("４２４２４２４２４２４２４２４２")] // full-width
    [InlineData("４２４２　４２４２　４２４２　４２４２")] // full-width with ideographic spaces
    [InlineData("٤٢٤٢٤٢٤٢٤٢٤٢٤٢٤٢")] // Arabic-Indic
    [InlineData("4242\u200B4242\u200B4242\u200B4242")] // zero-width spaces
    [InlineData("4242\u00AD4242\u00AD4242\u00AD4242")] // soft hyphens
    [InlineData("⁴²⁴²⁴²⁴²⁴²⁴²⁴²⁴²")] // superscripts, folded by NFKC
    public void The_spellings_reported_in_issue_12_are_flagged(string text)
    {
        Assert.True(CardNumberDetector.ContainsCardNumber(text));
    }

    /// <summary>
    /// The shapes of the ids, dates, amounts and phone numbers the engine and its tests use, drawn at random: none may
    /// be refused as a card number.
    /// </summary>
    [Fact]
    public void Ordinary_ids_dates_amounts_and_phone_numbers_are_not_flagged()
    {
        var random = new Random(CardNumberSpellings.Seed);
        var ordinary = new List<string>();
        for (var i = 0; i < 2_000; i++)
        {
            var date = new DateOnly(2000, 1, 1).AddDays(random.Next(20_000));
            var amount = random.NextInt64(1, 1_000_000_000_000);
            ordinary.Add(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            ordinary.Add(date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
            ordinary.Add($"{date:yyyy-MM-dd}T{random.Next(24):00}:{random.Next(60):00}:{random.Next(60):00}.{random.Next(10_000_000):0000000}+00:00");
            ordinary.Add(amount.ToString(CultureInfo.InvariantCulture));
            ordinary.Add((amount / 100m).ToString("N2", CultureInfo.InvariantCulture));
            ordinary.Add($"+1 ({random.Next(200, 999)}) {random.Next(200, 999)}-{random.Next(10_000):0000}");
            ordinary.Add($"+44 20 {random.Next(10_000):0000} {random.Next(10_000):0000}");
            ordinary.Add("org-" + RandomHex(random, 12));
            ordinary.Add("user-" + RandomHex(random, 12));
            ordinary.Add(GeneratedIds.Random("inv_", 12));
            ordinary.Add(GeneratedIds.Hashed("mi_", i.ToString(CultureInfo.InvariantCulture), 32));
        }

        var flagged = ordinary.Where(CardNumberDetector.ContainsCardNumber).ToList();

        Assert.True(flagged.Count == 0, $"{flagged.Count} ordinary values flagged, e.g.:\n{string.Join('\n', flagged.Take(20))}");
    }

    private static string RandomHex(Random random, int length) =>
        string.Concat(Enumerable.Range(0, length).Select(_ => "0123456789abcdef"[random.Next(16)]));

    private static byte[] Digits(string text) => [.. text.Select(c => (byte)(c - '0'))];
}
