using System.Buffers;
using SmartRec.Contracts;

namespace SmartRec.Domain.Validation;

/// <summary>Rules for the free-text fields people type: names, nicknames, address lines.</summary>
public static class Text
{
    /// <summary>
    /// The embeddings, overrides and isolates of Unicode's bidirectional algorithm and its invisible marks. A name that
    /// holds U+202E shows its tail reversed: "Invoice\u202Efdp.exe" reads as "Invoiceexe.pdf" to the admin who sees it.
    /// </summary>
    private static readonly SearchValues<char> BidiControls =
        SearchValues.Create("\u061C\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069");

    /// <summary>Trims and checks a required field: present, not too long, no control or bidirectional characters, no card number (R2).</summary>
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

        if (trimmed.AsSpan().ContainsAny(BidiControls))
        {
            throw DomainException.Invalid("field.bidi_controls",
                $"'{field}' must not contain bidirectional control characters: they make text display other than it reads.", field);
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
