using Orleans.Configuration;
using SmartRec.Grains.Billing;
using SmartRec.Grains.MassCharges;
using SmartRec.Grains.MassInvoices;

namespace SmartRec.Api.Hosting;

public static class BillingSetup
{
    /// <summary>
    /// Binds "SmartRec:Billing" and lets the reminder period go below Orleans' one-minute minimum when configured so
    /// (tests, demos); production keeps the default.
    /// </summary>
    public static IServiceCollection AddSmartRecBilling(this IServiceCollection services, IConfiguration configuration)
    {
        var billing = configuration.GetSection(BillingOptions.Section).Get<BillingOptions>() ?? new BillingOptions();
        services.Configure<BillingOptions>(configuration.GetSection(BillingOptions.Section));
        services.Configure<ReminderOptions>(options =>
        {
            if (billing.ReminderPeriod < options.MinimumReminderPeriod)
            {
                options.MinimumReminderPeriod = billing.ReminderPeriod;
            }
        });
        return services;
    }

    /// <summary>Binds "SmartRec:MassCharge" (the cluster's processor budget and each chunk's window), "SmartRec:MassInvoice" and each silo's share of the budget.</summary>
    public static IServiceCollection AddSmartRecMassCharges(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MassChargeOptions>(configuration.GetSection(MassChargeOptions.Section));
        services.Configure<MassInvoiceOptions>(configuration.GetSection(MassInvoiceOptions.Section));
        return services.AddMassCharges();
    }
}
