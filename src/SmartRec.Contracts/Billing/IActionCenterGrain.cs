namespace SmartRec.Contracts.Billing;

/// <summary>
/// An organization's Action Center, keyed by organization id: payments and plans that need a person. Items are spread
/// over shard grains (decision 15), so an organization's list is never cut to fit one storage row; this grain routes
/// and merges, and acts on an item (a retry with the same or another authorized method, a dismissal with a note).
/// </summary>
[Alias("smartrec.IActionCenterGrain")]
public interface IActionCenterGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records an item; the same item id again updates it and counts one more attempt (a retry that declined again).
    /// An item someone dismissed stays dismissed.
    /// </summary>
    [Alias("Record")]
    Task Record(ActionItem item);

    /// <summary>Marks an item resolved because its payment or plan has since succeeded; an unknown item changes nothing.</summary>
    [Alias("Resolve")]
    Task Resolve(string itemId, string? resolvedByPaymentId);

    [Alias("Find")]
    Task<ActionItemView?> Find(string itemId);

    /// <summary>Newest first, filtered by kind and state, a page at a time, with the filter's total and counts per state.</summary>
    [Alias("Page")]
    Task<ActionCenterPage> Page(ActionCenterQuery query);

    /// <summary>Closes an item without acting on it; the note says why. Dismissing again keeps the first note.</summary>
    [Alias("Dismiss")]
    Task<ActionItemView> Dismiss(string itemId, string note);

    /// <summary>
    /// Charges a declined payment's amount again, as a new payment <paramref name="retryPaymentId"/>, with the same
    /// method or <paramref name="methodId"/>, another the customer authorized for this organization (R3). Success
    /// resolves the item; another decline keeps it open with one more attempt. The same retry id again replays.
    /// </summary>
    [Alias("Retry")]
    Task<ActionItemView> Retry(string itemId, string retryPaymentId, string? methodId);
}

/// <summary>A shard of an organization's Action Center, keyed "{organizationId}/{shard}". Only the Action Center calls it.</summary>
[Alias("smartrec.IActionCenterShardGrain")]
public interface IActionCenterShardGrain : IGrainWithStringKey
{
    [Alias("Record")]
    Task Record(ActionItem item, string? holderName);

    [Alias("Resolve")]
    Task<ActionItemView?> Resolve(string itemId, string? resolvedByPaymentId);

    [Alias("Dismiss")]
    Task<ActionItemView?> Dismiss(string itemId, string note);

    [Alias("Find")]
    Task<ActionItemView?> Find(string itemId);

    [Alias("Page")]
    Task<ActionCenterPage> Page(ActionCenterQuery query);
}

public enum ActionItemKind
{
    PaymentDeclined = 0,
    /// <summary>A plan without a saved method (R7) needs someone to collect one.</summary>
    PlanNeedsMethod = 1,
    /// <summary>A payment that had succeeded was disputed by the customer's bank; its invoices owe again.</summary>
    PaymentDisputed = 2,
    /// <summary>A bank debit (e-check) failed at settlement (R13).</summary>
    EcheckFailed = 3,
    InstallmentDeclined = 4,
    SubscriptionPeriodDeclined = 5,
    MassChargeDeclined = 6,
}

public enum ActionItemState
{
    Open = 0,
    /// <summary>Its payment or plan has since succeeded.</summary>
    Resolved = 1,
    /// <summary>Closed by a person, with a note.</summary>
    Dismissed = 2,
}

/// <param name="WillRetry">The engine charges it again by itself (a soft decline of a plan or subscription).</param>
/// <param name="Amount">What is owed because of it, when there is an amount.</param>
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
    [property: Id(8)] bool WillRetry = false,
    [property: Id(9)] Money? Amount = null,
    [property: Id(10)] string? PersonId = null,
    [property: Id(11)] string? SubscriptionId = null);

/// <param name="HolderName">The family's name, as its account shows it.</param>
/// <param name="Attempts">How many times the engine recorded this item: each decline of the same thing counts.</param>
[GenerateSerializer, Immutable, Alias("smartrec.ActionItemView")]
public sealed record ActionItemView(
    [property: Id(0)] ActionItem Item,
    [property: Id(1)] ActionItemState State,
    [property: Id(2)] int Attempts,
    [property: Id(3)] string? HolderName,
    [property: Id(4)] DateTimeOffset FirstRecordedAt,
    [property: Id(5)] DateTimeOffset UpdatedAt,
    [property: Id(6)] string? Note,
    [property: Id(7)] string? ResolvedByPaymentId);

[GenerateSerializer, Immutable, Alias("smartrec.ActionCenterQuery")]
public sealed record ActionCenterQuery(
    [property: Id(0)] ActionItemKind? Kind = null,
    [property: Id(1)] ActionItemState? State = null,
    [property: Id(2)] string? Cursor = null,
    [property: Id(3)] int Limit = 50);

[GenerateSerializer, Immutable, Alias("smartrec.ActionCenterCounts")]
public sealed record ActionCenterCounts(
    [property: Id(0)] int Open,
    [property: Id(1)] int Resolved,
    [property: Id(2)] int Dismissed);

/// <param name="Total">Items matching the kind and state filter, on every page.</param>
/// <param name="Counts">Items per state, for the kind filter alone.</param>
[GenerateSerializer, Immutable, Alias("smartrec.ActionCenterPage")]
public sealed record ActionCenterPage(
    [property: Id(0)] IReadOnlyList<ActionItemView> Items,
    [property: Id(1)] string? NextCursor,
    [property: Id(2)] int Total,
    [property: Id(3)] ActionCenterCounts Counts);
