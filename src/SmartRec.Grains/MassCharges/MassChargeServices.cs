using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SmartRec.Grains.MassCharges;

public static class MassChargeServices
{
    /// <summary>Registers what every silo needs to run mass charges: its share of the cluster's processor budget.</summary>
    public static IServiceCollection AddMassCharges(this IServiceCollection services)
    {
        services.TryAddSingleton<ProcessorBudget>();
        return services;
    }
}
