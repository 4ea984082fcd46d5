using Microsoft.AspNetCore.Http.HttpResults;
using SmartRec.Api.Hosting;
using SmartRec.Contracts.ProcessorEvents;
using SmartRec.Payments;

namespace SmartRec.Api.Endpoints;

/// <summary>
/// Stripe's events (R13, decision 14): a bank debit settling or failing, a dispute, a card's new expiry. The signature
/// is checked before anything is read; each event id is applied once; the order of deliveries does not matter.
/// </summary>
public static class StripeWebhooksApi
{
    public const string SignatureHeader = "Stripe-Signature";

    /// <param name="Applied">False for a repeated delivery of an event already applied, and for an event that changes nothing the engine keeps.</param>
    public sealed record WebhookReceipt(string EventId, bool Applied);

    public static IEndpointRouteBuilder MapStripeWebhooksApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/webhooks/stripe", Receive)
            .AllowAnonymous()
            // Stripe sends every event of every charge from a few addresses: a caller's write budget would refuse a
            // mass charge's events and leave them to Stripe's retries for hours. The signature is what guards it.
            .DisableRateLimiting()
            .WithTags("Processor")
            .WithName("receiveStripeEvent")
            .WithSummary("Stripe's webhook: a signed event (Stripe-Signature) about a charge, a dispute or a saved method")
            .Accepts<string>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Results<Ok<WebhookReceipt>, ProblemHttpResult>> Receive(HttpRequest request, IGrainFactory grains, IServiceProvider services)
    {
        if (services.GetService<IProcessorEvents>() is not { } events)
        {
            return TypedResults.Problem(Problems.Create(StatusCodes.Status404NotFound, "webhooks.not_configured",
                "This engine's processor sends no webhooks (SmartRec:Processor:Kind is not Stripe)."));
        }

        using var reader = new StreamReader(request.Body);
        var payload = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        ProcessorEvent processorEvent;
        try
        {
            processorEvent = await events.ReadAsync(payload, request.Headers[SignatureHeader].FirstOrDefault(), request.HttpContext.RequestAborted);
        }
        catch (ProcessorEventRejectedException e)
        {
            return TypedResults.Problem(Problems.Create(StatusCodes.Status400BadRequest, e.Code, e.Message, SignatureHeader));
        }

        if (processorEvent.ChangesNothing)
        {
            // Saving a card sends four such events and every mass charge three per target: recording each as applied
            // cost a grain activation, a storage read and a write apiece, and nothing would change if one came again.
            return TypedResults.Ok(new WebhookReceipt(processorEvent.EventId, Applied: false));
        }

        var applied = await grains.GetGrain<IProcessorEventGrain>(processorEvent.EventId).Apply(processorEvent);
        return TypedResults.Ok(new WebhookReceipt(processorEvent.EventId, applied));
    }
}
