namespace SmartRec.Contracts.Directory;

/// <summary>
/// An organization's client directory (R4), keyed by organization id: a stateless coordinator that validates the
/// filter against the catalog, scatters it over the organization's shards and merges their answers in key order.
/// It is a projection that selects; the account and wallet grains stay the owners (decision 2).
/// </summary>
[Alias("smartrec.IDirectoryGrain")]
public interface IDirectoryGrain : IGrainWithStringKey
{
    /// <summary>A page of the Accounts tab after <paramref name="cursor"/>; a limit of 0 answers the count alone.</summary>
    [Alias("QueryAccounts")]
    Task<AccountPage> QueryAccounts(DirectoryFilter filter, string? cursor, int limit);

    /// <summary>A page of the Persons tab after <paramref name="cursor"/>; a limit of 0 answers the count alone.</summary>
    [Alias("QueryPersons")]
    Task<PersonPage> QueryPersons(DirectoryFilter filter, string? cursor, int limit);

    /// <summary>A page of the Accounts tab in name order (display name, then id) after <paramref name="cursor"/>.</summary>
    [Alias("QueryAccountsByName")]
    Task<AccountPage> QueryAccountsByName(DirectoryFilter filter, string? cursor, int limit);

    /// <summary>A page of the Persons tab in name order (last name, first name, then ids) after <paramref name="cursor"/>.</summary>
    [Alias("QueryPersonsByName")]
    Task<PersonPage> QueryPersonsByName(DirectoryFilter filter, string? cursor, int limit);

    /// <summary>Checks a filter's ids against the catalog and resolves its program to activities.</summary>
    [Alias("Resolve")]
    Task<DirectoryCriteria> Resolve(DirectoryFilter filter);

    /// <summary>
    /// Rebuilds every entry the directory knows from its owners (account and holder wallet), healing lost pushes. The
    /// work runs in the background, per shard; the answer is how many accounts were scheduled for re-publishing.
    /// </summary>
    [Alias("Resync")]
    Task<int> Resync();
}

/// <summary>
/// One shard of an organization's directory, keyed "{organizationId}/{shard}" (see <see cref="DirectoryShardKey"/>):
/// the entries of the accounts whose id hashes to it. Pushes carry the owner's version and are applied only when not
/// older than what the shard holds, so repeated or reordered pushes converge.
/// </summary>
[Alias("smartrec.IDirectoryShardGrain")]
public interface IDirectoryShardGrain : IGrainWithStringKey
{
    [Alias("ApplyAccount")]
    Task ApplyAccount(DirectoryAccount account, long version);

    [Alias("ApplyHolderMethods")]
    Task ApplyHolderMethods(string accountId, string holderUserId, HolderMethods methods, long version);

    [Alias("QueryAccounts")]
    Task<ShardAccountRows> QueryAccounts(DirectoryCriteria criteria, DirectoryKey? after, int limit);

    [Alias("QueryPersons")]
    Task<ShardPersonRows> QueryPersons(DirectoryCriteria criteria, DirectoryKey? after, int limit);

    [Alias("QueryAccountsByName")]
    Task<ShardAccountRows> QueryAccountsByName(DirectoryCriteria criteria, DirectoryNamePosition? after, int limit);

    [Alias("QueryPersonsByName")]
    Task<ShardPersonRows> QueryPersonsByName(DirectoryCriteria criteria, DirectoryNamePosition? after, int limit);

    /// <summary>Every row of <paramref name="tab"/> that matches, in key order: the targets of a bulk operation.</summary>
    [Alias("Select")]
    Task<IReadOnlyList<DirectoryKey>> Select(DirectoryTab tab, DirectoryCriteria criteria);

    /// <summary>The subset of <paramref name="keys"/> this shard knows, for a selection given as explicit ids.</summary>
    [Alias("Lookup")]
    Task<IReadOnlyList<DirectoryKey>> Lookup(DirectoryTab tab, IReadOnlyList<DirectoryKey> keys);

    /// <summary>
    /// The holder user the shard's entries name for these accounts (absent when unknown): a bulk charge asks that user's
    /// wallet, which confirms it holds the account before anything is charged (decision 2).
    /// </summary>
    [Alias("HoldersOf")]
    Task<IReadOnlyDictionary<string, string>> HoldersOf(IReadOnlyList<string> accountIds);

    /// <summary>
    /// The rows of a bulk selection (a filter, or explicit <paramref name="ids"/>) whose holder falls in holder group
    /// <paramref name="group"/> of <paramref name="groups"/>, each with its holder, and the listed ids this shard does
    /// not know. A mass charge's chunk gathers its targets so from every shard: all of a holder's rows land in one
    /// chunk, which charges one holder once at a time (decision 5).
    /// </summary>
    [Alias("SelectHeld")]
    Task<HeldSelection> SelectHeld(DirectoryTab tab, DirectoryCriteria? criteria, IReadOnlyList<DirectoryKey>? ids, int group, int groups);

    /// <summary>Every account id the shard holds an entry for, also one only the holder's wallet has pushed so far.</summary>
    [Alias("ListAccountIds")]
    Task<IReadOnlyList<string>> ListAccountIds();
}

/// <summary>
/// Re-publishes the accounts of one directory shard from their owners, in the background; keyed like the shard
/// ("{organizationId}/{shard}").
/// </summary>
[Alias("smartrec.IDirectoryResyncGrain")]
public interface IDirectoryResyncGrain : IGrainWithStringKey
{
    /// <summary>Schedules every account the shard knows for re-publishing and answers how many, without waiting for them.</summary>
    [Alias("Start")]
    Task<int> Start();
}

public static class DirectoryShardKey
{
    public static string For(string organizationId, int shard) => $"{organizationId}/{shard}";

    public static string OrganizationOf(string key)
    {
        var slash = key.LastIndexOf('/');
        return slash <= 0 ? throw new ArgumentException($"Not a directory shard key: '{key}'.", nameof(key)) : key[..slash];
    }
}
