using Microsoft.AspNetCore.Http.HttpResults;
using SmartRec.Api.Security;
using SmartRec.Contracts.Organizations;

namespace SmartRec.Api.Endpoints;

/// <summary>An organization and its catalog: programs, activities, affiliations.</summary>
public static class OrganizationsApi
{
    public sealed record NewCatalogEntry(string Name);

    public sealed record NewActivity(string ProgramId, string Name);

    /// <summary>The group every organization-scoped resource hangs from: members only, foreign ids answer 404.</summary>
    public static RouteGroupBuilder MapOrganizationGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/orgs/{orgId}")
            .RequireAuthorization(Policies.OrganizationMember)
            .AddEndpointFilter<OrganizationScopeFilter>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static RouteGroupBuilder MapOrganizationsApi(this RouteGroupBuilder org)
    {
        var group = org.MapGroup("").WithTags("Organization and catalog");
        group.MapGet("", Get).WithName("getOrganization").WithSummary("The organization");
        group.MapGet("/catalog", GetCatalog).WithName("getCatalog").WithSummary("Programs, activities and affiliations");
        group.MapGet("/programs", async (string orgId, IGrainFactory grains) => TypedResults.Ok((await Catalog(grains, orgId)).Programs))
            .WithName("listPrograms")
            .WithSummary("Programs");
        group.MapGet("/activities", async (string orgId, IGrainFactory grains) => TypedResults.Ok((await Catalog(grains, orgId)).Activities))
            .WithName("listActivities")
            .WithSummary("Activities, each within a program");
        group.MapGet("/affiliations", async (string orgId, IGrainFactory grains) => TypedResults.Ok((await Catalog(grains, orgId)).Affiliations))
            .WithName("listAffiliations")
            .WithSummary("Affiliations");

        var admin = group.MapGroup("").RequireAuthorization(Policies.OrganizationAdmin).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/programs", AddProgram).WithName("addProgram").WithSummary("Add a program");
        admin.MapPost("/activities", AddActivity).WithName("addActivity").WithSummary("Add an activity to a program");
        admin.MapPost("/affiliations", AddAffiliation).WithName("addAffiliation").WithSummary("Add an affiliation");
        return org;
    }

    private static async Task<Ok<OrganizationInfo>> Get(string orgId, IGrainFactory grains) =>
        TypedResults.Ok((await grains.GetGrain<IOrganizationGrain>(orgId).Find())!);

    private static async Task<Ok<Catalog>> GetCatalog(string orgId, IGrainFactory grains) => TypedResults.Ok(await Catalog(grains, orgId));

    private static async Task<Created<CatalogEntry>> AddProgram(string orgId, NewCatalogEntry request, IGrainFactory grains)
    {
        var entry = await grains.GetGrain<IOrganizationGrain>(orgId).AddProgram(request.Name);
        return TypedResults.Created($"/api/orgs/{orgId}/programs/{entry.Id}", entry);
    }

    private static async Task<Created<CatalogEntry>> AddActivity(string orgId, NewActivity request, IGrainFactory grains)
    {
        var entry = await grains.GetGrain<IOrganizationGrain>(orgId).AddActivity(request.ProgramId, request.Name);
        return TypedResults.Created($"/api/orgs/{orgId}/activities/{entry.Id}", entry);
    }

    private static async Task<Created<CatalogEntry>> AddAffiliation(string orgId, NewCatalogEntry request, IGrainFactory grains)
    {
        var entry = await grains.GetGrain<IOrganizationGrain>(orgId).AddAffiliation(request.Name);
        return TypedResults.Created($"/api/orgs/{orgId}/affiliations/{entry.Id}", entry);
    }

    private static Task<Catalog> Catalog(IGrainFactory grains, string orgId) => grains.GetGrain<IOrganizationGrain>(orgId).GetCatalog();
}
