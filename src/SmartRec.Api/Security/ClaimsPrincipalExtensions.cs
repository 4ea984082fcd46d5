using System.Security.Claims;

namespace SmartRec.Api.Security;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The user id of a customer token; the authentication handler guarantees it is present.</summary>
    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(Claims.Subject) ?? throw new InvalidOperationException("An authenticated token always carries a subject.");

    public static string? OrganizationId(this ClaimsPrincipal user) => user.FindFirstValue(Claims.Organization);
}
