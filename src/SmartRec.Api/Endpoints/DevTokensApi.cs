using Microsoft.AspNetCore.Http.HttpResults;
using SmartRec.Api.Security;
using SmartRec.Contracts;
using SmartRec.Domain.Validation;

namespace SmartRec.Api.Endpoints;

/// <summary>Mints tokens for the embedded demo and tests. Mapped only when SmartRec:Auth:DevTokens is on.</summary>
public static class DevTokensApi
{
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(8);
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(1);

    public sealed record TokenRequest(string Subject, string Role, string? OrganizationId = null, int? LifetimeMinutes = null);

    public sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt);

    public static IEndpointRouteBuilder MapDevTokensApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/dev/tokens", Issue).WithName("issueDevToken")
            .AllowAnonymous()
            .WithTags("Development")
            .WithSummary("Mint a bearer token (demo only)")
            .WithDescription("Send 'Accept: text/plain' to get the bare token, handy in shell scripts.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    private static Results<Ok<TokenResponse>, ContentHttpResult> Issue(TokenRequest request, TokenIssuer issuer, HttpRequest http)
    {
        var subject = Identifiers.Require(request.Subject, "subject");
        if (!Roles.IsKnown(request.Role))
        {
            throw DomainException.Invalid("token.role", "'role' must be one of customer, admin, operator, viewer, platform.", "role");
        }

        string? organizationId = null;
        if (Roles.BelongsToOrganization(request.Role))
        {
            organizationId = Identifiers.Require(request.OrganizationId, "organizationId");
        }
        else if (request.OrganizationId is not null)
        {
            throw DomainException.Invalid("token.organization", $"A {request.Role} token belongs to no organization.", "organizationId");
        }

        var lifetime = request.LifetimeMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : DefaultLifetime;
        if (lifetime <= TimeSpan.Zero || lifetime > MaxLifetime)
        {
            throw DomainException.Invalid("token.lifetime", "'lifetimeMinutes' must be between 1 and 1440.", "lifetimeMinutes");
        }

        var (token, expiresAt) = issuer.Issue(subject, request.Role, organizationId, lifetime);
        return http.Headers.Accept.Any(a => a?.Contains("text/plain", StringComparison.OrdinalIgnoreCase) ?? false)
            ? TypedResults.Text(token)
            : TypedResults.Ok(new TokenResponse(token, expiresAt));
    }
}
