using SmartRec.StripeEmulator.Http;
using SmartRec.StripeEmulator.Model;

namespace SmartRec.StripeEmulator.Api;

/// <summary>Charges and mandates are made by intents; they are only read.</summary>
internal static class ChargesApi
{
    public static void MapChargesApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/charges/{id}", RetrieveCharge);
        routes.MapGet("/v1/mandates/{id}", RetrieveMandate);
    }

    private static IResult RetrieveCharge(string id, EmulatorState state)
    {
        lock (state.Gate)
        {
            return StripeResults.Ok((state.Charges.Find(id) ?? throw StripeError.Missing("charge", id)).ToJson());
        }
    }

    private static IResult RetrieveMandate(string id, EmulatorState state)
    {
        lock (state.Gate)
        {
            return StripeResults.Ok((state.Mandates.Find(id) ?? throw StripeError.Missing("mandate", id)).ToJson());
        }
    }
}
