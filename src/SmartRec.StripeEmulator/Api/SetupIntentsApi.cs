using System.Text.Json.Nodes;
using SmartRec.StripeEmulator.Http;
using SmartRec.StripeEmulator.Model;

namespace SmartRec.StripeEmulator.Api;

/// <summary>
/// SetupIntents save a method for off-session use. Bank debits need the customer's mandate: <c>mandate_data</c> with
/// the customer's acceptance, and for <c>acss_debit</c> (PAD) the currency and mandate options Stripe requires.
/// </summary>
internal static class SetupIntentsApi
{
    public static void MapSetupIntentsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/setup_intents", Create);
        routes.MapGet("/v1/setup_intents", List);
        routes.MapGet("/v1/setup_intents/{id}", Retrieve);
        routes.MapPost("/v1/setup_intents/{id}/confirm", Confirm);
    }

    private static async Task<IResult> Create(HttpContext context, EmulatorState state, EmulatorOptions options)
    {
        var form = await StripeForm.ReadAsync(context.Request);
        lock (state.Gate)
        {
            var intent = new SetupIntentRecord(Ids.New("seti"), state.Now)
            {
                CustomerId = form["customer"] is { } customer ? state.Customer(customer).Id : null,
                PaymentMethodId = form["payment_method"] is { } method ? state.PaymentMethod(method).Id : null,
                Usage = form["usage"] ?? "off_session",
                Metadata = form.Hash("metadata"),
                PaymentMethodTypes = form.PaymentMethodTypes(),
            };

            intent.Status = intent.PaymentMethodId is null ? "requires_payment_method" : "requires_confirmation";
            var origin = EventOrigin.Of(context, options);
            if (form.Bool("confirm"))
            {
                ConfirmIntent(state, intent, form);
            }

            state.SetupIntents.Add(intent);
            state.Publish("setup_intent.created", intent, origin);
            if (intent.Status == "succeeded")
            {
                state.Publish("setup_intent.succeeded", intent, origin);
            }

            return StripeResults.Ok(state.Expand(intent, form.List("expand")));
        }
    }

    private static async Task<IResult> Confirm(string id, HttpContext context, EmulatorState state, EmulatorOptions options)
    {
        var form = await StripeForm.ReadAsync(context.Request);
        lock (state.Gate)
        {
            var intent = state.SetupIntents.Find(id) ?? throw StripeError.Missing("setup_intent", id, "intent");
            if (intent.Status == "succeeded")
            {
                throw StripeError.InvalidRequest("setup_intent_unexpected_state",
                    "You cannot confirm this SetupIntent because it has already succeeded.");
            }

            if (form["payment_method"] is { } method)
            {
                intent.PaymentMethodId = state.PaymentMethod(method).Id;
            }

            var origin = EventOrigin.Of(context, options);
            ConfirmIntent(state, intent, form);
            state.Publish("setup_intent.succeeded", intent, origin);
            return StripeResults.Ok(state.Expand(intent, form.List("expand")));
        }
    }

    private static async Task<IResult> Retrieve(string id, HttpRequest request, EmulatorState state)
    {
        var form = await StripeForm.ReadAsync(request);
        lock (state.Gate)
        {
            var intent = state.SetupIntents.Find(id) ?? throw StripeError.Missing("setup_intent", id, "intent");
            return StripeResults.Ok(state.Expand(intent, form.List("expand")));
        }
    }

    private static async Task<IResult> List(HttpRequest request, EmulatorState state)
    {
        var form = await StripeForm.ReadAsync(request);
        var customer = form["customer"];
        var method = form["payment_method"];
        lock (state.Gate)
        {
            var intents = state.SetupIntents.NewestFirst(i =>
                (customer is null || i.CustomerId == customer) && (method is null || i.PaymentMethodId == method));
            return StripeResults.Ok(Paging.Page(intents, form, "/v1/setup_intents", i => i.ToJson()));
        }
    }

    private static void ConfirmIntent(EmulatorState state, SetupIntentRecord intent, StripeForm form)
    {
        var method = intent.PaymentMethodId is { } id
            ? state.PaymentMethod(id)
            : throw StripeError.InvalidRequest("parameter_missing", "You must provide a payment_method to confirm this SetupIntent.", "payment_method");
        if (!intent.PaymentMethodTypes.Contains(method.TypeName))
        {
            throw StripeError.InvalidRequest("payment_intent_invalid_parameter",
                $"The PaymentMethod provided ({method.TypeName}) is not allowed by this SetupIntent's payment_method_types.", "payment_method");
        }

        if (intent.CustomerId is not null && method.CustomerId != intent.CustomerId)
        {
            throw StripeError.InvalidRequest("payment_method_unexpected_state",
                "The provided PaymentMethod is not attached to this SetupIntent's customer.", "payment_method");
        }

        if (method.Method.Type != PaymentMethodType.Card)
        {
            var mandate = new MandateRecord(Ids.New("mandate"), method.Id, method.TypeName, state.Now, Acceptance(form), MandateOptions(method, form));
            state.Mandates.Add(mandate);
            method.MandateId = mandate.Id;
            intent.MandateId = mandate.Id;
        }

        intent.Status = "succeeded";
    }

    private static JsonObject Acceptance(StripeForm form)
    {
        const string prefix = "mandate_data[customer_acceptance]";
        var type = form.Required($"{prefix}[type]");
        return type switch
        {
            "online" => new JsonObject
            {
                ["type"] = "online",
                ["online"] = new JsonObject
                {
                    ["ip_address"] = form.Required($"{prefix}[online][ip_address]"),
                    ["user_agent"] = form.Required($"{prefix}[online][user_agent]"),
                },
            },
            "offline" => new JsonObject { ["type"] = "offline", ["offline"] = new JsonObject() },
            _ => throw StripeError.InvalidRequest("parameter_invalid_string", $"Invalid customer_acceptance type: {type}", $"{prefix}[type]"),
        };
    }

    private static JsonObject? MandateOptions(PaymentMethodRecord method, StripeForm form)
    {
        if (method.Method.Type != PaymentMethodType.AcssDebit)
        {
            return null;
        }

        const string prefix = "payment_method_options[acss_debit]";
        form.Required($"{prefix}[currency]");
        var schedule = form.Required($"{prefix}[mandate_options][payment_schedule]");
        var interval = form[$"{prefix}[mandate_options][interval_description]"];
        if (schedule is "interval" or "combined" && interval is null)
        {
            throw StripeError.InvalidRequest("parameter_missing",
                $"Missing required param: {prefix}[mandate_options][interval_description].", $"{prefix}[mandate_options][interval_description]");
        }

        return new JsonObject
        {
            ["payment_schedule"] = schedule,
            ["transaction_type"] = form.Required($"{prefix}[mandate_options][transaction_type]"),
            ["interval_description"] = interval,
        };
    }
}
