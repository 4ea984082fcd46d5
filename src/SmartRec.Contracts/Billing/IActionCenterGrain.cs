namespace SmartRec.Contracts.Billing;

/// <summary>
/// An organization's Action Center, keyed by organization id: payments and plans that need a person. This issue
/// records the items; a later one builds the screens and actions.
/// </summary>
[Alias("smartrec.IActionCenterGrain")]
public interface IActionCenterGrain : IGrainWithStringKey
{
    /// <summary>Records an item; the same item id again replaces it (a retry that declined again updates its item).</summary>
    [Alias("Record")]
    Task Record(ActionItem item);

    [Alias("List")]
    Task<IReadOnlyList<ActionItem>> List();
}

public enum ActionItemKind
{
    PaymentDeclined = 0,
    /// <summary>A plan without a saved method (R7) needs someone to collect one.</summary>
    PlanNeedsMethod = 1,
    /// <summary>A payment that had succeeded was disputed by the customer's bank; its invoices owe again.</summary>
    PaymentDisputed = 2,
}

[GenerateSerializer, Immutable, Alias("smartrec.ActionItem")]
public sealed record ActionItem(
    [property: Id(0)] string Id,
    [property: Id(1)] ActionItemKind Kind,
    [property: Id(2)] string AccountId,
    [property: Id(3)] string Message,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] string? PaymentId = null,
    [property: Id(6)] string? PlanId = null,
    [property: Id(7)] string? DeclineCode = null,
    [property: Id(8)] bool WillRetry = false);
