using Orleans.Concurrency;
using SmartRec.Contracts;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.MassInvoices;
using SmartRec.Contracts.Organizations;
using SmartRec.Domain.Directory;
using SmartRec.Domain.MassInvoices;

namespace SmartRec.Grains.MassInvoices;

/// <summary>
/// A mass invoice's dry run: the selection resolved shard by shard as the chunks resolve it at launch, and no invoice,
/// no write. Stateless, so previews run on the silo that receives them.
/// </summary>
[StatelessWorker]
public sealed class MassInvoicePreviewGrain : Grain, IMassInvoicePreviewGrain
{
    /// <summary>The code a launch records for an explicitly listed id the directory does not hold.</summary>
    public const string NotFound = "not_found";

    public async Task<MassInvoicePreview> Preview(MassInvoiceRequest request, int firstSkipped)
    {
        var organizationId = this.GetPrimaryKeyString();
        var organization = await GrainFactory.GetGrain<IOrganizationGrain>(organizationId).Find() ?? throw DomainException.NotFound("Organization");
        var valid = MassInvoicing.Validate(request, organization.Currency);
        var criteria = valid.Selection.Filter is { } filter ? await GrainFactory.GetGrain<IDirectoryGrain>(organizationId).Resolve(filter) : null;
        var idsByShard = valid.Selection.Ids?.ToLookup(id => DirectorySharding.ShardOf(id.AccountId));
        var shards = idsByShard is null ? Enumerable.Range(0, DirectorySharding.ShardCount) : idsByShard.Select(g => g.Key);

        var resolved = await Task.WhenAll(shards.Select(async shard =>
        {
            var directory = GrainFactory.GetGrain<IDirectoryShardGrain>(DirectoryShardKey.For(organizationId, shard));
            var listed = idsByShard?[shard].ToList();
            var found = listed is null ? await directory.Select(valid.Selection.Tab, criteria!) : await directory.Lookup(valid.Selection.Tab, listed);
            var known = found.ToHashSet();
            return (Found: found.Count, Missing: listed?.Where(k => !known.Contains(k)).ToList() ?? []);
        }));

        var toInvoice = resolved.Sum(r => r.Found);
        var missing = resolved.SelectMany(r => r.Missing).ToList();
        return new MassInvoicePreview(
            toInvoice + missing.Count,
            toInvoice,
            new Money(checked(valid.Amount.Minor * toInvoice), organization.Currency),
            missing.Count == 0 ? new Dictionary<string, int>() : new Dictionary<string, int>(StringComparer.Ordinal) { [NotFound] = missing.Count },
            [.. missing.Take(Math.Max(0, firstSkipped)).Select(k => new MassInvoiceResult(k.AccountId, k.PersonId, "", TargetOutcome.Skipped, NotFound))]);
    }
}
