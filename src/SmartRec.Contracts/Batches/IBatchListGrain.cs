namespace SmartRec.Contracts.Batches;

public enum BatchKind
{
    MassInvoice = 0,
    MassCharge = 1,
}

/// <summary>
/// An organization's batches of one kind, keyed "{organizationId}/{kind}": only the number of the page being filled.
/// The batches themselves are in <see cref="IBatchListPageGrain"/>s of a bounded size, so the list grows page by page
/// and is never one unbounded row (decisions 7, 15). Listed newest first.
/// </summary>
[Alias("smartrec.IBatchListGrain")]
public interface IBatchListGrain : IGrainWithStringKey
{
    /// <summary>Lists a batch; listing one already on the page being filled changes nothing.</summary>
    [Alias("Add")]
    Task Add(BatchListEntry entry);

    /// <summary>Batches newest first, a page after <paramref name="cursor"/>.</summary>
    [Alias("List")]
    Task<BatchListPage> List(string? cursor, int limit);
}

/// <summary>One page of a batch list, keyed "{organizationId}/{kind}/{page}", in the order batches were listed.</summary>
[Alias("smartrec.IBatchListPageGrain")]
public interface IBatchListPageGrain : IGrainWithStringKey
{
    /// <summary>Appends the entry unless it is there already; answers how many entries the page holds.</summary>
    [Alias("Add")]
    Task<int> Add(BatchListEntry entry);

    [Alias("Get")]
    Task<IReadOnlyList<BatchListEntry>> Get();
}

[GenerateSerializer, Immutable, Alias("smartrec.BatchListEntry")]
public sealed record BatchListEntry(
    [property: Id(0)] string BatchId,
    [property: Id(1)] DateTimeOffset AcceptedAt);

[GenerateSerializer, Immutable, Alias("smartrec.BatchListPage")]
public sealed record BatchListPage(
    [property: Id(0)] IReadOnlyList<BatchListEntry> Items,
    [property: Id(1)] string? NextCursor,
    [property: Id(2)] int Total = 0);

public static class BatchListKey
{
    public static string For(string organizationId, BatchKind kind) => OrgScopedKey.For(organizationId, kind.ToString());

    public static string Page(string organizationId, BatchKind kind, int page) => $"{For(organizationId, kind)}/{page}";
}
