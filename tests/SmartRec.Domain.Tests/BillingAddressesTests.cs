using SmartRec.Contracts;
using SmartRec.Contracts.Wallets;
using SmartRec.Domain.Wallets;

namespace SmartRec.Domain.Tests;

// R8: every saved payment method carries a billing address in the shape the processors check.
public sealed class BillingAddressesTests
{
    private static readonly BillingAddress Us = new("1 Main St", "Springfield", "62701", "US", "IL");
    private static readonly BillingAddress Ca = new("24 Sussex Dr", "Ottawa", "K1M 1M4", "CA", "ON");
    private static readonly BillingAddress Fr = new("55 Rue du Faubourg Saint-Honoré", "Paris", "75008", "FR");

    private static DomainException Refused(BillingAddress? address) =>
        Assert.Throws<DomainException>(() => BillingAddresses.Normalize(address));

    [Fact]
    public void Missing_address_is_refused()
    {
        var error = Refused(null);

        Assert.Equal("billing_address.required", error.Code);
        Assert.Equal(ErrorKind.Invalid, error.Kind);
        Assert.Equal("billingAddress", error.Field);
    }

    [Fact]
    public void Complete_us_address_is_kept_as_is()
    {
        Assert.Equal(Us, BillingAddresses.Normalize(Us));
    }

    [Fact]
    public void Address_is_trimmed_and_codes_are_upper_cased()
    {
        var normalized = BillingAddresses.Normalize(
            new BillingAddress("  1 Main St ", " Springfield ", " 62701-1234 ", " us ", " il ", "  Apt 4 "));

        Assert.Equal(new BillingAddress("1 Main St", "Springfield", "62701-1234", "US", "IL", "Apt 4"), normalized);
    }

