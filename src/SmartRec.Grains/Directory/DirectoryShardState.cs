using SmartRec.Contracts.Directory;

namespace SmartRec.Grains.Directory;

[GenerateSerializer, Alias("smartrec.DirectoryShardState")]
public sealed class DirectoryShardState
{
    /// <summary>Sorted by account id (ordinal), so pages are read in order without sorting.</summary>
    [Id(0)] public List<DirectoryEntry> Entries { get; set; } = [];
}

/// <summary>
/// One account's row: the account part pushed by the account grain and the holder's authorized methods pushed by the
/// wallet, each with its owner's version. An entry the wallet created before the account's first push has no
/// <see cref="Account"/> yet and is not listed.
/// </summary>
[GenerateSerializer, Alias("smartrec.DirectoryEntry")]
public sealed class DirectoryEntry
{
    [Id(0)] public string AccountId { get; set; } = "";
    [Id(1)] public DirectoryAccount? Account { get; set; }
    [Id(2)] public long AccountVersion { get; set; }
    [Id(3)] public HolderMethods Methods { get; set; }
    [Id(4)] public long MethodsVersion { get; set; }
}
