using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SmartRec.Grains.Batches;

namespace SmartRec.Grains.MassCharges;

public static class MassChargeServices
{
    /// <summary>
    /// Registers what every silo needs to run bulk operations: its share of the cluster's processor budget, and the
    /// filter that lets the per-target grains go once a chunk is done with them.
    /// </summary>
    public static IServiceCollection AddMassCharges(this IServiceCollection services)
    {
        services.TryAddSingleton<ProcessorBudget>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IIncomingGrainCallFilter, BulkReleaseFilter>());

        return services;
    }
}
