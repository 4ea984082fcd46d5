using SmartRec.Domain.Validation;

namespace SmartRec.Domain.Tests;

public sealed class GeneratedIdsTests
{
    [Fact]
    public void Generated_ids_hold_no_digits_so_the_card_number_guard_never_refuses_them() // R2
    {
        var ids = Enumerable.Range(0, 20_000)
            .SelectMany(i => new[] { GeneratedIds.Random("pm_", 10), GeneratedIds.Hashed("chk_", $"acc-1\nkey-{i}", 32) })
            .ToList();

        Assert.DoesNotContain(ids, id => id.Any(char.IsAsciiDigit));
        Assert.DoesNotContain(ids, CardNumberDetector.ContainsCardNumber);
        Assert.All(ids, id => Assert.True(Identifiers.IsValid(id), id));
    }

    [Fact]
    public void A_hashed_id_is_the_same_for_the_same_text_and_differs_for_other_text()
    {
        Assert.Equal(GeneratedIds.Hashed("inv_", "batch|acc-1|", 24), GeneratedIds.Hashed("inv_", "batch|acc-1|", 24));
        Assert.NotEqual(GeneratedIds.Hashed("inv_", "batch|acc-1|", 24), GeneratedIds.Hashed("inv_", "batch|acc-2|", 24));
        Assert.Equal("inv_".Length + 24, GeneratedIds.Hashed("inv_", "x", 24).Length);
    }

    [Fact]
    public void Random_ids_differ_and_carry_two_letters_a_byte()
    {
        var first = GeneratedIds.Random("acc_", 8);

        Assert.NotEqual(first, GeneratedIds.Random("acc_", 8));
        Assert.Equal("acc_".Length + 16, first.Length);
    }
}
