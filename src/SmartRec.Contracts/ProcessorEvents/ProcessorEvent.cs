using SmartRec.Contracts.Wallets;

namespace SmartRec.Contracts.ProcessorEvents;

/// <summary>What a processor's event (a Stripe webhook) tells the engine, in the engine's words.</summary>
public enum ProcessorEventKind
{
    /// <summary>Nothing the engine keeps changed (a setup confirmed, an event type it does not follow).</summary>
    Ignored = 0,
    /// <summary>A charge moved: processing, succeeded or failed. Its payment asks the processor for its current state.</summary>
    PaymentChanged = 1,
    /// <summary>Money was refunded on a charge.</summary>
    PaymentRefunded = 2,
    /// <summary>The customer's bank disputed a charge that had succeeded: the money is taken back.</summary>
    PaymentDisputed = 3,
    /// <summary>The card network gave a saved card a new expiry.</summary>
    MethodUpdated = 4,
    /// <summary>A saved method was detached at the processor.</summary>
    MethodDetached = 5,
}

/// <param name="EventId">The processor's event id: each is applied once, however often it is delivered.</param>
/// <param name="PaymentReference">The engine's payment ("{organizationId}/{paymentId}") for payment events, when the charge carries one.</param>
/// <param name="WalletReference">The wallet (user id) owning the method, for method events.</param>
[GenerateSerializer, Immutable, Alias("smartrec.ProcessorEvent")]
public sealed record ProcessorEvent(
    [property: Id(0)] string EventId,
    [property: Id(1)] ProcessorEventKind Kind,
    [property: Id(2)] string? PaymentReference = null,
    [property: Id(3)] string? ProcessorMethodId = null,
    [property: Id(4)] string? WalletReference = null,
    [property: Id(5)] CardExpiry? Expiry = null)
{
    /// <summary>
    /// True when applying the event could change nothing the engine keeps: a type it does not follow, a charge with no
    /// payment of ours behind it (a mass charge's receipt is written by its chunk, not by events), a method event that
    /// names no wallet. Such an event needs no record that it was applied, since applying it again changes nothing too.
    /// </summary>
    public bool ChangesNothing => Kind switch
    {
        ProcessorEventKind.PaymentChanged or ProcessorEventKind.PaymentRefunded or ProcessorEventKind.PaymentDisputed =>
            PaymentReference is not { } reference || !OrgScopedKey.IsScoped(reference),
        ProcessorEventKind.MethodUpdated => WalletReference is null || ProcessorMethodId is null || Expiry is null,
        ProcessorEventKind.MethodDetached => WalletReference is null || ProcessorMethodId is null,
        _ => true,
    };
}

/// <summary>
/// One processor event, keyed by the processor's event id. Processors deliver at least once, sometimes twice, in any
/// order: the first delivery applies the event, later ones change nothing. Every effect is itself idempotent and
/// reads the processor's current state, so the order of events never moves a payment backwards.
/// </summary>
[Alias("smartrec.IProcessorEventGrain")]
public interface IProcessorEventGrain : IGrainWithStringKey
{
    /// <summary>Applies the event once; true the first time, false for a repeated delivery.</summary>
    [Alias("Apply")]
    Task<bool> Apply(ProcessorEvent processorEvent);
}
