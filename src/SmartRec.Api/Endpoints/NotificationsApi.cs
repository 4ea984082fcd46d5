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
            .WithSummary("My notifications, newest first")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<Notification>>> List(ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<INotificationOutboxGrain>(user.UserId()).List());
}
