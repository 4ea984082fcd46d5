using SmartRec.Contracts;

namespace SmartRec.Domain.Tests;

public sealed class MoneyTests
{
    private static Money Usd(long minor) => new(minor, "USD");

    [Fact]
    public void Zero_is_zero_minor_units_in_the_given_currency()
    {
        var zero = Money.Zero("JPY");

        Assert.Equal(0, zero.Minor);
        Assert.Equal("JPY", zero.Currency);
        Assert.False(zero.IsPositive);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(0, false)]
    [InlineData(-1, false)]
    public void IsPositive_is_true_only_above_zero(long minor, bool expected)
    {
        Assert.Equal(expected, Usd(minor).IsPositive);
    }

    [Fact]
    public void Addition_sums_minor_units_and_keeps_the_currency()
    {
        var sum = Usd(1250) + Usd(75);

        Assert.Equal(Usd(1325), sum);
    }

    [Fact]
    public void Subtraction_can_go_below_zero()
    {
        Assert.Equal(Usd(-50), Usd(100) - Usd(150));
    }

    [Fact]
    public void Negation_flips_the_sign()
    {
        Assert.Equal(Usd(-1250), -Usd(1250));
        Assert.Equal(Usd(1250), -Usd(-1250));
    }

    [Theory]
    [InlineData(100, 200, true, false, true, false)]
    [InlineData(200, 100, false, true, false, true)]
    [InlineData(150, 150, false, false, true, true)]
    [InlineData(-5, 0, true, false, true, false)]
    public void Comparison_orders_by_minor_units(long left, long right, bool lt, bool gt, bool le, bool ge)
    {
        Assert.Equal(lt, Usd(left) < Usd(right));
        Assert.Equal(gt, Usd(left) > Usd(right));
        Assert.Equal(le, Usd(left) <= Usd(right));
        Assert.Equal(ge, Usd(left) >= Usd(right));
    }

    [Fact]
    public void Equality_compares_amount_and_currency()
    {
        Assert.Equal(new Money(100, "USD"), new Money(100, "USD"));
        Assert.NotEqual(new Money(100, "USD"), new Money(100, "EUR"));
        Assert.NotEqual(new Money(100, "USD"), new Money(101, "USD"));
    }

    [Fact]
    public void Adding_different_currencies_throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Usd(100) + new Money(100, "EUR"));

        Assert.Contains("USD", error.Message, StringComparison.Ordinal);
        Assert.Contains("EUR", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Subtracting_different_currencies_throws()
    {
        Assert.Throws<InvalidOperationException>(() => Usd(100) - new Money(100, "JPY"));
    }

    [Fact]
    public void Currency_codes_are_compared_case_sensitively()
    {
        Assert.Throws<InvalidOperationException>(() => Usd(100) + new Money(100, "usd"));
    }

    [Fact]
    public void Comparing_different_currencies_throws_for_every_operator()
    {
        var eur = new Money(100, "EUR");

        Assert.Throws<InvalidOperationException>(() => Usd(100) < eur);
        Assert.Throws<InvalidOperationException>(() => Usd(100) > eur);
        Assert.Throws<InvalidOperationException>(() => Usd(100) <= eur);
        Assert.Throws<InvalidOperationException>(() => Usd(100) >= eur);
    }

    [Fact]
    public void Addition_overflow_throws_instead_of_wrapping()
    {
        Assert.Throws<OverflowException>(() => Usd(long.MaxValue) + Usd(1));
    }

    [Fact]
    public void Subtraction_overflow_throws_instead_of_wrapping()
    {
        Assert.Throws<OverflowException>(() => Usd(long.MinValue) - Usd(1));
    }

    [Fact]
    public void Negating_the_smallest_amount_throws_instead_of_wrapping()
    {
        Assert.Throws<OverflowException>(() => -Usd(long.MinValue));
    }

    [Fact]
    public void Arithmetic_right_at_the_limit_is_exact()
    {
        Assert.Equal(long.MaxValue, (Usd(long.MaxValue - 1) + Usd(1)).Minor);
        Assert.Equal(long.MinValue, (Usd(long.MinValue + 1) - Usd(1)).Minor);
    }

    [Fact]
    public void ToString_states_minor_units()
    {
        Assert.Equal("1250 USD (minor units)", Usd(1250).ToString());
    }
}
