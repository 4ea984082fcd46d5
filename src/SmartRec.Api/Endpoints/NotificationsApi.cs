using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartRec.Api.Security;
using SmartRec.Contracts.Notifications;

namespace SmartRec.Api.Endpoints;

/// <summary>The signed-in customer's notifications: methods saved for them (R5), receipts, failures, expiring cards.</summary>
public static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me/notifications", List).WithName("listMyNotifications")
            .RequireAuthorization(Policies.Customer)
            .WithTags("My wallet")
            .WithSummary("My notifications, newest first, a page at a time, with the total count")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    private static async Task<Ok<Page<Notification>>> List(ClaimsPrincipal user, string? cursor, string? limit, IGrainFactory grains)
    {
        var all = await grains.GetGrain<INotificationOutboxGrain>(user.UserId()).List();
        var (ids, next) = Paging.Slice([.. all.Select(n => n.Id)], cursor, limit);
        var page = ids.Select(id => all.First(n => n.Id == id)).ToList();
        return TypedResults.Ok(new Page<Notification>(page, all.Count, next));
    }
}
