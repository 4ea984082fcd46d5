using SmartRec.Contracts;
using SmartRec.Domain.Validation;

namespace SmartRec.Domain.Tests;

public sealed class IdentifiersTests
{
    [Theory]
    [InlineData("org-1")]
    [InlineData("a")]
    [InlineData("ACME_Corp.2024")]
    [InlineData("jane.doe@example.com")]
    [InlineData("0123456789")]
    public void Letters_digits_and_dot_underscore_at_dash_are_valid(string id)
    {
        Assert.True(Identifiers.IsValid(id));
        Assert.Equal(id, Identifiers.Require(id, "organizationId"));
    }

    [Fact]
    public void Sixty_four_characters_is_the_longest_valid_id()
    {
        Assert.True(Identifiers.IsValid(new string('a', Identifiers.MaxLength)));
        Assert.False(Identifiers.IsValid(new string('a', Identifiers.MaxLength + 1)));
        Assert.Equal(64, Identifiers.MaxLength);
    }

    [Theory]
    [InlineData("org/acc")] // the slash separates the parts of compound grain keys
    [InlineData("/")]
    [InlineData("org 1")]
    [InlineData(" org")]
    [InlineData("org\t1")]
    [InlineData("org:1")]
    [InlineData("org#1")]
    [InlineData("org\\1")]
    [InlineData("café")]
    [InlineData("org１")] // a full-width digit is not an ASCII digit
    public void Other_characters_are_invalid(string id)
    {
        Assert.False(Identifiers.IsValid(id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Missing_id_is_invalid(string? id)
    {
        Assert.False(Identifiers.IsValid(id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("org/acc")]
    public void Require_refuses_an_invalid_id_naming_the_field(string? id)
    {
        var error = Assert.Throws<DomainException>(() => Identifiers.Require(id, "accountId"));

        Assert.Equal("id.invalid", error.Code);
        Assert.Equal(ErrorKind.Invalid, error.Kind);
        Assert.Equal("accountId", error.Field);
    }

    [Fact]
    public void Require_refuses_an_id_that_is_too_long()
    {
        var error = Assert.Throws<DomainException>(() => Identifiers.Require(new string('x', 65), "methodId"));

        Assert.Equal("id.invalid", error.Code);
        Assert.Equal("methodId", error.Field);
    }

    // R2: every character of "4242-4242-4242-4242" is allowed in an id, and ids are stored.
    [Theory]
    [InlineData("4242-4242-4242-4242")]
    [InlineData("4242.4242.4242.4242")]
    [InlineData("inv_4242424242424242")]
    public void An_id_holding_a_card_number_is_refused_as_one(string id)
    {
        var error = Assert.Throws<DomainException>(() => Identifiers.Require(id, "invoiceId"));

        Assert.Equal(("card_number_refused", "invoiceId"), (error.Code, error.Field));
        Assert.False(Identifiers.IsValid(id));
    }
}
