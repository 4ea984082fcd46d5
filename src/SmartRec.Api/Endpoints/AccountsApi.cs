using Microsoft.AspNetCore.Http.HttpResults;
using SmartRec.Api.Security;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Wallets;
using SmartRec.Domain.Validation;

namespace SmartRec.Api.Endpoints;

/// <summary>Client accounts, their persons, enrollments and affiliations, and the saved methods the organization may use (R3, R5).</summary>
public static class AccountsApi
{
    /// <summary>
    /// An account as its page draws it: the account with its persons, and whether its holder never signed in, in which
    /// case nothing can be saved to their wallet at checkout (R7).
    /// </summary>
    public sealed record AccountDetails(
        string OrganizationId, string AccountId, string HolderUserId, string DisplayName, IReadOnlyList<PersonView> Persons,
        DateTimeOffset OpenedAt, bool HolderNeverSignedIn);

    public static RouteGroupBuilder MapAccountsApi(this RouteGroupBuilder org)
    {
        var accounts = org.MapGroup("/accounts").WithTags("Client accounts");
        accounts.MapGet("/{accountId}", Get).WithName("getAccount").WithSummary("A client account with its persons, and whether its holder ever signed in (R7)");
        accounts.MapGet("/{accountId}/persons", GetPersons).WithName("listAccountPersons").WithSummary("The persons (participants) of an account");
        accounts.MapGet("/{accountId}/payment-methods", GetPaymentMethods).WithName("listAccountPaymentMethods")
            .WithTags("Payment methods")
            .WithSummary("The holder's saved methods authorized for this organization; the others are invisible");

        var admin = accounts.MapGroup("").RequireAuthorization(Policies.OrganizationAdmin).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("", Open).WithName("openAccount").WithSummary("Open a client account for a holder user");
        admin.MapPost("/{accountId}/persons", AddPerson).WithName("addPerson").WithSummary("Add a person to an account").ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        admin.MapPut("/{accountId}/persons/{personId}/enrollments/{activityId}", Enroll).WithName("enrollPerson").WithSummary("Enroll a person in an activity");
        admin.MapDelete("/{accountId}/persons/{personId}/enrollments/{activityId}", Unenroll).WithName("unenrollPerson").WithSummary("Withdraw a person from an activity");
        admin.MapPut("/{accountId}/persons/{personId}/affiliations/{affiliationId}", AddAffiliation).WithName("addPersonAffiliation").WithSummary("Give a person an affiliation");
        admin.MapDelete("/{accountId}/persons/{personId}/affiliations/{affiliationId}", RemoveAffiliation).WithName("removePersonAffiliation").WithSummary("Remove a person's affiliation");
        admin.MapPatch("/{accountId}/payment-methods/{methodId}", UpdateExpiry).WithName("updateAccountMethodExpiry")
            .WithTags("Payment methods")
            .WithSummary("Update an authorized card's expiry date at checkout (R5)");
        return org;
    }

    private static async Task<Created<AccountView>> Open(string orgId, OpenAccount request, IGrainFactory grains)
    {
        var accountId = GeneratedIds.Random("acc_", 8);
        var opened = await Account(grains, orgId, accountId).Open(request);
        return TypedResults.Created($"/api/orgs/{orgId}/accounts/{accountId}", opened);
    }

    private static async Task<Ok<AccountDetails>> Get(string orgId, string accountId, IGrainFactory grains)
    {
        var account = await Require(grains, orgId, accountId);
        var wallet = await grains.GetGrain<IWalletGrain>(account.HolderUserId).Get();
        return TypedResults.Ok(new AccountDetails(account.OrganizationId, account.AccountId, account.HolderUserId, account.DisplayName,
            account.Persons, account.OpenedAt, !wallet.HasSignedIn));
    }

    private static async Task<Ok<IReadOnlyList<PersonView>>> GetPersons(string orgId, string accountId, IGrainFactory grains) =>
        TypedResults.Ok((await Require(grains, orgId, accountId)).Persons);

    private static async Task<Created<PersonView>> AddPerson(string orgId, string accountId, NewPerson request, IGrainFactory grains)
    {
        var person = await Account(grains, orgId, accountId).AddPerson(request);
        return TypedResults.Created($"/api/orgs/{orgId}/accounts/{accountId}/persons/{person.Id}", person);
    }

    private static async Task<Ok<PersonView>> Enroll(string orgId, string accountId, string personId, string activityId, IGrainFactory grains) =>
        TypedResults.Ok(await Account(grains, orgId, accountId).Enroll(personId, activityId));

    private static async Task<Ok<PersonView>> Unenroll(string orgId, string accountId, string personId, string activityId, IGrainFactory grains) =>
        TypedResults.Ok(await Account(grains, orgId, accountId).Unenroll(personId, activityId));

    private static async Task<Ok<PersonView>> AddAffiliation(string orgId, string accountId, string personId, string affiliationId, IGrainFactory grains) =>
        TypedResults.Ok(await Account(grains, orgId, accountId).AddAffiliation(personId, affiliationId));

    private static async Task<Ok<PersonView>> RemoveAffiliation(string orgId, string accountId, string personId, string affiliationId, IGrainFactory grains) =>
        TypedResults.Ok(await Account(grains, orgId, accountId).RemoveAffiliation(personId, affiliationId));

    private static async Task<Ok<IReadOnlyList<OrganizationPaymentMethod>>> GetPaymentMethods(string orgId, string accountId, IGrainFactory grains)
    {
        var account = await Require(grains, orgId, accountId);
        return TypedResults.Ok(await grains.GetGrain<IWalletGrain>(account.HolderUserId).GetForOrganization(orgId));
    }

    private static async Task<Ok<OrganizationPaymentMethod>> UpdateExpiry(string orgId, string accountId, string methodId, ExpiryRequest request, IGrainFactory grains)
    {
        var account = await Require(grains, orgId, accountId);
        var updated = await grains.GetGrain<IWalletGrain>(account.HolderUserId)
            .UpdateCardExpiryForOrganization(orgId, methodId, new CardExpiry(request.ExpMonth, request.ExpYear));
        return TypedResults.Ok(updated);
    }

    private static ICustomerAccountGrain Account(IGrainFactory grains, string orgId, string accountId) =>
        grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(orgId, accountId));

    private static async Task<AccountView> Require(IGrainFactory grains, string orgId, string accountId) =>
        await Account(grains, orgId, accountId).Find() ?? throw DomainException.NotFound("Account");
}
