using SmartRec.Api.Hosting;
using SmartRec.Contracts.Organizations;
using SmartRec.Domain.Validation;

namespace SmartRec.Api.Security;

/// <summary>
/// Guards every route under /api/orgs/{orgId}: the caller must belong to that organization, and every id in the route
/// must be well formed. Anything else answers 404 exactly like a missing organization, so a foreign caller learns
/// nothing about what exists (decision 10).
/// </summary>
public sealed class OrganizationScopeFilter(IGrainFactory grains) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var organizationId = http.GetRouteValue("orgId") as string;
        var allIdsValid = http.Request.RouteValues.Values.All(v => v is string s && Identifiers.IsValid(s));
        if (!allIdsValid
            || organizationId != http.User.OrganizationId()
            || await grains.GetGrain<IOrganizationGrain>(organizationId!).Find() is null)
        {
            return TypedResults.Problem(Problems.Create(StatusCodes.Status404NotFound, "not_found", "Not found."));
        }

        return await next(context);
    }
}
