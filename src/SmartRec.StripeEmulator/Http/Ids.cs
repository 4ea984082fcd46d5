using System.Security.Cryptography;

namespace SmartRec.StripeEmulator.Http;

/// <summary>Stripe-looking object ids: a type prefix and 24 random letters and digits (<c>pi_3Nx...</c>).</summary>
internal static class Ids
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string New(string prefix) => prefix + "_" + RandomNumberGenerator.GetString(Alphabet, 24);
}
