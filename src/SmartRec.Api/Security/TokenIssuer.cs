using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SmartRec.Api.Security;

/// <summary>Signs tokens with the same key the bearer handler validates; used by the dev token endpoint.</summary>
public sealed class TokenIssuer(SymmetricSecurityKey key, TimeProvider time)
{
    public SymmetricSecurityKey Key { get; } = key;

    public (string Token, DateTimeOffset ExpiresAt) Issue(string subject, string role, string? organizationId, TimeSpan lifetime)
    {
        var now = time.GetUtcNow();
        var claims = new List<Claim> { new(Claims.Subject, subject), new(Claims.Role, role) };
        if (organizationId is not null)
        {
            claims.Add(new Claim(Claims.Organization, organizationId));
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = AuthOptions.Issuer,
            Audience = AuthOptions.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        };
        return (new JsonWebTokenHandler().CreateToken(descriptor), now + lifetime);
    }
}
