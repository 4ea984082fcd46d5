namespace SmartRec.Api.Security;

/// <summary>Bound from "SmartRec:Auth".</summary>
public sealed class AuthOptions
{
    public const string Section = "SmartRec:Auth";
    public const string Issuer = "smartrec";
    public const string Audience = "smartrec-api";

    /// <summary>Base64 HMAC-SHA256 key of at least 32 bytes. Absent with dev tokens on, a random key lives as long as the process.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Exposes POST /api/dev/tokens, which mints any token: for the embedded demo and tests only.</summary>
    public bool DevTokens { get; set; }
}
