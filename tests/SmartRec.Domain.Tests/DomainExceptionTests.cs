using SmartRec.Contracts;

namespace SmartRec.Domain.Tests;

public sealed class DomainExceptionTests
{
    [Fact]
    public void Invalid_carries_code_message_and_field()
    {
        var error = DomainException.Invalid("amount.invalid", "Bad amount.", "amount");

        Assert.Equal(ErrorKind.Invalid, error.Kind);
        Assert.Equal("amount.invalid", error.Code);
        Assert.Equal("Bad amount.", error.Message);
        Assert.Equal("amount", error.Field);
    }

    [Fact]
    public void Invalid_without_a_field_has_a_null_field()
    {
        Assert.Null(DomainException.Invalid("x", "y").Field);
    }

    [Fact]
    public void NotFound_names_what_was_missing()
    {
        var error = DomainException.NotFound("Wallet 'w-1'");

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("not_found", error.Code);
        Assert.Equal("Wallet 'w-1' was not found.", error.Message);
        Assert.Null(error.Field);
    }

    [Theory]
    [InlineData(ErrorKind.Conflict)]
    [InlineData(ErrorKind.Unavailable)]
    [InlineData(ErrorKind.RuleViolation)]
    public void Each_factory_sets_its_own_kind(ErrorKind kind)
    {
        var error = kind switch
        {
            ErrorKind.Conflict => DomainException.Conflict("idempotency.mismatch", "m"),
            ErrorKind.Unavailable => DomainException.Unavailable("processor.unavailable", "m"),
            _ => DomainException.Rule("wallet.card_limit", "m", "methods"),
        };

        Assert.Equal(kind, error.Kind);
    }

    [Fact]
    public void Rule_carries_code_and_optional_field()
    {
        var error = DomainException.Rule("wallet.card_limit", "Too many cards.", "methods");

        Assert.Equal(ErrorKind.RuleViolation, error.Kind);
        Assert.Equal("wallet.card_limit", error.Code);
        Assert.Equal("methods", error.Field);
    }
}
