namespace SmartRec.Contracts.MassCharges;

/// <summary>
/// The one processor budget of the cluster (decision 4), a single activation: requests per second and requests in
/// flight, shared by every silo. Each silo holds a lease it renews in batches, never a call per charge. Its state is
/// memory only: a budget restarted on another silo starts from an empty schedule, and leases are renewed within a
/// second, so the cluster is back under one budget at once.
/// </summary>
[Alias("smartrec.IProcessorBudgetGrain")]
public interface IProcessorBudgetGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Renews <paramref name="holder"/>'s lease: it holds <paramref name="inFlight"/> requests now and wants
    /// <paramref name="wanted"/> more send slots. Answers how many requests it may have in flight from now on and the
    /// send slots granted to it.
    /// </summary>
    [Alias("Lease")]
    Task<BudgetLease> Lease(string holder, int inFlight, int wanted);

    /// <summary>The processor answered 429: every silo slows down for a while, starting after <paramref name="retryAfter"/>.</summary>
    [Alias("Throttle")]
    Task Throttle(TimeSpan retryAfter);
}

/// <summary>
/// <see cref="SlotsIn"/>: send slots as offsets from the grant, in order. Slots are unique across the cluster and no
/// second holds more of them than the rate, so the processor never sees more than the rate. Ids 1 to 3 held evenly
/// spaced slots (a count, the first and the interval) and are not reused, so a silo of either version reads the other's
/// lease as no slots rather than failing during a rolling upgrade.
/// </summary>
[GenerateSerializer, Immutable, Alias("smartrec.BudgetLease")]
public sealed record BudgetLease(
    [property: Id(0)] int InFlightAllowed,
    [property: Id(4)] TimeSpan[]? SlotsIn);