    [Fact]
    public void Blank_second_line_becomes_null()
    {
        Assert.Null(BillingAddresses.Normalize(Us with { Line2 = "   " }).Line2);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Missing_line1_is_refused(string? line1)
    {
        var error = Refused(Us with { Line1 = line1! });

        Assert.Equal("field.required", error.Code);
        Assert.Equal("billingAddress.line1", error.Field);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void Missing_city_is_refused(string? city)
    {
        var error = Refused(Us with { City = city! });

        Assert.Equal("field.required", error.Code);
        Assert.Equal(ErrorKind.Invalid, error.Kind);
        Assert.Equal("billingAddress.city", error.Field);
    }

    [Theory]
    [InlineData("US")]
    [InlineData("CA")]
    [InlineData("FR")]
    public void Missing_postal_code_is_refused_in_every_country(string country)
    {
        var address = country switch { "US" => Us, "CA" => Ca, _ => Fr };

        var error = Refused(address with { PostalCode = "" });

        Assert.Equal("field.required", error.Code);
        Assert.Equal("billingAddress.postalCode", error.Field);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Missing_country_is_refused(string? country)
    {
        var error = Refused(Us with { Country = country! });

        Assert.Equal("field.required", error.Code);
        Assert.Equal("billingAddress.country", error.Field);
    }

    [Theory]
    [InlineData("U")]
    [InlineData("1A")]
    [InlineData("U1")]
    [InlineData("ÜS")]
    [InlineData("ZZ")] // two letters, but no country's
    [InlineData("XA")] // user-assigned, never a country
    [InlineData("UK")] // the United Kingdom is GB
    public void Country_that_is_not_an_assigned_iso_code_is_refused(string country)
    {
        var error = Refused(Fr with { Country = country });

        Assert.Equal("billing_address.country", error.Code);
        Assert.Equal(ErrorKind.Invalid, error.Kind);
        Assert.Equal("billingAddress.country", error.Field);
    }

    [Theory]
    [InlineData("USA")]
    [InlineData("France")]
    public void Country_longer_than_two_letters_is_refused(string country)
    {
        var error = Refused(Fr with { Country = country });

        Assert.Equal("field.too_long", error.Code);
        Assert.Equal("billingAddress.country", error.Field);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void Us_address_requires_a_state(string? region)
    {
        var error = Refused(Us with { Region = region });

        Assert.Equal("field.required", error.Code);
        Assert.Equal("billingAddress.region", error.Field);
    }

    [Fact]
    public void Us_state_must_be_a_code_not_a_name()
    {
        var error = Refused(Us with { Region = "Illinois" });

        Assert.Equal("field.too_long", error.Code);
        Assert.Equal("billingAddress.region", error.Field);
    }

    [Theory]
    [InlineData("62701")]
    [InlineData("62701-1234")]
    [InlineData("00501")]
    public void Us_zip_of_five_or_five_plus_four_digits_is_accepted(string zip)
    {
        Assert.Equal(zip, BillingAddresses.Normalize(Us with { PostalCode = zip }).PostalCode);
    }

    [Theory]
    [InlineData("6270")]
    [InlineData("627011")]
    [InlineData("627011234")]
    [InlineData("62701-123")]
    [InlineData("62701 1234")]
    [InlineData("62701-12345")]
    [InlineData("ABCDE")]
    [InlineData("K1M 1M4")]
    public void Us_zip_of_another_shape_is_refused(string zip)
    {
        var error = Refused(Us with { PostalCode = zip });

        Assert.Equal("billing_address.postal_code", error.Code);
        Assert.Equal(ErrorKind.Invalid, error.Kind);
        Assert.Equal("billingAddress.postalCode", error.Field);
    }

    // Processors match the zip against the issuer's records digit for digit; a look-alike digit from another script
    // is not the same zip. .NET's \d matches every Unicode decimal digit unless the pattern says [0-9].
    [Theory]
    [InlineData("６２７０１")] // full-width digits
    [InlineData("٦٢٧٠١")] // Arabic-Indic digits
    [InlineData("62701-１２３４")]
    public void Us_zip_in_non_ascii_digits_is_refused(string zip)
    {
        var error = Refused(Us with { PostalCode = zip });

        Assert.Equal("billing_address.postal_code", error.Code);
        Assert.Equal("billingAddress.postalCode", error.Field);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Canadian_address_requires_a_province(string? region)
    {
        var error = Refused(Ca with { Region = region });

        Assert.Equal("field.required", error.Code);
        Assert.Equal("billingAddress.region", error.Field);
    }

    [Theory]
    [InlineData("K1M 1M4", "K1M 1M4")]
    [InlineData("k1m 1m4", "K1M 1M4")]
    [InlineData("K1M1M4", "K1M1M4")]
    [InlineData("h3z 2y7", "H3Z 2Y7")]
    [InlineData("V6B 4Y8", "V6B 4Y8")]
    public void Canadian_postal_code_of_shape_A1A_1A1_is_accepted_in_upper_case(string postalCode, string expected)
    {
        var normalized = BillingAddresses.Normalize(Ca with { PostalCode = postalCode, Region = "on" });

        Assert.Equal(expected, normalized.PostalCode);
        Assert.Equal("ON", normalized.Region);
    }

    [Theory]
    [InlineData("K1M-1M4")]
    [InlineData("K1M  1M4")]
    [InlineData("1KM 1M4")]
    [InlineData("K1M 1M")]
    [InlineData("D1M 1M4")] // D, F, I, O, Q, U are never used
    [InlineData("K1O 1M4")]
    [InlineData("W1M 1M4")] // W and Z never start a postal code
    [InlineData("Z1M 1M4")]
    [InlineData("62701")]
    [InlineData("K１M 1M4")] // full-width digit
    public void Canadian_postal_code_of_another_shape_is_refused(string postalCode)
    {
        var error = Refused(Ca with { PostalCode = postalCode });

        Assert.Equal("billing_address.postal_code", error.Code);
        Assert.Equal("billingAddress.postalCode", error.Field);
    }

    [Fact]
    public void Other_countries_need_no_region_and_keep_their_postal_code()
    {
        var normalized = BillingAddresses.Normalize(Fr);

        Assert.Null(normalized.Region);
        Assert.Equal("75008", normalized.PostalCode);
        Assert.Equal("FR", normalized.Country);
    }

    [Theory]
    [InlineData("GB", "sw1a 1aa", "SW1A 1AA")]
    [InlineData("NL", "1012 js", "1012 JS")]
    [InlineData("DE", "10117", "10117")]
    public void Other_countries_accept_any_postal_code_shape_in_upper_case(string country, string postalCode, string expected)
    {
        Assert.Equal(expected, BillingAddresses.Normalize(Fr with { Country = country, PostalCode = postalCode }).PostalCode);
    }

    [Fact]
    public void Region_outside_us_and_canada_is_kept_as_typed()
    {
        Assert.Equal("Île-de-France", BillingAddresses.Normalize(Fr with { Region = " Île-de-France " }).Region);
    }

    [Fact]
    public void Postal_code_longer_than_sixteen_characters_is_refused()
    {
        var error = Refused(Fr with { PostalCode = new string('1', 17) });

        Assert.Equal("field.too_long", error.Code);
        Assert.Equal("billingAddress.postalCode", error.Field);
    }

    // R2
    [Fact]
    public void Card_number_in_line1_is_refused()
    {
        var error = Refused(Us with { Line1 = "4242 4242 4242 4242" });

        Assert.Equal("card_number_refused", error.Code);
        Assert.Equal("billingAddress.line1", error.Field);
    }

    // R2
    [Fact]
    public void Card_number_in_line2_is_refused()
    {
        var error = Refused(Us with { Line2 = "card 5555555555554444" });

        Assert.Equal("card_number_refused", error.Code);
        Assert.Equal("billingAddress.line2", error.Field);
    }

    [Theory]
    [InlineData("fr", "FR")]
    [InlineData("GB", "GB")]
    [InlineData("jp", "JP")]
    [InlineData("AX", "AX")] // Åland Islands
    [InlineData("SS", "SS")] // South Sudan, assigned in 2011
    public void Assigned_country_codes_are_accepted_in_upper_case(string country, string stored)
    {
        Assert.Equal(249, Countries.Count);
        Assert.Equal(stored, BillingAddresses.Normalize(Fr with { Country = country }).Country);
    }
}
