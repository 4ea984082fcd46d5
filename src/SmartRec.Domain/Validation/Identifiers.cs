using System.Buffers;
using SmartRec.Contracts;

namespace SmartRec.Domain.Validation;

/// <summary>
/// Ids that become grain keys: 1 to 64 characters of letters, digits and . _ @ -. The slash is excluded because
/// it separates the parts of compound keys such as "{organizationId}/{accountId}".
/// </summary>
public static class Identifiers
{
    public const int MaxLength = 64;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._@-");

    /// <summary>Well formed and no card number: "4242-4242-4242-4242" is all allowed characters, and an id is stored (R2).</summary>
    public static bool IsValid(string? id) => IsWellFormed(id) && !CardNumberDetector.ContainsCardNumber(id);

    public static string Require(string? id, string field)
    {
        if (!IsWellFormed(id))
        {
            throw DomainException.Invalid("id.invalid", $"'{field}' must be 1 to {MaxLength} letters, digits or . _ @ -.", field);
        }

        return CardNumberDetector.ContainsCardNumber(id) ? throw Text.CardNumberRefused(field) : id!;
    }

    private static bool IsWellFormed(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxLength && !id.AsSpan().ContainsAnyExcept(Allowed);
}
