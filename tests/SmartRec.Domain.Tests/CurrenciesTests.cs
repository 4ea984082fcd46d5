using SmartRec.Contracts;
using SmartRec.Domain.Monetary;

namespace SmartRec.Domain.Tests;

public sealed class CurrenciesTests
{
    [Theory]
    [InlineData("USD", 2)]
    [InlineData("EUR", 2)]
    [InlineData("CAD", 2)]
    [InlineData("JPY", 0)]
    [InlineData("KRW", 0)]
    [InlineData("KWD", 3)]
    [InlineData("BHD", 3)]
    public void Exponent_is_the_number_of_decimals_of_the_minor_unit(string currency, int expected)
    {
        Assert.Equal(expected, Currencies.Exponent(currency));
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("usd")]
    [InlineData("US")]
    [InlineData("")]
    public void Unknown_currency_code_is_refused(string currency)
    {
        var error = Assert.Throws<DomainException>(() => Currencies.Exponent(currency));

        Assert.Equal("currency.unknown", error.Code);
        Assert.Equal(ErrorKind.Invalid, error.Kind);
        Assert.Equal("currency", error.Field);
    }

    [Theory]
    [InlineData("USD", true)]
    [InlineData("JPY", true)]
    [InlineData("usd", false)]
    [InlineData("XYZ", false)]
    [InlineData(null, false)]
    public void IsKnown_matches_the_table_exactly(string? currency, bool expected)
    {
        Assert.Equal(expected, Currencies.IsKnown(currency));
    }

    [Fact]
    public void Of_builds_an_amount_in_a_known_currency()
    {
        var amount = Currencies.Of(1250, "USD");

        Assert.Equal(1250, amount.Minor);
        Assert.Equal("USD", amount.Currency);
    }

    [Fact]
    public void Of_refuses_an_unknown_currency()
    {
        var error = Assert.Throws<DomainException>(() => Currencies.Of(1250, "ABC"));

        Assert.Equal("currency.unknown", error.Code);
    }

    [Theory]
    [InlineData("12.50", "USD", 1250)]
    [InlineData("12.5", "USD", 1250)]
    [InlineData("12", "USD", 1200)]
    [InlineData("0.01", "USD", 1)]
    [InlineData("0", "USD", 0)]
    [InlineData(" 12.50 ", "USD", 1250)]
    [InlineData("007.05", "USD", 705)]
    [InlineData("1200", "JPY", 1200)]
    [InlineData("1.234", "KWD", 1234)]
    [InlineData("1.2", "KWD", 1200)]
    [InlineData("0.001", "KWD", 1)]
    public void Parse_converts_a_decimal_amount_to_minor_units(string text, string currency, long expectedMinor)
    {
        var amount = Currencies.Parse(text, currency);

        Assert.Equal(expectedMinor, amount.Minor);
        Assert.Equal(currency, amount.Currency);
    }

    [Fact]
    public void Zero_decimal_currency_parses_without_fraction()
    {
        Assert.Equal(new Money(500, "JPY"), Currencies.Parse("500", "JPY"));
    }

    [Theory]
    [InlineData("-12.50", "USD", -1250)]
    [InlineData("-0.05", "USD", -5)]
    [InlineData("-0", "USD", 0)]
    [InlineData("-300", "JPY", -300)]
    public void Negative_amount_parses_to_negative_minor_units(string text, string currency, long expectedMinor)
    {
        Assert.Equal(expectedMinor, Currencies.Parse(text, currency).Minor);
    }

    [Theory]
    [InlineData("12.505", "USD")]
    [InlineData("1200.0", "JPY")]
    [InlineData("1200.", "JPY")]
    [InlineData("1.2345", "KWD")]
    public void More_decimals_than_the_currency_has_is_refused_not_rounded(string text, string currency)
    {
        var error = Assert.Throws<DomainException>(() => Currencies.Parse(text, currency));

        Assert.Equal("amount.invalid", error.Code);
        Assert.Equal(ErrorKind.Invalid, error.Kind);
        Assert.Equal("amount", error.Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abc")]
    [InlineData("12,50")]
    [InlineData("1,000.00")]
    [InlineData("12.")]
    [InlineData(".50")]
    [InlineData("1.2.3")]
    [InlineData("+12.50")]
    [InlineData("--12")]
    [InlineData("-")]
    [InlineData("-.50")]
    [InlineData("12.-5")]
    [InlineData("1 000")]
    [InlineData("1e3")]
    [InlineData("12.5a")]
    [InlineData("١٢")] // Arabic-Indic digits: only ASCII digits are amounts.
    public void Garbage_is_refused(string text)
    {
        var error = Assert.Throws<DomainException>(() => Currencies.Parse(text, "USD"));

        Assert.Equal("amount.invalid", error.Code);
        Assert.Equal("amount", error.Field);
    }

    [Fact]
    public void Largest_representable_amount_parses()
    {
        Assert.Equal(long.MaxValue, Currencies.Parse("92233720368547758.07", "USD").Minor);
    }

    [Theory]
    [InlineData("92233720368547758.08", "USD")] // one cent past long.MaxValue, overflowing in the fraction addition
    [InlineData("92233720368547759", "USD")] // overflowing in the scaling multiplication
    [InlineData("99999999999999999999", "JPY")] // overflowing in long.Parse itself
    [InlineData("-99999999999999999999", "USD")]
    public void Overflow_is_refused_as_an_invalid_amount(string text, string currency)
    {
        var error = Assert.Throws<DomainException>(() => Currencies.Parse(text, currency));

        Assert.Equal("amount.invalid", error.Code);
        Assert.Equal(ErrorKind.Invalid, error.Kind);
    }

    [Fact]
    public void Parse_checks_the_currency_before_the_amount()
    {
        var error = Assert.Throws<DomainException>(() => Currencies.Parse("garbage", "XYZ"));

        Assert.Equal("currency.unknown", error.Code);
        Assert.Equal("currency", error.Field);
    }

    [Theory]
    [InlineData(1250, "USD", "12.50 USD")]
    [InlineData(5, "USD", "0.05 USD")]
    [InlineData(0, "USD", "0.00 USD")]
    [InlineData(100, "EUR", "1.00 EUR")]
    [InlineData(-1250, "USD", "-12.50 USD")]
    [InlineData(-5, "USD", "-0.05 USD")]
    [InlineData(1200, "JPY", "1200 JPY")]
    [InlineData(-1200, "JPY", "-1200 JPY")]
    [InlineData(1234, "KWD", "1.234 KWD")]
    [InlineData(1, "KWD", "0.001 KWD")]
    [InlineData(-20, "KWD", "-0.020 KWD")]
    [InlineData(long.MaxValue, "USD", "92233720368547758.07 USD")]
    [InlineData(long.MinValue, "USD", "-92233720368547758.08 USD")]
    public void Format_writes_the_currency_decimals(long minor, string currency, string expected)
    {
        Assert.Equal(expected, Currencies.Format(new Money(minor, currency)));
    }

    [Theory]
    [InlineData("12.50", "USD")]
    [InlineData("-0.07", "USD")]
    [InlineData("1200", "JPY")]
    [InlineData("3.141", "KWD")]
    public void Format_reads_back_through_Parse(string text, string currency)
    {
        var formatted = Currencies.Format(Currencies.Parse(text, currency));

        Assert.Equal($"{text} {currency}", formatted);
    }

    [Fact]
    public void Format_refuses_an_unknown_currency()
    {
        var error = Assert.Throws<DomainException>(() => Currencies.Format(new Money(100, "XYZ")));

        Assert.Equal("currency.unknown", error.Code);
    }
}
