using SmartRec.Contracts;
using SmartRec.Contracts.Organizations;
using SmartRec.Domain.Monetary;
using SmartRec.Domain.Validation;

namespace SmartRec.Grains.Organizations;

public sealed class OrganizationGrain(
    [PersistentState("organization", StorageNames.Organizations)] IPersistentState<OrganizationState> state)
    : Grain, IOrganizationGrain
{
    /// <summary>A catalog is read on every enrollment; past this size it belongs in a directory shard, not one row.</summary>
    private const int MaxCatalogEntriesPerKind = 2_000;

    private OrganizationState S => state.State;

    public async Task<OrganizationInfo> Provision(string name, string currency)
    {
        Identifiers.Require(this.GetPrimaryKeyString(), "organizationId");
        var cleanName = Text.Required(name, "name");
        if (!Currencies.IsKnown(currency))
        {
            throw DomainException.Invalid("currency.unknown", $"'{currency}' is not a supported ISO 4217 currency code.", "currency");
        }

        if (S.Name is not null)
        {
            return S.Name == cleanName && S.Currency == currency
                ? Info()
                : throw DomainException.Conflict("organization.exists", "The organization already exists with another name or currency.");
        }

        S.Name = cleanName;
        S.Currency = currency;
        await state.WriteStateAsync();
        return Info();
    }

    public Task<OrganizationInfo?> Find() => Task.FromResult(S.Name is null ? null : Info());

    public Task<Catalog> GetCatalog()
    {
        EnsureProvisioned();
        return Task.FromResult(new Catalog([.. S.Programs], [.. S.Activities], [.. S.Affiliations]));
    }

    public Task<CatalogEntry> AddProgram(string name) => Add(S.Programs, "prg", name, programId: null);

    public Task<CatalogEntry> AddActivity(string programId, string name)
    {
        EnsureProvisioned();
        if (S.Programs.All(p => p.Id != programId))
        {
            throw DomainException.NotFound("Program");
        }

        return Add(S.Activities, "act", name, programId);
    }

    public Task<CatalogEntry> AddAffiliation(string name) => Add(S.Affiliations, "aff", name, programId: null);

    private async Task<CatalogEntry> Add(List<CatalogEntry> entries, string prefix, string name, string? programId)
    {
        EnsureProvisioned();
        var cleanName = Text.Required(name, "name");
        if (entries.Count >= MaxCatalogEntriesPerKind)
        {
            throw DomainException.Rule("catalog.full", $"An organization holds at most {MaxCatalogEntriesPerKind} entries of each kind.");
        }

        if (entries.Any(e => string.Equals(e.Name, cleanName, StringComparison.OrdinalIgnoreCase) && e.ProgramId == programId))
        {
            throw DomainException.Conflict("catalog.duplicate", $"'{cleanName}' already exists.");
        }

        var entry = new CatalogEntry($"{prefix}_{++S.LastCatalogNumber}", cleanName, programId);
        entries.Add(entry);
        await state.WriteStateAsync();
        return entry;
    }

    private void EnsureProvisioned()
    {
        if (S.Name is null)
        {
            throw DomainException.NotFound("Organization");
        }
    }

    private OrganizationInfo Info() => new(this.GetPrimaryKeyString(), S.Name!, S.Currency!);
}
