using Microsoft.Extensions.Logging;
using SmartRec.Contracts.Directory;
using SmartRec.Domain.Directory;

namespace SmartRec.Grains.Directory;

/// <summary>
/// Holds one shard of an organization's directory. Every call is a short synchronous turn over memory. Pushes are
/// written behind, at most once per <see cref="FlushPeriod"/> and on deactivation: the shard is a projection, so a push
/// lost to a crash is what the versioned resync path exists for, and seeding 40,000 accounts does not rewrite a
/// 250 KB row for every enrollment.
/// </summary>
public sealed class DirectoryShardGrain(
    [PersistentState("directory", StorageNames.Directory)] IPersistentState<DirectoryShardState> state,
    ILogger<DirectoryShardGrain> logger)
    : Grain, IDirectoryShardGrain
{
    private static readonly TimeSpan FlushPeriod = TimeSpan.FromSeconds(1);

    private bool _dirty;

    private List<DirectoryEntry> Entries => state.State.Entries;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(Flush, new GrainTimerCreationOptions(FlushPeriod, FlushPeriod) { Interleave = false, KeepAlive = false });
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Flush(cancellationToken);

    public Task ApplyAccount(DirectoryAccount account, long version)
    {
        var entry = Upsert(account.AccountId);
        // An equal version carries the same content, so re-applying it (a resync, a retried push) is harmless.
        if (version >= entry.AccountVersion)
        {
            // Kept in the merge order (ordinal person id) so pages read persons without sorting.
            entry.Account = account with { Persons = [.. account.Persons.OrderBy(p => p.PersonId, StringComparer.Ordinal)] };
            entry.AccountVersion = version;
            _dirty = true;
        }

        return Task.CompletedTask;
    }

    public Task ApplyHolderMethods(string accountId, string holderUserId, HolderMethods methods, long version)
    {
        var entry = Upsert(accountId);
        if (entry.Account is { } account && account.HolderUserId != holderUserId)
        {
            logger.LogWarning("Ignored methods pushed for account {AccountId} by a wallet that does not hold it", accountId);
            return Task.CompletedTask;
        }

        if (version >= entry.MethodsVersion)
        {
            entry.Methods = methods;
            entry.MethodsVersion = version;
            _dirty = true;
        }

        return Task.CompletedTask;
    }

    public Task<ShardAccountRows> QueryAccounts(DirectoryCriteria criteria, DirectoryKey? after, int limit)
    {
        var rows = new List<AccountRow>(Math.Min(limit, 64));
        int total = 0, afterCursor = 0;
        foreach (var entry in Entries)
        {
            if (entry.Account is not { } account || !DirectoryFilters.MatchesAccount(criteria, entry.Methods, account.DisplayName, account.Persons))
            {
                continue;
            }

            total++;
            if (!DirectoryOrder.IsAfter(new DirectoryKey(account.AccountId), after))
            {
                continue;
            }

            afterCursor++;
            if (rows.Count < limit)
            {
                rows.Add(new AccountRow(account.AccountId, account.HolderUserId, account.DisplayName, account.Persons.Count, entry.Methods.HasCard, entry.Methods.HasECheck));
            }
        }

        return Task.FromResult(new ShardAccountRows(rows, total, afterCursor));
    }

    public Task<ShardPersonRows> QueryPersons(DirectoryCriteria criteria, DirectoryKey? after, int limit)
    {
        var rows = new List<PersonRow>(Math.Min(limit, 64));
        int total = 0, afterCursor = 0;
        foreach (var (entry, person) in MatchingPersons(criteria))
        {
            total++;
            if (!DirectoryOrder.IsAfter(new DirectoryKey(entry.AccountId, person.PersonId), after))
            {
                continue;
            }

            afterCursor++;
            if (rows.Count < limit)
            {
                rows.Add(new PersonRow(entry.AccountId, person.PersonId, person.FirstName, person.LastName, person.ActivityIds, person.AffiliationIds,
                    entry.Methods.HasCard, entry.Methods.HasECheck));
            }
        }

        return Task.FromResult(new ShardPersonRows(rows, total, afterCursor));
    }

    /// <summary>Name order is not the shard's storage order, so every match is ranked; a shard holds a bounded share of an organization.</summary>
    public Task<ShardAccountRows> QueryAccountsByName(DirectoryCriteria criteria, DirectoryNamePosition? after, int limit)
    {
        var matches = Entries
            .Where(e => e.Account is { } a && DirectoryFilters.MatchesAccount(criteria, e.Methods, a.DisplayName, a.Persons))
            .Select(e => new AccountRow(e.AccountId, e.Account!.HolderUserId, e.Account.DisplayName, e.Account.Persons.Count, e.Methods.HasCard, e.Methods.HasECheck))
            .ToList();
        var following = matches.Where(r => after is null || DirectoryOrder.CompareNames(DirectoryOrder.PositionOf(r), after) > 0).ToList();
        IReadOnlyList<AccountRow> page = [.. following.OrderBy(DirectoryOrder.PositionOf, DirectoryOrder.Names).Take(limit)];
        return Task.FromResult(new ShardAccountRows(page, matches.Count, following.Count));
    }

    public Task<ShardPersonRows> QueryPersonsByName(DirectoryCriteria criteria, DirectoryNamePosition? after, int limit)
    {
        var matches = MatchingPersons(criteria)
            .Select(m => new PersonRow(m.Entry.AccountId, m.Person.PersonId, m.Person.FirstName, m.Person.LastName, m.Person.ActivityIds,
                m.Person.AffiliationIds, m.Entry.Methods.HasCard, m.Entry.Methods.HasECheck))
            .ToList();
        var following = matches.Where(r => after is null || DirectoryOrder.CompareNames(DirectoryOrder.PositionOf(r), after) > 0).ToList();
        IReadOnlyList<PersonRow> page = [.. following.OrderBy(DirectoryOrder.PositionOf, DirectoryOrder.Names).Take(limit)];
        return Task.FromResult(new ShardPersonRows(page, matches.Count, following.Count));
    }

    public Task<IReadOnlyList<DirectoryKey>> Select(DirectoryTab tab, DirectoryCriteria criteria) =>
        Task.FromResult<IReadOnlyList<DirectoryKey>>([.. Matching(tab, criteria, _ => true).Select(m => m.Key)]);

    /// <summary>The rows a selection names, in the shard's order, among the accounts <paramref name="among"/> keeps.</summary>
    private IEnumerable<(DirectoryEntry Entry, DirectoryKey Key)> Matching(DirectoryTab tab, DirectoryCriteria criteria, Func<DirectoryAccount, bool> among) =>
        tab == DirectoryTab.Accounts
            ? Entries.Where(e => e.Account is { } a && among(a) && DirectoryFilters.MatchesAccount(criteria, e.Methods, a.DisplayName, a.Persons))
                .Select(e => (e, new DirectoryKey(e.AccountId)))
            : MatchingPersons(criteria, among).Select(m => (m.Entry, new DirectoryKey(m.Entry.AccountId, m.Person.PersonId)));

    public Task<IReadOnlyList<DirectoryKey>> Lookup(DirectoryTab tab, IReadOnlyList<DirectoryKey> keys)
    {
        IReadOnlyList<DirectoryKey> known = [.. keys.Where(key =>
            Find(key.AccountId)?.Account is { } account
            && (tab == DirectoryTab.Accounts || account.Persons.Any(p => p.PersonId == key.PersonId)))];
        return Task.FromResult(known);
    }

    public Task<IReadOnlyDictionary<string, string>> HoldersOf(IReadOnlyList<string> accountIds)
    {
        var holders = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var accountId in accountIds)
        {
            if (Find(accountId)?.Account is { } account)
            {
                holders[accountId] = account.HolderUserId;
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, string>>(holders);
    }

    public async Task<HeldSelection> SelectHeld(DirectoryTab tab, DirectoryCriteria? criteria, IReadOnlyList<DirectoryKey>? ids, int group, int groups)
    {
        bool InGroup(DirectoryAccount account) => DirectorySharding.HolderGroupOf(account.HolderUserId, groups) == group;
        if (ids is null)
        {
            // Every chunk of a batch asks every shard, so the holder group is checked first and the filter only for its rows.
            return new HeldSelection([.. Matching(tab, criteria!, InGroup).Select(m => new HeldTarget(m.Key, m.Entry.Account!.HolderUserId))], []);
        }

        var keys = await Lookup(tab, ids);
        var targets = new List<HeldTarget>();
        foreach (var key in keys)
        {
            if (Find(key.AccountId)?.Account is { } account && InGroup(account))
            {
                targets.Add(new HeldTarget(key, account.HolderUserId));
            }
        }

        var known = keys.ToHashSet();
        return new HeldSelection(targets, [.. ids.Where(k => !known.Contains(k))]);
    }

    public Task<IReadOnlyList<string>> ListAccountIds() =>
        Task.FromResult<IReadOnlyList<string>>([.. Entries.Select(e => e.AccountId)]);

    private IEnumerable<(DirectoryEntry Entry, DirectoryPerson Person)> MatchingPersons(DirectoryCriteria criteria, Func<DirectoryAccount, bool>? among = null)
    {
        foreach (var entry in Entries)
        {
            if (entry.Account is not { } account || (among is not null && !among(account)) || !DirectoryFilters.MatchesHolder(criteria, entry.Methods))
            {
                continue;
            }

            foreach (var person in account.Persons)
            {
                if (DirectoryFilters.MatchesPersonRow(criteria, person))
                {
                    yield return (entry, person);
                }
            }
        }
    }

    private DirectoryEntry? Find(string accountId)
    {
        var index = IndexOf(accountId);
        return index >= 0 ? Entries[index] : null;
    }

    private DirectoryEntry Upsert(string accountId)
    {
        var index = IndexOf(accountId);
        if (index >= 0)
        {
            return Entries[index];
        }

        var entry = new DirectoryEntry { AccountId = accountId };
        Entries.Insert(~index, entry);
        return entry;
    }

    private int IndexOf(string accountId)
    {
        int low = 0, high = Entries.Count - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            var order = string.CompareOrdinal(Entries[middle].AccountId, accountId);
            if (order == 0)
            {
                return middle;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return ~low;
    }

    private async Task Flush(CancellationToken cancellationToken)
    {
        if (!_dirty)
        {
            return;
        }

        _dirty = false;
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch (Exception e)
        {
            _dirty = true;
            logger.LogWarning(e, "Could not write directory shard {ShardKey}; will retry", this.GetPrimaryKeyString());
        }
    }
}
