namespace SmartRec.Domain.Directory;

/// <summary>
/// Which directory shard holds an account. 64 shards keep an organization of 100,000 persons near 1,600 persons
/// (roughly 250 KB) per shard, well under an Azure Table row's ~960 KB (decision 7). The count is part of the data
/// layout: changing it moves accounts between shards and needs a directory resync.
/// </summary>
public static class DirectorySharding
{
    public const int ShardCount = 64;

    public static int ShardOf(string accountId) => (int)(StableHash(accountId) % ShardCount);

    /// <summary>
    /// Which of <paramref name="groups"/> groups a holder's rows fall in, whatever shards their accounts live in: bulk
    /// work that must never run two things for one holder at once keeps each holder's rows in one group.
    /// </summary>
    public static int HolderGroupOf(string holderUserId, int groups) => (int)(StableHash(holderUserId) % (uint)groups);

    /// <summary>FNV-1a over the id's UTF-16 code units: stable across processes, unlike string.GetHashCode.</summary>
    private static uint StableHash(string id)
    {
        const uint offsetBasis = 2166136261;
        const uint prime = 16777619;
        var hash = offsetBasis;
        foreach (var c in id)
        {
            hash = (hash ^ c) * prime;
        }

        return hash;
    }
}
