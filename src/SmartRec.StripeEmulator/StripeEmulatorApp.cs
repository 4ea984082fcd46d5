using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SmartRec.StripeEmulator.Api;
using SmartRec.StripeEmulator.Background;
using SmartRec.StripeEmulator.Http;
using SmartRec.StripeEmulator.Model;

namespace SmartRec.StripeEmulator;

/// <summary>Composes the emulator: as a program (<c>dotnet run</c>) or inside a test process on a free port.</summary>
public static class StripeEmulatorApp
{
    /// <summary>Where the program listens without <c>--urls</c>: loopback, on the port stripe-mock made customary.</summary>
    public const string DefaultUrl = "http://127.0.0.1:12111";

    /// <summary>The program: options from configuration (<c>Emulator:*</c>, e.g. <c>--Emulator:ApiKey=sk_test_x</c>).</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var options = builder.Configuration.GetSection(EmulatorOptions.Section).Get<EmulatorOptions>() ?? new EmulatorOptions();
        return Compose(builder, options);
    }

    /// <summary>Starts an emulator on a free loopback port, for tests; dispose it to stop it.</summary>
    /// <param name="options">Kept by reference: a test may change the knobs while the emulator runs.</param>
    public static async Task<RunningStripeEmulator> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = Compose(builder, options);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningStripeEmulator(app, new Uri(address), app.Services.GetRequiredService<EmulatorStats>());
    }

    private static WebApplication Compose(WebApplicationBuilder builder, EmulatorOptions options)
    {
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<EmulatorStats>();
        services.AddSingleton<Dice>();
        services.AddSingleton<EmulatorState>();
        services.AddSingleton<DelayedWork>();
        services.AddSingleton<PaymentFlow>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());

        var app = builder.Build();
        app.UseMiddleware<StripeErrorMiddleware>();
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/v1"), v1 => v1
            .UseMiddleware<TrafficMiddleware>()
            .UseMiddleware<IdempotencyMiddleware>());
        app.MapCustomersApi();
        app.MapPaymentMethodsApi();
        app.MapSetupIntentsApi();
        app.MapPaymentIntentsApi();
        app.MapRefundsApi();
        app.MapChargesApi();
        app.MapEventsApi();
        app.MapEmulatorApi();
        app.MapFallback(context => throw new StripeError(StatusCodes.Status404NotFound, "invalid_request_error", "resource_missing",
            $"Unrecognized request URL ({context.Request.Method}: {context.Request.Path}). The emulator speaks only part of Stripe's API."));
        return app;
    }
}
