using System.Security.Cryptography;
using System.Text;

namespace SmartRec.StripeEmulator.Http;

/// <summary>
/// Everything Stripe does to a request before an endpoint sees it: secret-key authentication, the per-second rate
/// limit (429 with <c>Stripe-Should-Retry</c>) and injected 500s that leave nothing done.
/// </summary>
internal sealed class TrafficMiddleware(RequestDelegate next, EmulatorOptions options, EmulatorStats stats, Dice dice, TimeProvider time)
{
    private readonly Lock _bucketLock = new();
    private double _tokens = -1;
    private long _refilledAt = time.GetTimestamp();

    public async Task InvokeAsync(HttpContext context)
    {
        var second = time.GetUtcNow().ToUnixTimeSeconds();
        stats.Request(second);
        context.Response.Headers["Request-Id"] = Ids.New("req");
        if (!Authenticated(context.Request))
        {
            throw StripeError.Authentication("Invalid API Key provided. Use the secret key configured as Emulator:ApiKey.");
        }

        if (!TakeToken())
        {
            stats.RateLimit(second);
            throw StripeError.RateLimited();
        }

        stats.Serve(second);
        if (dice.Roll(options.ServerErrorRate))
        {
            stats.ServerError();
            throw StripeError.Internal();
        }

        await next(context);
    }

    private bool Authenticated(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Constant time, as a secret comparison should be even in an emulator that may share a network.
        return CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()), Encoding.UTF8.GetBytes(options.ApiKey));
    }

    private bool TakeToken()
    {
        var rate = options.RequestsPerSecond;
        if (rate <= 0)
        {
            return true;
        }

        lock (_bucketLock)
        {
            var now = time.GetTimestamp();
            _tokens = _tokens < 0 ? rate : Math.Min(rate, _tokens + time.GetElapsedTime(_refilledAt, now).TotalSeconds * rate);
            _refilledAt = now;
            if (_tokens < 1)
            {
                return false;
            }

            _tokens -= 1;
            return true;
        }
    }
}
