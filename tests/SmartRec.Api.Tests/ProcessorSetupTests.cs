using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SmartRec.Api.Hosting;
using SmartRec.Payments;
using SmartRec.Payments.Simulated;
using SmartRec.Payments.Stripe;
using SmartRec.Payments.Telemetry;

namespace SmartRec.Api.Tests;

/// <summary>One setting chooses the processor (decision 13); both are measured by the same wrapper.</summary>
public sealed class ProcessorSetupTests
{
    [Fact]
    public void Without_a_kind_the_embedded_default_is_the_simulator()
    {
        using var services = Build([]);

        Assert.IsType<InstrumentedPaymentProcessor>(services.GetRequiredService<IPaymentProcessor>());
        Assert.NotNull(services.GetService<SimulatedPaymentProcessor>());
        Assert.Null(services.GetService<StripePaymentProcessor>());
    }

    [Fact]
    public void Kind_Stripe_uses_the_Stripe_processor_with_the_configured_key_and_base()
    {
        using var services = Build(new()
        {
            [ProcessorSetup.KindKey] = "Stripe",
            [$"{StripeProcessorOptions.Section}:ApiKey"] = "sk_test_setup",
            [$"{StripeProcessorOptions.Section}:ApiBase"] = "http://127.0.0.1:12111",
            [$"{StripeProcessorOptions.Section}:WebhookSecret"] = "whsec_setup",
        });

        Assert.IsType<InstrumentedPaymentProcessor>(services.GetRequiredService<IPaymentProcessor>());
        Assert.NotNull(services.GetService<StripePaymentProcessor>());
        Assert.Null(services.GetService<SimulatedPaymentProcessor>());
        var options = services.GetRequiredService<StripeProcessorOptions>();
        Assert.Equal(("http://127.0.0.1:12111", "whsec_setup"), (options.ApiBase, options.WebhookSecret));
    }

    [Fact]
    public void Kind_Stripe_without_a_key_refuses_to_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new() { [ProcessorSetup.KindKey] = "Stripe" }));
        Assert.Contains("ApiKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_kind_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => Build(new() { [ProcessorSetup.KindKey] = "Paypal" }));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddPaymentProcessor(configuration);
        return services.BuildServiceProvider();
    }
}
