using SmartRec.StripeEmulator.Background;
using SmartRec.StripeEmulator.Http;
using SmartRec.StripeEmulator.Model;

namespace SmartRec.StripeEmulator.Api;

internal static class PaymentIntentsApi
{
    /// <summary>Stripe's smallest charge in USD and CAD, in cents.</summary>
    private const long MinimumAmount = 50;

    public static void MapPaymentIntentsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/payment_intents", Create);
        routes.MapGet("/v1/payment_intents", List);
        routes.MapGet("/v1/payment_intents/search", PaymentIntentSearch.Search);
        routes.MapGet("/v1/payment_intents/{id}", Retrieve);
        routes.MapPost("/v1/payment_intents/{id}/confirm", Confirm);
    }

    private static async Task<IResult> Create(HttpContext context, EmulatorState state, PaymentFlow flow, EmulatorOptions options, TimeProvider time)
    {
        var form = await StripeForm.ReadAsync(context.Request);
        var amount = form.Long("amount") ?? throw StripeError.InvalidRequest("parameter_missing", "Missing required param: amount.", "amount");
        var currency = form.Required("currency").ToLowerInvariant();
        if (amount < MinimumAmount && currency is "usd" or "cad")
        {
            throw StripeError.InvalidRequest("amount_too_small", "Amount must be at least $0.50 usd", "amount");
        }

        if (form.Bool("off_session") && !form.Bool("confirm"))
        {
            throw StripeError.InvalidRequest("parameter_invalid_boolean", "off_session can only be used with confirm=true.", "off_session");
        }

        lock (state.Gate)
        {
            var origin = EventOrigin.Of(context, options);
            var intent = new PaymentIntentRecord(Ids.New("pi"), state.Now)
            {
                Amount = amount,
                Currency = currency,
                CustomerId = form["customer"] is { } customer ? state.Customer(customer).Id : null,
                PaymentMethodId = form["payment_method"] is { } method ? PaymentMethodsApi.Resolve(state, method, time).Id : null,
                Description = form["description"],
                Metadata = form.Hash("metadata"),
                PaymentMethodTypes = form.PaymentMethodTypes(),
                ApiVersion = origin.ApiVersion,
                IdempotencyKey = origin.IdempotencyKey,
            };
            intent.Status = intent.PaymentMethodId is null ? "requires_payment_method" : "requires_confirmation";
            state.PaymentIntents.Add(intent);
            state.Publish("payment_intent.created", intent, origin);
            if (form.Bool("confirm"))
            {
                flow.Confirm(context, intent, form, origin);
            }

            return StripeResults.Ok(state.Expand(intent, form.List("expand")));
        }
    }

    private static async Task<IResult> Confirm(string id, HttpContext context, EmulatorState state, PaymentFlow flow, EmulatorOptions options, TimeProvider time)
    {
        var form = await StripeForm.ReadAsync(context.Request);
        lock (state.Gate)
        {
            var intent = state.PaymentIntent(id);
            if (intent.Status is not ("requires_payment_method" or "requires_confirmation"))
            {
                throw StripeError.InvalidRequest("payment_intent_unexpected_state",
                    $"You cannot confirm this PaymentIntent because it has a status of {intent.Status}.");
            }

            if (form["payment_method"] is { } method)
            {
                intent.PaymentMethodId = PaymentMethodsApi.Resolve(state, method, time).Id;
            }

            flow.Confirm(context, intent, form, EventOrigin.Of(context, options));
            return StripeResults.Ok(state.Expand(intent, form.List("expand")));
        }
    }

    private static async Task<IResult> Retrieve(string id, HttpRequest request, EmulatorState state)
    {
        var form = await StripeForm.ReadAsync(request);
        lock (state.Gate)
        {
            return StripeResults.Ok(state.Expand(state.PaymentIntent(id), form.List("expand")));
        }
    }

    private static async Task<IResult> List(HttpRequest request, EmulatorState state)
    {
        var form = await StripeForm.ReadAsync(request);
        var customer = form["customer"];
        lock (state.Gate)
        {
            var intents = state.PaymentIntents.NewestFirst(i =>
                (customer is null || i.CustomerId == customer) && Paging.CreatedMatches(form, i.Created));
            var expand = form.List("expand").Select(e => e.StartsWith("data.", StringComparison.Ordinal) ? e[5..] : e).ToList();
            return StripeResults.Ok(Paging.Page(intents, form, "/v1/payment_intents", i => state.Expand(i, expand)));
        }
    }
}
