using System.Security.Cryptography;
using System.Text;

namespace SmartRec.Domain.Validation;

/// <summary>
/// The ids the engine makes up: random ones (a saved method, an account) and ones derived from other text (an
/// operation from its Idempotency-Key, an invoice from its batch and target). They are written with sixteen letters in
/// place of hex digits, so an id never holds a run of digits: every path and body goes through the card-number guard
/// (R2), and a hex id that happened to hold a Luhn-valid run of 13 digits would be refused when sent back.
/// </summary>
public static class GeneratedIds
{
    private const string Alphabet = "abcdefghjkmnpqrt";

    public static string Random(string prefix, int bytes) => prefix + Letters(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>The same text always gives the same id; <paramref name="length"/> letters carry 4 bits each.</summary>
    public static string Hashed(string prefix, string text, int length) =>
        prefix + Letters(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..length];

    private static string Letters(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length * 2);
        foreach (var b in bytes)
        {
            text.Append(Alphabet[b >> 4]).Append(Alphabet[b & 0xF]);
        }

        return text.ToString();
    }
}
