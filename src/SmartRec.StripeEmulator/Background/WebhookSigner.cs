using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SmartRec.StripeEmulator.Background;

/// <summary>
/// Stripe's webhook signature: <c>Stripe-Signature: t=&lt;unix&gt;,v1=&lt;hex HMAC-SHA256 of "t.payload"&gt;</c>, keyed with the
/// endpoint secret's UTF-8 bytes, the whole <c>whsec_...</c> string included.
/// </summary>
public static class WebhookSigner
{
    public static string Header(string payload, string secret, long unixSeconds)
    {
        var timestamp = unixSeconds.ToString(CultureInfo.InvariantCulture);
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(signature)}";
    }
}
