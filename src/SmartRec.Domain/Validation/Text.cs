using SmartRec.Contracts;

namespace SmartRec.Domain.Validation;

/// <summary>Rules for the free-text fields people type: names, nicknames, address lines.</summary>
public static class Text
{
    /// <summary>Trims and checks a required field: present, not too long, no control characters, no card number (R2).</summary>
    public static string Required(string? value, string field, int maxLength = 100) =>
        Optional(value, field, maxLength)
        ?? throw DomainException.Invalid("field.required", $"'{field}' is required.", field);

    /// <summary>Like <see cref="Required"/> but an absent or blank value is null.</summary>
    public static string? Optional(string? value, string field, int maxLength = 100)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
        {
            throw DomainException.Invalid("field.too_long", $"'{field}' must be at most {maxLength} characters.", field);
        }

        if (trimmed.Any(char.IsControl))
        {
            throw DomainException.Invalid("field.control_characters", $"'{field}' must not contain control characters.", field);
        }

        if (CardNumberDetector.ContainsCardNumber(trimmed))
        {
            throw CardNumberRefused(field);
        }

        return trimmed;
    }

    public static DomainException CardNumberRefused(string field) =>
        DomainException.Invalid("card_number_refused",
            $"'{field}' looks like a card number. Card numbers never enter SmartRec: tokenize the card with the processor and send the token.",
            field);
}
