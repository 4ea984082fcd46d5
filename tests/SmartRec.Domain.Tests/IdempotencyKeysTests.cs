using SmartRec.Contracts;
using SmartRec.Domain.Validation;

namespace SmartRec.Domain.Tests;

public sealed class IdempotencyKeysTests
{
    [Fact]
    public void The_same_key_in_the_same_scope_names_the_same_operation()
    {
        Assert.Equal(IdempotencyKeys.OperationId("chk", "acc-1", "key-1"), IdempotencyKeys.OperationId("chk", "acc-1", "key-1"));
    }

    [Fact]
    public void The_same_key_in_another_scope_or_kind_is_another_operation()
    {
        var id = IdempotencyKeys.OperationId("chk", "acc-1", "key-1");

        Assert.NotEqual(id, IdempotencyKeys.OperationId("chk", "acc-2", "key-1"));
        Assert.StartsWith("cr_", IdempotencyKeys.OperationId("cr", "acc-1", "key-1"));
        Assert.StartsWith("chk_", id);
        Assert.True(Identifiers.IsValid(id));
    }

    [Fact]
    public void A_missing_key_is_refused_naming_the_header()
    {
        var refused = Assert.Throws<DomainException>(() => IdempotencyKeys.OperationId("chk", "acc-1", null));

        Assert.Equal((ErrorKind.Invalid, "idempotency_key.required", IdempotencyKeys.Header), (refused.Kind, refused.Code, refused.Field));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("line\nbreak")]
    public void A_blank_or_unprintable_key_is_refused(string key)
    {
        var refused = Assert.Throws<DomainException>(() => IdempotencyKeys.OperationId("chk", "acc-1", key));

        Assert.Equal(("idempotency_key.invalid", IdempotencyKeys.Header), (refused.Code, refused.Field));
    }

    [Fact]
    public void A_key_longer_than_255_characters_is_refused()
    {
        Assert.Equal(IdempotencyKeys.OperationId("chk", "s", new string('k', 255)).Length,
            IdempotencyKeys.OperationId("chk", "s", new string('j', 255)).Length);
        Assert.Throws<DomainException>(() => IdempotencyKeys.OperationId("chk", "s", new string('k', 256)));
    }
}
