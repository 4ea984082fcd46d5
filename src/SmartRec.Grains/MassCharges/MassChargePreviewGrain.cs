using Orleans.Concurrency;
using SmartRec.Contracts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.MassCharges;
using SmartRec.Contracts.Organizations;
using SmartRec.Contracts.Wallets;
using SmartRec.Domain.Directory;
using SmartRec.Domain.MassCharges;

namespace SmartRec.Grains.MassCharges;

/// <summary>
/// A mass charge's dry run: the same selection and the same owner checks as the chunks make at charge time, and no
/// charge, no write. Stateless, so previews run on the silo that receives them.
/// </summary>
[StatelessWorker]
public sealed class MassChargePreviewGrain : Grain, IMassChargePreviewGrain
{
    /// <summary>Owner checks in flight per shard; 64 shards make some thousands across the preview.</summary>
    private const int ChecksPerShard = 16;

    public async Task<MassChargePreview> Preview(MassChargeRequest request, int firstSkipped)
    {
        var organizationId = this.GetPrimaryKeyString();
        var organization = await GrainFactory.GetGrain<IOrganizationGrain>(organizationId).Find() ?? throw DomainException.NotFound("Organization");
        var valid = MassCharging.Validate(request, organization.Currency);
        var criteria = valid.Selection.Filter is { } filter ? await GrainFactory.GetGrain<IDirectoryGrain>(organizationId).Resolve(filter) : null;
        var idsByShard = valid.Selection.Ids?.ToLookup(id => DirectorySharding.ShardOf(id.AccountId));
        var shards = idsByShard is null ? Enumerable.Range(0, DirectorySharding.ShardCount) : idsByShard.Select(g => g.Key);

        var checks = await Task.WhenAll(shards.Select(shard => PreviewShard(organizationId, shard, valid, criteria, idsByShard?[shard].ToList())));
        var all = checks.SelectMany(c => c).ToList();
        var charged = all.Where(c => c.SkipReason is null).ToList();
        var skipped = all.Where(c => c.SkipReason is not null).ToList();
        return new MassChargePreview(
            all.Count,
            charged.Count,
            new Money(charged.Sum(c => c.AmountMinor), organization.Currency),
            skipped.GroupBy(c => c.SkipReason!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            [.. skipped.Take(Math.Max(0, firstSkipped)).Select(c => new MassChargeResult(c.Key.AccountId, c.Key.PersonId, ChargeTargetOutcome.Skipped, null, 0, null, c.SkipReason))],
            valid.Allocation);
    }

    private async Task<List<Check>> PreviewShard(
        string organizationId, int shard, MassChargeRequest request, DirectoryCriteria? criteria, IReadOnlyList<DirectoryKey>? ids)
    {
        var directory = GrainFactory.GetGrain<IDirectoryShardGrain>(DirectoryShardKey.For(organizationId, shard));
        var tab = request.Selection.Tab;
        var found = ids is null ? await directory.Select(tab, criteria!) : await directory.Lookup(tab, ids);
        var holders = await directory.HoldersOf([.. found.Select(k => k.AccountId).Distinct()]);
        var checks = new List<Check>(found.Count);
        if (ids is not null)
        {
            var known = found.ToHashSet();
            checks.AddRange(ids.Where(k => !known.Contains(k)).Select(k => new Check(k, 0, SkipReasons.AccountNotFound)));
        }

        foreach (var window in found.Chunk(ChecksPerShard))
        {
            checks.AddRange(await Task.WhenAll(window.Select(key => CheckTarget(organizationId, key, holders.GetValueOrDefault(key.AccountId), request))));
        }

        return checks;
    }

    private async Task<Check> CheckTarget(string organizationId, DirectoryKey key, string? holder, MassChargeRequest request)
    {
        if (holder is null)
        {
            return new Check(key, 0, SkipReasons.AccountNotFound);
        }

        var choice = await GrainFactory.GetGrain<IWalletGrain>(holder).ChooseChargeable(organizationId, key.AccountId, request.MethodPreference);
        if (choice.Method is null)
        {
            return new Check(key, 0, choice.SkipReason ?? SkipReasons.NoMethod);
        }

        var amount = request.Amount?.Minor ?? 0;
        if (request.AmountRule == AmountRule.Balance)
        {
            var ledger = await GrainFactory.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(organizationId, key.AccountId)).Get();
            amount = MassCharging.BalanceToCharge(ledger.BalanceOwing.Minor, ledger.Unallocated.Minor, ledger.Reserved.Minor);
        }

        return amount > 0 ? new Check(key, amount, null) : new Check(key, 0, SkipReasons.NothingOwing);
    }

    private sealed record Check(DirectoryKey Key, long AmountMinor, string? SkipReason);
}
