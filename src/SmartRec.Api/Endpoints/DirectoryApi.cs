using Microsoft.AspNetCore.Http.HttpResults;
using SmartRec.Api.Security;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Directory;
using SmartRec.Domain.Directory;
using SmartRec.Domain.Validation;

namespace SmartRec.Api.Endpoints;

/// <summary>The Accounts and Persons tabs (R4): filtered, counted and paged by cursor; resync heals the projection.</summary>
public static class DirectoryApi
{
    /// <summary>The query string both tabs accept; every value arrives as text so a bad one answers a problem naming it.</summary>
    public sealed record DirectoryQuery(
        string? SavedCard, string? SavedECheck, string? ProgramId, string? ActivityId, string? AffiliationId, string? Cursor, string? Limit)
    {
        public DirectoryFilter ToFilter() => new(
            DirectoryFilters.ParseYesNo(SavedCard, "savedCard"),
            DirectoryFilters.ParseYesNo(SavedECheck, "savedECheck"),
            OptionalId(ProgramId, "programId"),
            OptionalId(ActivityId, "activityId"),
            OptionalId(AffiliationId, "affiliationId"));

        private static string? OptionalId(string? id, string field) => string.IsNullOrEmpty(id) ? null : Identifiers.Require(id, field);
    }

    /// <summary>How many accounts a resync scheduled; they are re-published in the background.</summary>
    public sealed record ResyncResult(int Accounts);

    public static RouteGroupBuilder MapDirectoryApi(this RouteGroupBuilder org)
    {
        var group = org.MapGroup("").WithTags("Client directory");
        group.MapGet("/accounts", ListAccounts).WithName("listAccounts")
            .WithSummary("The Accounts tab: client accounts matching the filter, with the total count, a page at a time (R4)");
        group.MapGet("/persons", ListPersons).WithName("listPersons")
            .WithSummary("The Persons tab: participants matching the filter, with the total count, a page at a time (R4)");

        var operators = group.MapGroup("").RequireAuthorization(Policies.OrganizationOperator);
        operators.MapPost("/directory/resync", Resync).WithName("resyncDirectory")
            .WithSummary("Rebuild every directory entry from the accounts and wallets that own the data")
            .WithDescription("Answers 202 once the accounts are scheduled; they are re-published in the background, shard by shard.");
        operators.MapPost("/accounts/{accountId}/directory/resync", ResyncAccount).WithName("resyncAccountDirectory")
            .WithSummary("Rebuild one account's directory entry from the account and its holder's wallet");
        return org;
    }

    private static async Task<Ok<AccountPage>> ListAccounts(string orgId, [AsParameters] DirectoryQuery query, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IDirectoryGrain>(orgId).QueryAccounts(query.ToFilter(), query.Cursor, DirectoryFilters.ParseLimit(query.Limit)));

    private static async Task<Ok<PersonPage>> ListPersons(string orgId, [AsParameters] DirectoryQuery query, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IDirectoryGrain>(orgId).QueryPersons(query.ToFilter(), query.Cursor, DirectoryFilters.ParseLimit(query.Limit)));

    private static async Task<Accepted<ResyncResult>> Resync(string orgId, IGrainFactory grains) =>
        TypedResults.Accepted((string?)null, new ResyncResult(await grains.GetGrain<IDirectoryGrain>(orgId).Resync()));

    private static async Task<NoContent> ResyncAccount(string orgId, string accountId, IGrainFactory grains)
    {
        await grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(orgId, accountId)).PublishToDirectory();
        return TypedResults.NoContent();
    }
}
