using System.Text.Json.Nodes;

namespace SmartRec.StripeEmulator.Api;

internal static class StripeResults
{
    public static IResult Ok(JsonObject body) => Results.Content(body.ToJsonString(), "application/json", statusCode: StatusCodes.Status200OK);
}
