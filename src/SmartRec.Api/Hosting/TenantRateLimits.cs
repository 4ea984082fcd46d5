using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using SmartRec.Api.Security;

namespace SmartRec.Api.Hosting;

/// <summary>
/// Holds a noisy tenant at its limit so that the others keep their latency: every /api request takes a permit from
/// its organization's budget (when the token names one) and from its caller's, for its kind of request. Health,
/// metrics and OpenAPI are never limited: a probe refused with 429 would take a healthy silo out of service.
/// A refused request answers 429 with a "rate_limited" problem and Retry-After; it reached no grain.
/// </summary>
public static class TenantRateLimits
{
    private enum RequestKind
    {
        Reads,
        Writes,
        Bulk,
    }

    /// <summary>Marks a route as bulk: it is limited by <see cref="RateLimitOptions.Bulk"/>, apart from single writes.</summary>
    public static TBuilder LimitedAsBulk<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new BulkRequest());

    public static IServiceCollection AddSmartRecRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        return services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = Reject;
            if (options.Enabled)
            {
                limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                    PartitionedRateLimiter.Create<HttpContext, string>(context => ByOrganization(context, options)),
                    PartitionedRateLimiter.Create<HttpContext, string>(context => ByCaller(context, options)));
            }
        });
    }

    private static RateLimitPartition<string> ByOrganization(HttpContext context, RateLimitOptions options) =>
        // The token's organization, not the route's: a caller must not spend another organization's budget.
        context.User.OrganizationId() is { } organization && KindOf(context) is { } kind
            ? Window($"{kind}|org|{organization}", Rule(options, kind).PerOrganization, Rule(options, kind).Window)
            : RateLimitPartition.GetNoLimiter("");

    private static RateLimitPartition<string> ByCaller(HttpContext context, RateLimitOptions options)
    {
        if (KindOf(context) is not { } kind)
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        var caller = context.User.FindFirst(Claims.Subject)?.Value is { } subject ? $"user|{subject}" : $"ip|{context.Connection.RemoteIpAddress}";
        return Window($"{kind}|{caller}", Rule(options, kind).PerCaller, Rule(options, kind).Window);
    }

    private static RequestKind? KindOf(HttpContext context) =>
        !context.Request.Path.StartsWithSegments("/api") ? null
        : context.GetEndpoint()?.Metadata.GetMetadata<BulkRequest>() is not null ? RequestKind.Bulk
        : HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) ? RequestKind.Reads
        : RequestKind.Writes;

    private static RateLimitRule Rule(RateLimitOptions options, RequestKind kind) => kind switch
    {
        RequestKind.Reads => options.Reads,
        RequestKind.Writes => options.Writes,
        _ => options.Bulk,
    };

    private static RateLimitPartition<string> Window(string key, int permits, TimeSpan window) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static async ValueTask Reject(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        var http = rejected.HttpContext;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var kind = KindOf(http)?.ToString().ToLowerInvariant() ?? "these";
        await Problems.WriteAsync(http, Problems.Create(StatusCodes.Status429TooManyRequests, "rate_limited",
            $"Too many {kind} requests from your organization or your user in this window; nothing was done. Retry in {seconds} s."));
    }

    private sealed class BulkRequest;
}
