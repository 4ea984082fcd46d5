using SmartRec.Payments;
using SmartRec.Payments.Simulated;
using SmartRec.Payments.Stripe;

namespace SmartRec.Api.Hosting;

/// <summary>
/// Chooses the processor with <c>SmartRec:Processor:Kind</c>: <c>Simulated</c> (the embedded default, in-process) or
/// <c>Stripe</c> (Stripe, or the project's Stripe emulator, shared by every silo: decision 13).
/// </summary>
internal static class ProcessorSetup
{
    public const string KindKey = "SmartRec:Processor:Kind";
    public const string SimulatedSection = "SmartRec:Processor:Simulated";

    public static IServiceCollection AddPaymentProcessor(this IServiceCollection services, IConfiguration configuration)
    {
        var kind = configuration[KindKey] ?? "Simulated";
        if (kind.Equals("Stripe", StringComparison.OrdinalIgnoreCase))
        {
            return services.AddStripePaymentProcessor(
                configuration.GetSection(StripeProcessorOptions.Section).Get<StripeProcessorOptions>() ?? new StripeProcessorOptions());
        }

        if (kind.Equals("Simulated", StringComparison.OrdinalIgnoreCase))
        {
            return services.AddSimulatedPaymentProcessor(
                configuration.GetSection(SimulatedSection).Get<SimulatedProcessorOptions>() ?? new SimulatedProcessorOptions());
        }

        throw new InvalidOperationException($"{KindKey} is '{kind}'; it must be Simulated or Stripe.");
    }
}
