namespace SmartRec.Contracts.Organizations;

/// <summary>An organization (city, club, camp) and its catalog of programs, activities and affiliations.</summary>
[Alias("smartrec.IOrganizationGrain")]
public interface IOrganizationGrain : IGrainWithStringKey
{
    /// <summary>Creates the organization; provisioning it again with the same name and currency changes nothing.</summary>
    [Alias("Provision")]
    Task<OrganizationInfo> Provision(string name, string currency);

    /// <summary>The organization, or null when it was never provisioned.</summary>
    [Alias("Find")]
    Task<OrganizationInfo?> Find();

    [Alias("GetCatalog")]
    Task<Catalog> GetCatalog();

    [Alias("AddProgram")]
    Task<CatalogEntry> AddProgram(string name);

    [Alias("AddActivity")]
    Task<CatalogEntry> AddActivity(string programId, string name);

    [Alias("AddAffiliation")]
    Task<CatalogEntry> AddAffiliation(string name);
}
