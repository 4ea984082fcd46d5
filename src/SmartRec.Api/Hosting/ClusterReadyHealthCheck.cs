using Microsoft.Extensions.Diagnostics.HealthChecks;
using SmartRec.Contracts.Organizations;

namespace SmartRec.Api.Hosting;

/// <summary>
/// Ready when a grain can be activated and its state read: that needs the silo in the cluster and grain storage
/// reachable, the two things every request needs. Reports how many silos are active, so scripts can wait for a
/// whole cluster to form, and when not ready, which of the two failed and how, so an operator knows where to look.
/// </summary>
public sealed class ClusterReadyHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public const string ActiveSilosKey = "activeSilos";
    private const string ProbeKey = "health-probe";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var step = "a grain could not be activated and read (silos or grain storage)";
        try
        {
            await grains.GetGrain<IOrganizationGrain>(ProbeKey).Find().WaitAsync(Timeout, cancellationToken);
            step = "cluster membership could not be read";
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy(data: new Dictionary<string, object> { [ActiveSilosKey] = hosts.Count });
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{step} ({e.GetType().Name}: {e.Message})", e);
        }
    }
}
