using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SmartRec.Payments.Simulated;
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
}
