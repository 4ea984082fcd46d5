using SmartRec.Contracts;

namespace SmartRec.Domain.Validation;

/// <summary>
/// The one way a request's Idempotency-Key becomes the id of the operation it asks for: a hash of the key within its
/// scope, so a replay reaches the same grain and gets the first answer. Every request that moves money needs one: a
/// random id instead would make an HTTP retry charge, refund or credit a second time.
/// </summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 255;

    /// <param name="prefix">Names the kind of operation, e.g. "chk" for a checkout.</param>
    /// <param name="scope">What the key is unique within, e.g. the account: the same key elsewhere is another operation.</param>
    public static string OperationId(string prefix, string scope, string? key)
    {
        if (key is null)
        {
            throw DomainException.Invalid("idempotency_key.required",
                $"This request moves money: send an '{Header}' header, and the same one again when you retry it.", Header);
        }

        if (string.IsNullOrWhiteSpace(key) || key.Length > MaxLength || key.Any(char.IsControl))
        {
            throw DomainException.Invalid("idempotency_key.invalid", $"'{Header}' must be 1 to {MaxLength} printable characters.", Header);
        }

        return GeneratedIds.Hashed(prefix + "_", $"{scope}\n{key}", 32);
    }
}
