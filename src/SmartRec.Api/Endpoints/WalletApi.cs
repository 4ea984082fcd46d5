using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartRec.Api.Security;
using SmartRec.Contracts;
using SmartRec.Contracts.Wallets;

namespace SmartRec.Api.Endpoints;

/// <summary>A customer's own wallet: save and remove methods, update a card's expiry, authorize organizations (R1–R3, R8).</summary>
public static class WalletApi
{
    public sealed record SaveMethodRequest(string Token, BillingAddress BillingAddress, string? Nickname = null);

    public static IEndpointRouteBuilder MapWalletApi(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/me")
            .RequireAuthorization(Policies.Customer)
            .WithTags("My wallet")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        me.MapPost("/sign-in", RecordSignIn).WithName("recordSignIn").WithSummary("Record that the customer signed in (admins may then save methods for them, R7)");
        me.MapGet("/wallet", GetWallet).WithName("getMyWallet").WithSummary("My saved cards and bank accounts, with the organizations each is authorized for");
        me.MapPost("/wallet/methods", SaveMethod).WithName("saveMyMethod")
            .WithSummary("Save a card or bank account from a processor token (at most 10 of each; billing address required)")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        me.MapGet("/wallet/methods/{methodId}", GetMethod).WithName("getMyMethod").WithSummary("One saved method");
        me.MapPatch("/wallet/methods/{methodId}", UpdateExpiry).WithName("updateMyMethodExpiry").WithSummary("Update a card's expiry date");
        me.MapDelete("/wallet/methods/{methodId}", RemoveMethod).WithName("removeMyMethod").WithSummary("Remove a saved method");
        me.MapPut("/wallet/methods/{methodId}/authorizations/{orgId}", Authorize).WithName("authorizeOrganization").WithSummary("Authorize an organization to see and charge this method");
        me.MapDelete("/wallet/methods/{methodId}/authorizations/{orgId}", Revoke).WithName("revokeOrganization").WithSummary("Withdraw an organization's authorization");
        return app;
    }

    private static async Task<NoContent> RecordSignIn(ClaimsPrincipal user, IGrainFactory grains)
    {
        await Wallet(grains, user).RecordSignIn();
        return TypedResults.NoContent();
    }

    private static async Task<Ok<WalletView>> GetWallet(ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await Wallet(grains, user).Get());

    private static async Task<Created<OwnerPaymentMethod>> SaveMethod(SaveMethodRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var saved = await Wallet(grains, user).AddMethod(new SavePaymentMethod(request.Token, request.BillingAddress, request.Nickname));
        return TypedResults.Created($"/api/me/wallet/methods/{saved.Id}", saved);
    }

    private static async Task<Ok<OwnerPaymentMethod>> GetMethod(string methodId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var wallet = await Wallet(grains, user).Get();
        return TypedResults.Ok(wallet.Methods.FirstOrDefault(m => m.Id == methodId) ?? throw DomainException.NotFound("Payment method"));
    }

    private static async Task<Ok<OwnerPaymentMethod>> UpdateExpiry(string methodId, ExpiryRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await Wallet(grains, user).UpdateCardExpiry(RouteIds.Require(methodId, "Payment method"), new CardExpiry(request.ExpMonth, request.ExpYear)));

    private static async Task<NoContent> RemoveMethod(string methodId, ClaimsPrincipal user, IGrainFactory grains)
    {
        await Wallet(grains, user).RemoveMethod(RouteIds.Require(methodId, "Payment method"));
        return TypedResults.NoContent();
    }

    private static async Task<Ok<OwnerPaymentMethod>> Authorize(string methodId, string orgId, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await Wallet(grains, user).Authorize(RouteIds.Require(methodId, "Payment method"), RouteIds.Require(orgId, "Organization")));

    private static async Task<Ok<OwnerPaymentMethod>> Revoke(string methodId, string orgId, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await Wallet(grains, user).Revoke(RouteIds.Require(methodId, "Payment method"), RouteIds.Require(orgId, "Organization")));

    private static IWalletGrain Wallet(IGrainFactory grains, ClaimsPrincipal user) => grains.GetGrain<IWalletGrain>(user.UserId());
}
