using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using SmartRec.Payments.Simulated;
using SmartRec.Payments.Stripe;
using SmartRec.Payments.Telemetry;

namespace SmartRec.Payments;

public static class PaymentsServiceCollectionExtensions
{
    /// <summary>Registers the in-process simulated processor, the embedded default.</summary>
    public static IServiceCollection AddSimulatedPaymentProcessor(this IServiceCollection services, SimulatedProcessorOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<SimulatedPaymentProcessor>();
        services.AddSingleton<IPaymentProcessor>(sp => new InstrumentedPaymentProcessor(sp.GetRequiredService<SimulatedPaymentProcessor>()));
        return services;
    }

    /// <summary>Registers the Stripe processor: Stripe itself in production, the project's Stripe emulator elsewhere.</summary>
    public static IServiceCollection AddStripePaymentProcessor(this IServiceCollection services, StripeProcessorOptions options)
    {
        options.EnsureValid();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        var client = StripeClientFactory.Create(options);
        services.AddSingleton(sp => new StripePaymentProcessor(
            client, options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<StripePaymentProcessor>>()));
        services.AddSingleton<IProcessorEvents>(sp => new StripeWebhookEvents(client, options, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IPaymentProcessor>(sp => new InstrumentedPaymentProcessor(sp.GetRequiredService<StripePaymentProcessor>()));
        return services;
    }
}
