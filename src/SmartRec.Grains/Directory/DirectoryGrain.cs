using Orleans.Concurrency;
using SmartRec.Contracts;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.Organizations;
using SmartRec.Domain.Directory;

namespace SmartRec.Grains.Directory;

/// <summary>
/// Scatters a query over the organization's shards and merges the answers. Stateless, so every silo runs its own
/// local copies and queries do not queue behind one activation.
/// </summary>
[StatelessWorker]
public sealed class DirectoryGrain : Grain, IDirectoryGrain
{
    private string OrganizationId => this.GetPrimaryKeyString();

    public async Task<AccountPage> QueryAccounts(DirectoryFilter filter, string? cursor, int limit)
    {
        var after = DirectoryCursor.Decode(DirectoryTab.Accounts, cursor);
        var criteria = await Resolve(filter);
        var answers = await Task.WhenAll(Shards().Select(s => s.QueryAccounts(criteria, after, limit)));
        var rows = answers.SelectMany(a => a.Rows).OrderBy(r => r.AccountId, StringComparer.Ordinal).Take(limit).ToList();
        var next = answers.Sum(a => a.AfterCursor) > rows.Count && rows.Count > 0
            ? DirectoryCursor.Encode(DirectoryTab.Accounts, new DirectoryKey(rows[^1].AccountId))
            : null;
        return new AccountPage(rows, answers.Sum(a => a.Total), next);
    }

    public async Task<PersonPage> QueryPersons(DirectoryFilter filter, string? cursor, int limit)
    {
        var after = DirectoryCursor.Decode(DirectoryTab.Persons, cursor);
        var criteria = await Resolve(filter);
        var answers = await Task.WhenAll(Shards().Select(s => s.QueryPersons(criteria, after, limit)));
        var rows = answers.SelectMany(a => a.Rows)
            .OrderBy(r => new DirectoryKey(r.AccountId, r.PersonId), DirectoryOrder.Keys)
            .Take(limit)
            .ToList();
        var next = answers.Sum(a => a.AfterCursor) > rows.Count && rows.Count > 0
            ? DirectoryCursor.Encode(DirectoryTab.Persons, new DirectoryKey(rows[^1].AccountId, rows[^1].PersonId))
            : null;
        return new PersonPage(rows, answers.Sum(a => a.Total), next);
    }

    public async Task<AccountPage> QueryAccountsByName(DirectoryFilter filter, string? cursor, int limit)
    {
        var after = DirectoryCursor.DecodeByName(DirectoryTab.Accounts, cursor);
        var criteria = await Resolve(filter);
        var answers = await Task.WhenAll(Shards().Select(s => s.QueryAccountsByName(criteria, after, limit)));
        var rows = answers.SelectMany(a => a.Rows).OrderBy(DirectoryOrder.PositionOf, DirectoryOrder.Names).Take(limit).ToList();
        var next = answers.Sum(a => a.AfterCursor) > rows.Count && rows.Count > 0
            ? DirectoryCursor.EncodeByName(DirectoryTab.Accounts, DirectoryOrder.PositionOf(rows[^1]))
            : null;
        return new AccountPage(rows, answers.Sum(a => a.Total), next);
    }

    public async Task<PersonPage> QueryPersonsByName(DirectoryFilter filter, string? cursor, int limit)
    {
        var after = DirectoryCursor.DecodeByName(DirectoryTab.Persons, cursor);
        var criteria = await Resolve(filter);
        var answers = await Task.WhenAll(Shards().Select(s => s.QueryPersonsByName(criteria, after, limit)));
        var rows = answers.SelectMany(a => a.Rows).OrderBy(DirectoryOrder.PositionOf, DirectoryOrder.Names).Take(limit).ToList();
        var next = answers.Sum(a => a.AfterCursor) > rows.Count && rows.Count > 0
            ? DirectoryCursor.EncodeByName(DirectoryTab.Persons, DirectoryOrder.PositionOf(rows[^1]))
            : null;
        return new PersonPage(rows, answers.Sum(a => a.Total), next);
    }

    public async Task<DirectoryCriteria> Resolve(DirectoryFilter filter)
    {
        var organization = GrainFactory.GetGrain<IOrganizationGrain>(OrganizationId);
        var needsCatalog = filter.ProgramId is not null || filter.ActivityId is not null || filter.AffiliationId is not null;
        return needsCatalog
            ? DirectoryFilters.Resolve(filter, await organization.GetCatalog())
            : new DirectoryCriteria(filter.SavedCard, filter.SavedECheck, null, null, null, filter.Name);
    }

    public async Task<int> Resync()
    {
        if (await GrainFactory.GetGrain<IOrganizationGrain>(OrganizationId).Find() is null)
        {
            throw DomainException.NotFound("Organization");
        }

        var scheduled = await Task.WhenAll(Enumerable.Range(0, DirectorySharding.ShardCount)
            .Select(shard => GrainFactory.GetGrain<IDirectoryResyncGrain>(DirectoryShardKey.For(OrganizationId, shard)).Start()));
        return scheduled.Sum();
    }

    private IEnumerable<IDirectoryShardGrain> Shards() =>
        Enumerable.Range(0, DirectorySharding.ShardCount)
            .Select(shard => GrainFactory.GetGrain<IDirectoryShardGrain>(DirectoryShardKey.For(OrganizationId, shard)));
}
