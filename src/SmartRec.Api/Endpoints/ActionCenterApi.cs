using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SmartRec.Api.Security;
using SmartRec.Contracts;
using SmartRec.Contracts.Billing;
using SmartRec.Domain.Validation;

namespace SmartRec.Api.Endpoints;

/// <summary>
/// The Action Center (R13): declines, failed e-checks, disputes and plans that need a method, listed a page at a time
/// with counts per state, and acted on — charged again with the same or another authorized method, or dismissed.
/// </summary>
public static class ActionCenterApi
{
    /// <param name="MethodId">Another method the customer authorized for this organization; absent: the same method.</param>
    public sealed record RetryRequest(string? MethodId = null);

    public sealed record DismissRequest(string Note);

    public static RouteGroupBuilder MapActionCenterApi(this RouteGroupBuilder org)
    {
        var group = org.MapGroup("/action-center").WithTags("Action Center");
        group.MapGet("", List)
            .WithName("listActionCenterItems")
            .WithSummary("Items that need a person, newest first: ?kind=&state=open|resolved|dismissed&cursor=&limit= (1–500), with counts per state");
        group.MapGet("/{itemId}", Get).WithName("getActionCenterItem").WithSummary("One item");

        var admin = group.MapGroup("")
            .RequireAuthorization(Policies.OrganizationAdmin)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        admin.MapPost("/{itemId}/retry", Retry)
            .WithName("retryActionCenterItem")
            .WithSummary("Charge a declined payment again, with its method or another the customer authorized (Idempotency-Key required)")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        admin.MapPost("/{itemId}/dismiss", Dismiss).WithName("dismissActionCenterItem").WithSummary("Close an item without acting on it, with a note saying why");
        return org;
    }

    private static async Task<Ok<ActionCenterPage>> List(string orgId, string? kind, string? state, string? cursor, string? limit, IGrainFactory grains)
    {
        var query = new ActionCenterQuery(ParseEnum<ActionItemKind>(kind, "kind"), ParseEnum<ActionItemState>(state, "state"), cursor,
            string.IsNullOrEmpty(limit) ? 50 : int.TryParse(limit, out var n) ? n : -1);
        return TypedResults.Ok(await Center(grains, orgId).Page(query));
    }

    private static async Task<Ok<ActionItemView>> Get(string orgId, string itemId, IGrainFactory grains) =>
        TypedResults.Ok(await Center(grains, orgId).Find(Identifiers.Require(itemId, "itemId")) ?? throw DomainException.NotFound("Action item"));

    private static async Task<Ok<ActionItemView>> Retry(
        string orgId, string itemId, RetryRequest? request, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey, IGrainFactory grains)
    {
        var retryPaymentId = IdempotencyKeys.OperationId("rt", itemId, idempotencyKey);
        return TypedResults.Ok(await Center(grains, orgId).Retry(Identifiers.Require(itemId, "itemId"), retryPaymentId, request?.MethodId));
    }

    private static async Task<Ok<ActionItemView>> Dismiss(string orgId, string itemId, DismissRequest request, IGrainFactory grains) =>
        TypedResults.Ok(await Center(grains, orgId).Dismiss(Identifiers.Require(itemId, "itemId"), request.Note));

    private static T? ParseEnum<T>(string? value, string field)
        where T : struct, Enum
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _)
            ? parsed
            : throw DomainException.Invalid($"action_center.{field}", $"'{field}' is one of: {string.Join(", ", Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}.", field);
    }

    private static IActionCenterGrain Center(IGrainFactory grains, string orgId) => grains.GetGrain<IActionCenterGrain>(orgId);
}
