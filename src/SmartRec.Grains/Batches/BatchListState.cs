using SmartRec.Contracts.Batches;

namespace SmartRec.Grains.Batches;

[GenerateSerializer, Alias("smartrec.BatchListState")]
public sealed class BatchListState
{
    /// <summary>The page being filled; every page before it is full.</summary>
    [Id(0)] public int CurrentPage { get; set; }
}

[GenerateSerializer, Alias("smartrec.BatchListPageState")]
public sealed class BatchListPageState
{
    [Id(0)] public List<BatchListEntry> Entries { get; set; } = [];
}
