namespace SmartRec.StripeEmulator.Http;

/// <summary>Turns a thrown <see cref="StripeError"/> into Stripe's error answer.</summary>
internal sealed class StripeErrorMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (StripeError error) when (!context.Response.HasStarted)
        {
            await Write(context, error);
        }
    }

    public static async Task Write(HttpContext context, StripeError error)
    {
        context.Response.StatusCode = error.Status;
        if (error.ShouldRetry is { } retry)
        {
            context.Response.Headers["Stripe-Should-Retry"] = retry ? "true" : "false";
        }

        await context.Response.WriteAsJsonAsync(error.ToJson());
    }
}
