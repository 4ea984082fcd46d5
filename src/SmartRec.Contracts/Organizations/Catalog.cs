namespace SmartRec.Contracts.Organizations;

[GenerateSerializer, Immutable, Alias("smartrec.OrganizationInfo")]
public sealed record OrganizationInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Currency);

/// <summary>A program, an activity (which belongs to a program) or an affiliation.</summary>
[GenerateSerializer, Immutable, Alias("smartrec.CatalogEntry")]
public sealed record CatalogEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? ProgramId = null);

[GenerateSerializer, Immutable, Alias("smartrec.Catalog")]
public sealed record Catalog(
    [property: Id(0)] IReadOnlyList<CatalogEntry> Programs,
    [property: Id(1)] IReadOnlyList<CatalogEntry> Activities,
    [property: Id(2)] IReadOnlyList<CatalogEntry> Affiliations);
