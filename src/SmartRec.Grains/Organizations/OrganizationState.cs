using SmartRec.Contracts.Organizations;

namespace SmartRec.Grains.Organizations;

[GenerateSerializer, Alias("smartrec.OrganizationState")]
public sealed class OrganizationState
{
    [Id(0)] public string? Name { get; set; }
    [Id(1)] public string? Currency { get; set; }
    [Id(2)] public List<CatalogEntry> Programs { get; set; } = [];
    [Id(3)] public List<CatalogEntry> Activities { get; set; } = [];
    [Id(4)] public List<CatalogEntry> Affiliations { get; set; } = [];
    [Id(5)] public int LastCatalogNumber { get; set; }
}
