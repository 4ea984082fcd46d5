using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using SmartRec.Api.Hosting;

namespace SmartRec.Api.Security;

public static class AuthenticationSetup
{
    /// <summary>
    /// Bearer tokens signed with HMAC-SHA256, carrying a subject, a role and, for organization roles, the organization.
    /// Failures answer with problem bodies too, including why a token was refused (expired, bad signature).
    /// </summary>
    public static IServiceCollection AddSmartRecAuth(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var key = new SymmetricSecurityKey(SigningKey(options));
        services.AddSingleton(options);
        services.AddSingleton(sp => new TokenIssuer(key, sp.GetRequiredService<TimeProvider>()));

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = AuthOptions.Issuer,
                ValidAudience = AuthOptions.Audience,
                IssuerSigningKey = key,
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                NameClaimType = Claims.Subject,
                RoleClaimType = Claims.Role,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            jwt.Events = new JwtBearerEvents
            {
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    var detail = context.AuthenticateFailure switch
                    {
                        SecurityTokenExpiredException => "The bearer token has expired.",
                        null => "Send 'Authorization: Bearer <token>'.",
                        _ => "The bearer token is not valid.",
                    };
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    await Problems.WriteAsync(context.HttpContext, Problems.Create(StatusCodes.Status401Unauthorized, "auth.token", detail));
                },
                OnForbidden = context => Problems.WriteAsync(context.HttpContext,
                    Problems.Create(StatusCodes.Status403Forbidden, "auth.role", "Your role may not do that.")),
            };
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Customer, p => p.RequireRole(Roles.Customer).RequireClaim(Claims.Subject))
            .AddPolicy(Policies.OrganizationMember, p => p.RequireRole([.. Roles.OrganizationRoles]).RequireClaim(Claims.Organization))
            .AddPolicy(Policies.OrganizationAdmin, p => p.RequireRole(Roles.Admin).RequireClaim(Claims.Organization))
            .AddPolicy(Policies.OrganizationOperator, p => p.RequireRole(Roles.Admin, Roles.Operator).RequireClaim(Claims.Organization))
            .AddPolicy(Policies.Platform, p => p.RequireRole(Roles.Platform));
        return services;
    }

    private static byte[] SigningKey(AuthOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.SigningKey))
        {
            var bytes = Convert.FromBase64String(options.SigningKey);
            return bytes.Length >= 32
                ? bytes
                : throw new InvalidOperationException($"{AuthOptions.Section}:SigningKey must decode to at least 32 bytes.");
        }

        // Tokens minted by the dev endpoint are only ever checked by this same process, so a fresh key will do.
        return options.DevTokens
            ? RandomNumberGenerator.GetBytes(32)
            : throw new InvalidOperationException($"Set {AuthOptions.Section}:SigningKey (base64, 32+ bytes), or enable {AuthOptions.Section}:DevTokens for a local demo.");
    }
}
