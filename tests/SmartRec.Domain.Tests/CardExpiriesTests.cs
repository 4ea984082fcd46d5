using SmartRec.Contracts;
using SmartRec.Contracts.Wallets;
using SmartRec.Domain.Wallets;

namespace SmartRec.Domain.Tests;

public sealed class CardExpiriesTests
{
    private static readonly CardExpiry November2026 = new(11, 2026);

    private static DateTimeOffset Utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    [Fact]
    public void Card_is_usable_through_the_last_day_of_its_expiry_month()
    {
        Assert.False(CardExpiries.IsExpired(November2026, Utc(2026, 11, 30)));
        Assert.False(CardExpiries.IsExpired(November2026, Utc(2026, 11, 30, 23, 59, 59)));
    }

    [Fact]
    public void Card_expires_on_the_first_day_of_the_following_month()
    {
        Assert.True(CardExpiries.IsExpired(November2026, Utc(2026, 12, 1)));
    }

    [Fact]
    public void Card_is_usable_from_the_first_day_of_its_expiry_month()
    {
        Assert.False(CardExpiries.IsExpired(November2026, Utc(2026, 11, 1)));
    }

    [Theory]
    [InlineData(2025, 1, false)]
    [InlineData(2026, 10, false)]
    [InlineData(2026, 12, true)]
    [InlineData(2027, 1, true)]
    [InlineData(2030, 6, true)]
    public void Expiry_is_compared_by_year_then_month(int year, int month, bool expired)
    {
        Assert.Equal(expired, CardExpiries.IsExpired(November2026, Utc(year, month, 15)));
    }

    [Fact]
    public void December_card_expires_in_january_of_the_next_year()
    {
        var december = new CardExpiry(12, 2026);

        Assert.False(CardExpiries.IsExpired(december, Utc(2026, 12, 31, 23, 59, 59)));
        Assert.True(CardExpiries.IsExpired(december, Utc(2027, 1, 1)));
    }

    [Fact]
    public void Month_boundary_is_taken_in_utc_not_the_callers_offset()
    {
        // 1 December 01:00 at UTC+05:00 is still 30 November in UTC.
        Assert.False(CardExpiries.IsExpired(November2026, new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.FromHours(5))));
        // 30 November 23:00 at UTC-05:00 is already 1 December in UTC.
        Assert.True(CardExpiries.IsExpired(November2026, new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.FromHours(-5))));
    }

    [Theory]
    [InlineData(11, 2026)] // the current month
    [InlineData(12, 2026)]
    [InlineData(1, 2030)]
    [InlineData(12, 2046)] // twenty years ahead
    public void RequireFuture_returns_a_valid_expiry(int month, int year)
    {
        var expiry = new CardExpiry(month, year);

        Assert.Equal(expiry, CardExpiries.RequireFuture(expiry, Utc(2026, 11, 30)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    [InlineData(-1)]
    public void RequireFuture_refuses_a_month_outside_1_to_12(int month)
    {
        var error = Assert.Throws<DomainException>(() => CardExpiries.RequireFuture(new CardExpiry(month, 2027), Utc(2026, 11, 30)));

        Assert.Equal("expiry.month", error.Code);
        Assert.Equal(ErrorKind.Invalid, error.Kind);
        Assert.Equal("expMonth", error.Field);
    }

    [Theory]
    [InlineData(10, 2026)] // last month
    [InlineData(12, 2025)]
    [InlineData(1, 2000)]
    public void RequireFuture_refuses_a_past_expiry(int month, int year)
    {
        var error = Assert.Throws<DomainException>(() => CardExpiries.RequireFuture(new CardExpiry(month, year), Utc(2026, 11, 30)));

        Assert.Equal("expiry.past", error.Code);
        Assert.Equal(ErrorKind.Invalid, error.Kind);
        Assert.Equal("expYear", error.Field);
    }

    [Fact]
    public void RequireFuture_refuses_the_expiry_month_once_it_is_over()
    {
        var error = Assert.Throws<DomainException>(() => CardExpiries.RequireFuture(November2026, Utc(2026, 12, 1)));

        Assert.Equal("expiry.past", error.Code);
    }

    [Theory]
    [InlineData(2047)] // twenty-one years ahead
    [InlineData(2100)]
    [InlineData(1999)]
    [InlineData(27)] // a two-digit year
    [InlineData(0)]
    public void RequireFuture_refuses_an_implausible_year(int year)
    {
        var error = Assert.Throws<DomainException>(() => CardExpiries.RequireFuture(new CardExpiry(1, year), Utc(2026, 11, 30)));

        Assert.Equal("expiry.year", error.Code);
        Assert.Equal(ErrorKind.Invalid, error.Kind);
        Assert.Equal("expYear", error.Field);
    }

    [Fact]
    public void RequireFuture_checks_the_month_before_the_year()
    {
        var error = Assert.Throws<DomainException>(() => CardExpiries.RequireFuture(new CardExpiry(13, 1999), Utc(2026, 11, 30)));

        Assert.Equal("expiry.month", error.Code);
    }
}
