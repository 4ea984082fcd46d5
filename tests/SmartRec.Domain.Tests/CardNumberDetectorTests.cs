using SmartRec.Domain.Validation;

namespace SmartRec.Domain.Tests;

// R2: card numbers are refused wherever free text enters SmartRec.
public sealed class CardNumberDetectorTests
{
    [Theory]
    [InlineData("4242424242424242")] // Visa
    [InlineData("4111111111111111")] // Visa
    [InlineData("4222222222222")] // Visa, 13 digits
    [InlineData("5555555555554444")] // Mastercard
    [InlineData("5105105105105100")] // Mastercard
    [InlineData("378282246310005")] // American Express, 15 digits
    [InlineData("371449635398431")] // American Express, 15 digits
    [InlineData("6011111111111117")] // Discover
    [InlineData("36227206271667")] // Diners Club, 14 digits
    [InlineData("3530111333300000")] // JCB
    [InlineData("6205500000000000004")] // UnionPay, 19 digits
    public void Test_card_numbers_are_flagged(string pan)
    {
        Assert.True(CardNumberDetector.ContainsCardNumber(pan));
    }

    [Theory]
    [InlineData("4242 4242 4242 4242")]
    [InlineData("4242-4242-4242-4242")]
    [InlineData("3782 822463 10005")]
    [InlineData("5555-5555 5555-4444")]
    [InlineData("4 2 4 2 4 2 4 2 4 2 4 2 4 2 4 2")]
    public void Card_numbers_grouped_by_spaces_or_dashes_are_flagged(string text)
    {
        Assert.True(CardNumberDetector.ContainsCardNumber(text));
    }

    [Theory]
    [InlineData("my card is 4111111111111111 thanks")]
    [InlineData("4111111111111111 is my card")]
    [InlineData("card:4242-4242-4242-4242.")]
    [InlineData("Line one\nexp 12/29 4242 4242 4242 4242")]
    [InlineData("amex(378282246310005)")]
    public void Card_number_embedded_in_text_is_flagged(string text)
    {
        Assert.True(CardNumberDetector.ContainsCardNumber(text));
    }

    [Theory]
    [InlineData("1 4242 4242 4242 4242")] // a stray group in front
    [InlineData("4242-4242-4242-4242-9")] // a stray group behind
    [InlineData("0042424242424242420000")] // a run longer than any card number
    [InlineData("Apt 12 4242 4242 4242 4242")] // the apartment number joins the groups through a single space
    public void Card_number_glued_to_other_digits_is_still_flagged(string text)
    {
        Assert.True(CardNumberDetector.ContainsCardNumber(text));
    }

    [Theory]
    [InlineData("1111111111111111")]
    [InlineData("1234123412341234")]
    [InlineData("9999999999999999")]
    [InlineData("2026 1130 2026 1201")]
    public void Sixteen_digits_failing_Luhn_are_not_flagged(string text)
    {
        Assert.False(CardNumberDetector.ContainsCardNumber(text));
    }

    // A run of 13 to 19 digits is judged whole: a number that fails Luhn is not a card, even when a shorter stretch of
    // it would pass. Judging every window refused about six in ten ordinary 16-digit references.
    [Theory]
    [InlineData("4242424242424241")]
    [InlineData("4242 4242 4242 4241")]
    [InlineData("14242424242424242")] // 17 ungrouped digits are one reference, and it fails Luhn
    public void A_run_of_card_length_failing_Luhn_is_not_flagged_through_a_shorter_window(string text)
    {
        Assert.False(CardNumberDetector.PassesLuhn(Digits(text.Replace(" ", "", StringComparison.Ordinal))));
        Assert.False(CardNumberDetector.ContainsCardNumber(text));
    }

    [Theory]
    [InlineData("424242424242")] // 12 digits, passes Luhn, too short for a card
    [InlineData("42")]
    [InlineData("Invoice 1042, 3 items")]
    [InlineData("+1 (555) 123-4567")]
    [InlineData("+1 555-123-4567")]
    [InlineData("+44 20 7946 0958")]
    [InlineData("555-123-4567")]
    [InlineData("2026-11-30")]
    [InlineData("30/11/2026 at 14:45")]
    [InlineData("12/29")]
    [InlineData("90210")]
    [InlineData("90210-1234")]
    [InlineData("K1A 0B1")]
    [InlineData("75008 Paris")]
    [InlineData("1600 Pennsylvania Avenue NW")]
    public void Short_numbers_phone_numbers_dates_and_postal_codes_are_not_flagged(string text)
    {
        Assert.False(CardNumberDetector.ContainsCardNumber(text));
    }

    [Theory]
    [InlineData("0000000000000")]
    [InlineData("0000000000000000")]
    [InlineData("0000 0000 0000 0000")]
    [InlineData("0000000000000000000")]
    public void All_zeros_pass_Luhn_but_are_not_flagged(string text)
    {
        Assert.True(CardNumberDetector.PassesLuhn(Digits(text.Replace(" ", "", StringComparison.Ordinal))));
        Assert.False(CardNumberDetector.ContainsCardNumber(text));
    }

    [Theory]
    [InlineData("4242    4242    4242    4242")] // four spaces are a gap between numbers, not a joint within one
    [InlineData("4242 -- 4242 -- 4242 -- 4242")]
    [InlineData("4242 / 4242 / 4242")] // joined, but 12 digits
    [InlineData("4242, 4242, 4242, 4242")] // a comma lists numbers; it does not group one
    public void Digits_apart_by_more_than_a_joint_are_separate_runs(string text)
    {
        Assert.False(CardNumberDetector.ContainsCardNumber(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Jane Doe")]
    public void Text_without_digits_is_not_flagged(string? text)
    {
        Assert.False(CardNumberDetector.ContainsCardNumber(text));
    }

    [Theory]
    [InlineData("79927398713", true)]
    [InlineData("79927398710", false)]
    [InlineData("4242424242424242", true)]
    [InlineData("4242424242424241", false)]
    [InlineData("378282246310005", true)]
    [InlineData("378282246310006", false)]
    [InlineData("18", true)] // 1 doubled is 2, plus 8
    [InlineData("59", true)] // 5 doubled is 10, which counts as 1, plus 9
    [InlineData("92", false)] // 9 doubled is 18, which counts as 9, plus 2
    [InlineData("0", true)]
    public void PassesLuhn_applies_the_mod_10_check(string digits, bool expected)
    {
        Assert.Equal(expected, CardNumberDetector.PassesLuhn(Digits(digits)));
    }

    private static byte[] Digits(string text) => text.Select(c => (byte)(c - '0')).ToArray();
}
