using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Scalar.AspNetCore;
using SmartRec.Api.Demo;
using SmartRec.Api.Endpoints;
using SmartRec.Api.Security;
using SmartRec.Grains;
using SmartRec.Payments;
using SmartRec.Payments.Simulated;

namespace SmartRec.Api.Hosting;

/// <summary>Composes the engine: the co-hosted silo, the processor, authentication, problems, OpenAPI and the routes.</summary>
public static class SmartRecHost
{
    private const string ReadyTag = "ready";

    public static WebApplicationBuilder AddSmartRec(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var orleans = configuration.GetSection(OrleansHostOptions.Section).Get<OrleansHostOptions>() ?? new OrleansHostOptions();

        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(orleans.SiloPort, orleans.GatewayPort, serviceId: orleans.ServiceId, clusterId: orleans.ClusterId);
            foreach (var name in StorageNames.All)
            {
                silo.AddMemoryGrainStorage(name);
            }

            silo.UseInMemoryReminderService();
        });

        services.AddSingleton(TimeProvider.System);
        services.AddSimulatedPaymentProcessor(
            configuration.GetSection("SmartRec:Processor:Simulated").Get<SimulatedProcessorOptions>() ?? new SimulatedProcessorOptions());
        if (configuration.GetValue<bool>(DemoSeeder.EnabledKey))
        {
            services.AddHostedService<DemoSeeder>();
        }

        services.AddSmartRecAuth(configuration);
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier));
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            options.SerializerOptions.RespectNullableAnnotations = true;
            options.SerializerOptions.RespectRequiredConstructorParameters = true;
        });
        services.AddOpenApi(options => options.AddDocumentTransformer<BearerSecuritySchemeTransformer>());
        services.AddHealthChecks().AddCheck<ClusterReadyHealthCheck>("cluster", tags: [ReadyTag]);
        return builder;
    }

    public static WebApplication UseSmartRec(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<CardNumberGuard>();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/scalar", options => options.WithTitle("SmartRec Payments Engine"));
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });

        if (app.Services.GetRequiredService<AuthOptions>().DevTokens)
        {
            app.MapDevTokensApi();
        }

        app.MapWalletApi();
        app.MapOrganizationGroup()
            .MapOrganizationsApi()
            .MapAccountsApi();
        return app;
    }
}
