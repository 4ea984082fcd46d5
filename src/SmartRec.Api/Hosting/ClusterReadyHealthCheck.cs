using Microsoft.Extensions.Diagnostics.HealthChecks;
using SmartRec.Contracts.Organizations;

namespace SmartRec.Api.Hosting;

/// <summary>
/// Ready when a grain can be activated and its state read: that needs the silo in the cluster and grain storage
/// reachable, the two things every request needs.
/// </summary>
public sealed class ClusterReadyHealthCheck(IGrainFactory grains) : IHealthCheck
{
    private const string ProbeKey = "health-probe";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<IOrganizationGrain>(ProbeKey).Find().WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("A grain could not be activated and read.", e);
        }
    }
}
