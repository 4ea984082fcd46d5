using SmartRec.Contracts.Directory;
using SmartRec.Contracts.MassInvoices;

namespace SmartRec.Grains.MassInvoices;

/// <summary>A batch's row stays small: the request, its chunks and their counts, never the targets (decision 7).</summary>
[GenerateSerializer, Alias("smartrec.MassInvoiceState")]
public sealed class MassInvoiceState
{
    [Id(0)] public MassInvoiceRequest? Request { get; set; }
    [Id(1)] public DirectoryCriteria? Criteria { get; set; }
    [Id(2)] public MassInvoiceStatus Status { get; set; }
    [Id(3)] public List<int> Chunks { get; set; } = [];
    [Id(4)] public DateTimeOffset AcceptedAt { get; set; }
    [Id(5)] public DateTimeOffset? CompletedAt { get; set; }
    /// <summary>Whether the organization's batch list holds it; a launch that failed to list it lists it on the next read.</summary>
    [Id(6)] public bool Listed { get; set; }
    /// <summary>Each chunk's counts as last read: progress is answered from these while a chunk cannot be reached.</summary>
    [Id(7)] public Dictionary<int, MassInvoiceChunkProgress> ChunkCounts { get; set; } = [];
}

/// <summary>One shard's targets: at 100,000 persons about 1,600 per chunk, a row of some 100 KB.</summary>
[GenerateSerializer, Alias("smartrec.MassInvoiceChunkState")]
public sealed class MassInvoiceChunkState
{
    [Id(0)] public MassInvoiceChunkSpec? Spec { get; set; }
    [Id(1)] public List<ChunkTarget> Targets { get; set; } = [];
    [Id(2)] public bool Completed { get; set; }
}

[GenerateSerializer, Alias("smartrec.ChunkTarget")]
public sealed class ChunkTarget
{
    [Id(0)] public string AccountId { get; set; } = "";
    [Id(1)] public string? PersonId { get; set; }
    [Id(2)] public TargetOutcome Outcome { get; set; }
    [Id(3)] public string? Code { get; set; }
    [Id(4)] public int Attempts { get; set; }
    /// <summary>When the target's invoice call first failed with something other than a refusal: it fails once that is a retry window ago.</summary>
    [Id(5)] public DateTimeOffset? RetryingSince { get; set; }
}
