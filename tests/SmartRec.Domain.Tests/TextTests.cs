using SmartRec.Contracts;
using SmartRec.Domain.Validation;

namespace SmartRec.Domain.Tests;

public sealed class TextTests
{
    [Theory]
    [InlineData("Jane Doe", "Jane Doe")]
    [InlineData("  Jane Doe  ", "Jane Doe")]
    [InlineData("\tJane\n", "Jane")] // surrounding tabs and newlines are whitespace, trimmed before the control check
    [InlineData("Zoë Ångström", "Zoë Ångström")]
    public void Required_returns_the_trimmed_value(string value, string expected)
    {
        Assert.Equal(expected, Text.Required(value, "nickname"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r\n")]
    public void Required_refuses_a_missing_or_blank_value(string? value)
    {
        var error = Assert.Throws<DomainException>(() => Text.Required(value, "nickname"));

        Assert.Equal("field.required", error.Code);
        Assert.Equal(ErrorKind.Invalid, error.Kind);
        Assert.Equal("nickname", error.Field);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Optional_returns_null_for_a_missing_or_blank_value(string? value)
    {
        Assert.Null(Text.Optional(value, "line2"));
    }

    [Fact]
    public void Optional_returns_the_trimmed_value_when_present()
    {
        Assert.Equal("Suite 200", Text.Optional("  Suite 200 ", "line2"));
    }

    [Fact]
    public void Default_maximum_is_one_hundred_characters()
    {
        Assert.Equal(100, Text.Required(new string('a', 100), "name").Length);

        var error = Assert.Throws<DomainException>(() => Text.Required(new string('a', 101), "name"));

        Assert.Equal("field.too_long", error.Code);
        Assert.Equal("name", error.Field);
    }

    [Fact]
    public void Length_is_measured_after_trimming()
    {
        Assert.Equal("abc", Text.Required("   abc   ", "code", maxLength: 3));
    }

    [Theory]
    [InlineData("abcd")]
    [InlineData(" abcd ")]
    public void Value_longer_than_the_given_maximum_is_refused(string value)
    {
        var error = Assert.Throws<DomainException>(() => Text.Optional(value, "region", maxLength: 3));

        Assert.Equal("field.too_long", error.Code);
        Assert.Equal(ErrorKind.Invalid, error.Kind);
        Assert.Equal("region", error.Field);
    }

    [Theory]
    [InlineData("Jane\u0000Doe")]
    [InlineData("Jane\tDoe")]
    [InlineData("Jane\nDoe")]
    [InlineData("Jane\u001bDoe")]
    [InlineData("Jane\u007fDoe")]
    [InlineData("Jane\u0085Doe")]
    public void Control_characters_inside_the_value_are_refused(string value)
    {
        var error = Assert.Throws<DomainException>(() => Text.Required(value, "name"));

        Assert.Equal("field.control_characters", error.Code);
        Assert.Equal("name", error.Field);
    }

    [Theory]
    [InlineData("Invoice\u202Efdp.exe")] // right-to-left override
    [InlineData("Jane\u202ADoe")]
    [InlineData("Jane\u2066Doe\u2069")] // isolates
    [InlineData("Jane\u200FDoe")] // right-to-left mark
    [InlineData("Jane\u061CDoe")] // Arabic letter mark
    public void Bidirectional_control_characters_are_refused(string value)
    {
        var error = Assert.Throws<DomainException>(() => Text.Required(value, "nickname"));

        Assert.Equal(("field.bidi_controls", "nickname"), (error.Code, error.Field));
    }

    [Theory]
    [InlineData("שלום")]
    [InlineData("مرحبا")]
    [InlineData("Zoë Ångström")]
    public void Right_to_left_and_accented_text_without_controls_is_accepted(string value)
    {
        Assert.Equal(value, Text.Required(value, "nickname"));
    }

    // R2
    [Theory]
    [InlineData("4242424242424242")]
    [InlineData("my card is 4111111111111111 thanks")]
    [InlineData("  4242 4242 4242 4242  ")]
    public void Card_number_is_refused_in_a_required_field(string value)
    {
        var error = Assert.Throws<DomainException>(() => Text.Required(value, "nickname"));

        Assert.Equal("card_number_refused", error.Code);
        Assert.Equal(ErrorKind.Invalid, error.Kind);
        Assert.Equal("nickname", error.Field);
    }

    // R2
    [Fact]
    public void Card_number_is_refused_in_an_optional_field()
    {
        var error = Assert.Throws<DomainException>(() => Text.Optional("378282246310005", "line2"));

        Assert.Equal("card_number_refused", error.Code);
        Assert.Equal("line2", error.Field);
    }

    // R2
    [Fact]
    public void Card_number_refusal_tells_the_caller_to_tokenize()
    {
        var error = Text.CardNumberRefused("memo");

        Assert.Equal("card_number_refused", error.Code);
        Assert.Equal(ErrorKind.Invalid, error.Kind);
        Assert.Equal("memo", error.Field);
        Assert.Contains("token", error.Message, StringComparison.Ordinal);
    }
}
