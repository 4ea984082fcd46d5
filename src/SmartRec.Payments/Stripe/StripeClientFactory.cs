using global::Stripe;

namespace SmartRec.Payments.Stripe;

public static class StripeClientFactory
{
    /// <summary>DNS changes behind api.stripe.com reach long-lived silos within this time.</summary>
    private static readonly TimeSpan ConnectionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A Stripe.net client for the configured key and API base, with Stripe.net's retries off: the grains retry with
    /// their own keys under the shared processor budget (decisions 3 and 4), and a hidden retry would spend it twice.
    /// </summary>
    public static IStripeClient Create(StripeProcessorOptions options)
    {
        options.EnsureValid();
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = ConnectionLifetime }) { Timeout = options.Timeout };
        return new StripeClient(new StripeClientOptions
        {
            ApiKey = options.ApiKey,
            ApiBase = options.ApiBase.TrimEnd('/'),
            HttpClient = new SystemNetHttpClient(http, maxNetworkRetries: 0, appInfo: new AppInfo { Name = "SmartRec" }, enableTelemetry: false),
        });
    }
}
