using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartRec.Contracts.MassCharges;

namespace SmartRec.Grains.MassCharges;

/// <summary>
/// The cluster's one processor budget (decision 4). Memory only, on purpose: it describes the next fraction of a
/// second, which a restart loses nothing by forgetting. Measured on the real clock, never the engine's TimeProvider:
/// the processor counts real seconds.
/// </summary>
public sealed class ProcessorBudgetGrain(IOptions<MassChargeOptions> options, ILogger<ProcessorBudgetGrain> logger) : Grain, IProcessorBudgetGrain
{
    private readonly BudgetSchedule _schedule = new(options.Value);
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public Task<BudgetLease> Lease(string holder, int inFlight, int wanted)
    {
        var (allowed, slots) = _schedule.Lease(holder, inFlight, wanted, _clock.Elapsed);
        return Task.FromResult(new BudgetLease(allowed, slots));
    }

    public Task Throttle(TimeSpan retryAfter)
    {
        logger.LogWarning("The processor asked to slow down; the cluster pauses {RetryAfterMs} ms, then runs at half rate", retryAfter.TotalMilliseconds);
        _schedule.Throttle(retryAfter, _clock.Elapsed);
        return Task.CompletedTask;
    }
}
