using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SmartRec.Grains.Billing;

/// <summary>
/// Compares a replayed request with the first one by content: records holding lists do not compare by value, their
/// JSON does.
/// </summary>
internal static class Fingerprints
{
    public static string Of<T>(T request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request))));
}
