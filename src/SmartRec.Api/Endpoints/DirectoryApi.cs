using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SmartRec.Api.Security;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.Wallets;
using SmartRec.Domain.Directory;
using SmartRec.Domain.Validation;

namespace SmartRec.Api.Endpoints;

/// <summary>The Accounts and Persons tabs (R4): filtered, counted and paged by cursor; resync heals the projection.</summary>
public static class DirectoryApi
{
    /// <summary>
    /// The query string both tabs accept; every value arrives as text so a bad one answers a problem naming it.
    /// <see cref="Q"/> searches names (see <see cref="DirectoryFilter.Name"/>).
    /// </summary>
    public sealed record DirectoryQuery(
        [FromQuery(Name = "savedCard")] string? SavedCard,
        [FromQuery(Name = "savedECheck")] string? SavedECheck,
        [FromQuery(Name = "programId")] string? ProgramId,
        [FromQuery(Name = "activityId")] string? ActivityId,
        [FromQuery(Name = "affiliationId")] string? AffiliationId,
        [FromQuery(Name = "q")] string? Q,
        [FromQuery(Name = "sort")] string? Sort,
        [FromQuery(Name = "cursor")] string? Cursor,
        [FromQuery(Name = "limit")] string? Limit)
    {
        public DirectoryFilter ToFilter() => new(
            DirectoryFilters.ParseYesNo(SavedCard, "savedCard"),
            DirectoryFilters.ParseYesNo(SavedECheck, "savedECheck"),
            OptionalId(ProgramId, "programId"),
            OptionalId(ActivityId, "activityId"),
            OptionalId(AffiliationId, "affiliationId"),
            DirectoryFilters.ParseName(Q, "q"));

        /// <summary>"id" (the default: stable while accounts are added) or "name" (display name; a person's last then first name).</summary>
        public bool ByName => Sort?.Trim().ToLowerInvariant() switch
        {
            null or "" or "id" => false,
            "name" => true,
            _ => throw DomainException.Invalid("directory.sort", "'sort' must be id or name.", "sort"),
        };

        public int PageSize => DirectoryFilters.ParseLimit(Limit);

        private static string? OptionalId(string? id, string field) => string.IsNullOrEmpty(id) ? null : Identifiers.Require(id, field);
    }

    /// <summary>
    /// A row of the Accounts tab as a screen draws it: the directory's row, the balance owing, and whether the holder
    /// never signed in, in which case no method can be saved for them (R7) and checkout is one-off only.
    /// </summary>
    public sealed record AccountListRow(
        string AccountId, string HolderUserId, string DisplayName, int PersonCount, bool HasSavedCard, bool HasSavedECheck,
        Money BalanceOwing, bool HolderNeverSignedIn);

    /// <summary>How many accounts a resync scheduled; they are re-published in the background.</summary>
    public sealed record ResyncResult(int Accounts);

    public static RouteGroupBuilder MapDirectoryApi(this RouteGroupBuilder org)
    {
        var group = org.MapGroup("").WithTags("Client directory");
        group.MapGet("/accounts", ListAccounts).WithName("listAccounts")
            .WithSummary("The Accounts tab: client accounts matching the filter or name (q), sorted by id or name, with balance owing and sign-in state, the total count, a page at a time (R4, R7)");
        group.MapGet("/persons", ListPersons).WithName("listPersons")
            .WithSummary("The Persons tab: participants matching the filter or name (q), sorted by id or name, with the total count, a page at a time (R4)");

        var operators = group.MapGroup("").RequireAuthorization(Policies.OrganizationOperator);
        operators.MapPost("/directory/resync", Resync).WithName("resyncDirectory")
            .WithSummary("Rebuild every directory entry from the accounts and wallets that own the data")
            .WithDescription("Answers 202 once the accounts are scheduled; they are re-published in the background, shard by shard.");
        operators.MapPost("/accounts/{accountId}/directory/resync", ResyncAccount).WithName("resyncAccountDirectory")
            .WithSummary("Rebuild one account's directory entry from the account and its holder's wallet");
        return org;
    }

    /// <summary>
    /// The directory selects the page; each row's balance and sign-in state are read from their owners (decision 2),
    /// at most one page of calls, so they are never stale projections.
    /// </summary>
    private static async Task<Ok<Page<AccountListRow>>> ListAccounts(string orgId, [AsParameters] DirectoryQuery query, IGrainFactory grains)
    {
        var directory = grains.GetGrain<IDirectoryGrain>(orgId);
        var page = query.ByName
            ? await directory.QueryAccountsByName(query.ToFilter(), query.Cursor, query.PageSize)
            : await directory.QueryAccounts(query.ToFilter(), query.Cursor, query.PageSize);
        var rows = await Task.WhenAll(page.Items.Select(async row =>
        {
            var ledger = grains.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(orgId, row.AccountId)).Get();
            var wallet = grains.GetGrain<IWalletGrain>(row.HolderUserId).Get();
            return new AccountListRow(row.AccountId, row.HolderUserId, row.DisplayName, row.PersonCount, row.HasSavedCard, row.HasSavedECheck,
                (await ledger).BalanceOwing, !(await wallet).HasSignedIn);
        }));
        return TypedResults.Ok(new Page<AccountListRow>(rows, page.Total, page.NextCursor));
    }

    private static async Task<Ok<PersonPage>> ListPersons(string orgId, [AsParameters] DirectoryQuery query, IGrainFactory grains)
    {
        var directory = grains.GetGrain<IDirectoryGrain>(orgId);
        return TypedResults.Ok(query.ByName
            ? await directory.QueryPersonsByName(query.ToFilter(), query.Cursor, query.PageSize)
            : await directory.QueryPersons(query.ToFilter(), query.Cursor, query.PageSize));
    }

    private static async Task<Accepted<ResyncResult>> Resync(string orgId, IGrainFactory grains) =>
        TypedResults.Accepted((string?)null, new ResyncResult(await grains.GetGrain<IDirectoryGrain>(orgId).Resync()));

    private static async Task<NoContent> ResyncAccount(string orgId, string accountId, IGrainFactory grains)
    {
        await grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(orgId, accountId)).PublishToDirectory();
        return TypedResults.NoContent();
    }
}
