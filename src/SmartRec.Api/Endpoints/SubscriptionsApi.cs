using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SmartRec.Api.Security;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Subscriptions;
using SmartRec.Domain.Validation;

namespace SmartRec.Api.Endpoints;

/// <summary>
/// An account's subscriptions (R6): a recurring charge on a saved, authorized method, weekly, monthly or yearly,
/// until an end date or open-ended. Each period is invoiced and charged once; declines go to the Action Center.
/// </summary>
public static class SubscriptionsApi
{
    /// <param name="MethodId">A saved method the organization is authorized for (R6).</param>
    /// <param name="EndDate">The last day a period may fall on; absent for open-ended.</param>
    public sealed record CreateSubscriptionRequest(
        string MethodId, Money Amount, SubscriptionFrequency Frequency, DateOnly StartDate, string Description, DateOnly? EndDate = null);

    public static RouteGroupBuilder MapSubscriptionsApi(this RouteGroupBuilder org)
    {
        var group = org.MapGroup("/accounts/{accountId}/subscriptions").WithTags("Subscriptions");
        group.MapGet("", List).WithName("listSubscriptions").WithSummary("The account's subscriptions, a page at a time, with the total count");
        group.MapGet("/{subscriptionId}", Get).WithName("getSubscription").WithSummary("One subscription with its recent periods");

        var admin = group.MapGroup("")
            .RequireAuthorization(Policies.OrganizationAdmin)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        admin.MapPost("", Create).WithName("createSubscription").WithSummary("Subscribe the account to a recurring charge on a saved method (R6; Idempotency-Key required)");
        admin.MapPost("/{subscriptionId}/pause", Pause).WithName("pauseSubscription").WithSummary("Charge no new period until resumed");
        admin.MapPost("/{subscriptionId}/resume", Resume).WithName("resumeSubscription").WithSummary("Charge again from the next period due; periods missed while paused are not charged");
        admin.MapPost("/{subscriptionId}/cancel", Cancel).WithName("cancelSubscription").WithSummary("Charge no period any more");
        return org;
    }

    private static async Task<Created<SubscriptionView>> Create(
        string orgId, string accountId, CreateSubscriptionRequest request, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey, IGrainFactory grains)
    {
        var subscriptionId = IdempotencyKeys.OperationId("sub", accountId, idempotencyKey);
        var created = await Subscription(grains, orgId, subscriptionId).Create(new NewSubscription(
            accountId, request.MethodId, request.Amount, request.Frequency, request.StartDate, request.EndDate, request.Description));
        return TypedResults.Created($"/api/orgs/{orgId}/accounts/{accountId}/subscriptions/{subscriptionId}", created);
    }

    private static async Task<Ok<Page<SubscriptionView>>> List(string orgId, string accountId, string? cursor, string? limit, IGrainFactory grains)
    {
        if (await grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(orgId, accountId)).Find() is null)
        {
            throw DomainException.NotFound("Account");
        }

        var ids = (await grains.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(orgId, accountId)).Get()).SubscriptionIds ?? [];
        return TypedResults.Ok(await Paging.LoadAsync(ids, cursor, limit,
            async id => await Subscription(grains, orgId, id).Find() ?? throw DomainException.NotFound("Subscription")));
    }

    private static async Task<Ok<SubscriptionView>> Get(string orgId, string accountId, string subscriptionId, IGrainFactory grains) =>
        TypedResults.Ok((await AccountSubscription(grains, orgId, accountId, subscriptionId)).View);

    private static async Task<Ok<SubscriptionView>> Pause(string orgId, string accountId, string subscriptionId, IGrainFactory grains) =>
        TypedResults.Ok(await (await AccountSubscription(grains, orgId, accountId, subscriptionId)).Grain.Pause());

    private static async Task<Ok<SubscriptionView>> Resume(string orgId, string accountId, string subscriptionId, IGrainFactory grains) =>
        TypedResults.Ok(await (await AccountSubscription(grains, orgId, accountId, subscriptionId)).Grain.Resume());

    private static async Task<Ok<SubscriptionView>> Cancel(string orgId, string accountId, string subscriptionId, IGrainFactory grains) =>
        TypedResults.Ok(await (await AccountSubscription(grains, orgId, accountId, subscriptionId)).Grain.Cancel());

    /// <summary>The subscription, if it belongs to this account: another account's answers like a missing one.</summary>
    private static async Task<(ISubscriptionGrain Grain, SubscriptionView View)> AccountSubscription(
        IGrainFactory grains, string orgId, string accountId, string subscriptionId)
    {
        var grain = Subscription(grains, orgId, Identifiers.Require(subscriptionId, "subscriptionId"));
        var view = await grain.Find();
        return view is not null && view.AccountId == accountId ? (grain, view) : throw DomainException.NotFound("Subscription");
    }

    private static ISubscriptionGrain Subscription(IGrainFactory grains, string orgId, string subscriptionId) =>
        grains.GetGrain<ISubscriptionGrain>(OrgScopedKey.For(orgId, subscriptionId));
}
