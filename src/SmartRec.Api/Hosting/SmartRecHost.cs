using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using Orleans.Dashboard;
using Scalar.AspNetCore;
using SmartRec.Api.Demo;
using SmartRec.Api.Endpoints;
using SmartRec.Api.Security;
using SmartRec.Payments;
using SmartRec.Payments.Telemetry;

namespace SmartRec.Api.Hosting;

/// <summary>Composes the engine: the co-hosted silo, the processor, authentication, problems, OpenAPI and the routes.</summary>
public static class SmartRecHost
{
    private const string ReadyTag = "ready";

    /// <summary>
    /// The largest request body accepted. Every JSON body is read whole to look for card numbers, so the limit is what
    /// one request may cost in memory; the largest legitimate body, a mass invoice's 5,000 explicit ids, is ~300 KB.
    /// </summary>
    private const long MaxRequestBodyBytes = 1024 * 1024;

    public static WebApplicationBuilder AddSmartRec(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        builder.UseOrleans(silo => silo.AddSmartRecSilo(configuration).AddDashboard());
        services.Configure<HostOptions>(options => options.ShutdownTimeout = OrleansHostOptions.From(configuration).ShutdownTimeout);

        services.AddSingleton(TimeProvider.System);
        services.AddPaymentProcessor(configuration);
        if (configuration.GetValue<bool>(DemoSeeder.EnabledKey))
        {
            services.AddHostedService<DemoSeeder>();
        }

        services.AddSmartRecBilling(configuration);
        services.AddSmartRecMassCharges(configuration);
        services.AddSmartRecAuth(configuration);
        services.AddSmartRecRateLimits(configuration);
        // Registered before the framework's writer, which it replaces: ours writes whatever the client accepts.
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.Configure<KestrelServerOptions>(options => options.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            options.SerializerOptions.RespectNullableAnnotations = true;
            options.SerializerOptions.RespectRequiredConstructorParameters = true;
            // A number is a JSON number: "2500" for an amount is refused, not read, and the document says integer, not integer-or-string.
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        services.AddOpenApi(options => options
            .AddDocumentTransformer<BearerSecuritySchemeTransformer>()
            .AddDocumentTransformer<ContractDocumentTransformer>()
            .AddSchemaTransformer<ContractSchemaTransformer>());
        services.AddHealthChecks().AddCheck<ClusterReadyHealthCheck>("cluster", tags: [ReadyTag]);
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(SmartRecMetrics.MeterName, "Microsoft.Orleans")
            .AddAspNetCoreInstrumentation()
            // Every scrape reads the current values: scrapers poll every few seconds, a cached answer only misleads.
            .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0));
        return builder;
    }

    public static WebApplication UseSmartRec(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAdminUi();
        app.UseMiddleware<CardNumberGuard>();
        app.UseAuthentication();
        // After authentication, so a request is counted against its organization and user; before authorization, so a
        // flood of refused requests is limited too.
        app.UseRateLimiter();
        app.UseAuthorization();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/scalar", options => options.WithTitle("SmartRec Payments Engine"));
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteReadiness,
        });
        // Scraped from inside the cluster's network; it carries counts and timings, never ids or client data.
        app.MapPrometheusScrapingEndpoint("/metrics");
        // The dashboard is an operator's page, not part of the API a client is generated from.
        app.MapOrleansDashboard(routePrefix: "/dashboard").RequireAuthorization(Policies.Platform).ExcludeFromDescription();

        if (app.Services.GetRequiredService<AuthOptions>().DevTokens)
        {
            app.MapDevTokensApi();
        }

        app.MapStripeWebhooksApi();
        app.MapWalletApi();
        app.MapNotificationsApi();
        app.MapOrganizationGroup()
            .MapOrganizationsApi()
            .MapAccountsApi()
            .MapBillingApi()
            .MapSubscriptionsApi()
            .MapActionCenterApi()
            .MapDirectoryApi()
            .MapMassInvoicesApi()
            .MapMassChargesApi();
        return app;
    }

    /// <summary>
    /// "Healthy" plus the number of active silos ("Healthy; activeSilos=3"), or the status followed by what is down,
    /// one check per part ("Unhealthy; cluster: a grain could not be activated and read (silos or grain storage) (TimeoutException: ...)").
    /// </summary>
    private static Task WriteReadiness(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain";
        var silos = report.Entries.Values.Select(e => e.Data.GetValueOrDefault(ClusterReadyHealthCheck.ActiveSilosKey)).OfType<int>().FirstOrDefault();
        var down = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => $"; {e.Key}: {e.Value.Description}");
        return context.Response.WriteAsync(report.Status == HealthStatus.Healthy ? $"Healthy; activeSilos={silos}" : report.Status + string.Concat(down));
    }
}
