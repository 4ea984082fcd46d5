using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SmartRec.StripeEmulator.Http;
using SmartRec.StripeEmulator.Model;

namespace SmartRec.StripeEmulator.Api;

internal static class PaymentMethodsApi
{
    /// <summary>Years of validity of a test card attached today, as if freshly issued.</summary>
    private const int TestCardYears = 3;

    public static void MapPaymentMethodsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/payment_methods", List);
        routes.MapGet("/v1/payment_methods/{id}", Retrieve);
        routes.MapPost("/v1/payment_methods/{id}", Update);
        routes.MapPost("/v1/payment_methods/{id}/attach", Attach);
        routes.MapPost("/v1/payment_methods/{id}/detach", Detach);
    }

    public static async Task<IResult> ListForCustomer(string id, HttpRequest request, EmulatorState state)
    {
        var form = await StripeForm.ReadAsync(request);
        lock (state.Gate)
        {
            state.Customer(id, "customer");
            return StripeResults.Ok(ListOf(state, form, id, $"/v1/customers/{id}/payment_methods"));
        }
    }

    /// <summary>
    /// A test token (<c>pm_card_visa</c>) makes a new method attached to the customer, as Stripe does; an existing
    /// method is attached as it is, once: a method belongs to one customer.
    /// </summary>
    private static async Task<IResult> Attach(string id, HttpContext context, EmulatorState state, EmulatorOptions options, TimeProvider time)
    {
        var form = await StripeForm.ReadAsync(context.Request);
        var customerId = form.Required("customer");
        lock (state.Gate)
        {
            state.Customer(customerId);
            PaymentMethodRecord method;
            if (TestPaymentMethods.All.TryGetValue(id, out var test))
            {
                method = New(state, id, test, time);
                state.PaymentMethods.Add(method);
            }
            else
            {
                method = state.PaymentMethod(id, "payment_method");
                if (method.Detached || (method.CustomerId is not null && method.CustomerId != customerId))
                {
                    throw StripeError.InvalidRequest("payment_method_unexpected_state",
                        "The payment method you provided has already been attached to a customer or detached from one.", "payment_method");
                }
            }

            method.CustomerId = customerId;
            state.Publish("payment_method.attached", method, EventOrigin.Of(context, options));
            return StripeResults.Ok(method.ToJson());
        }
    }

    private static IResult Detach(string id, HttpContext context, EmulatorState state, EmulatorOptions options)
    {
        lock (state.Gate)
        {
            var method = state.PaymentMethod(id, "payment_method");
            if (method.CustomerId is null)
            {
                throw StripeError.InvalidRequest("payment_method_unexpected_state",
                    "The payment method you provided is not attached to a customer so detachment is impossible.", "payment_method");
            }

            method.CustomerId = null;
            method.Detached = true;
            state.Publish("payment_method.detached", method, EventOrigin.Of(context, options));
            return StripeResults.Ok(method.ToJson());
        }
    }

    private static async Task<IResult> Update(string id, HttpContext context, EmulatorState state, EmulatorOptions options, TimeProvider time)
    {
        var form = await StripeForm.ReadAsync(context.Request);
        lock (state.Gate)
        {
            var method = state.PaymentMethod(id, "payment_method");
            var month = form.Long("card[exp_month]");
            var year = form.Long("card[exp_year]");
            if (month is not null || year is not null)
            {
                if (method.Method.Type != PaymentMethodType.Card)
                {
                    throw StripeError.InvalidRequest("parameter_unknown", "Received unknown parameter: card", "card");
                }

                SetExpiry(method, (int)(month ?? method.ExpMonth), (int)(year ?? method.ExpYear), time);
            }

            UpdateBillingDetails(method, form);
            foreach (var (key, value) in form.Hash("metadata"))
            {
                method.Metadata[key] = value;
            }

            state.Publish("payment_method.updated", method, EventOrigin.Of(context, options));
            return StripeResults.Ok(method.ToJson());
        }
    }

    private static IResult Retrieve(string id, EmulatorState state, TimeProvider time)
    {
        lock (state.Gate)
        {
            return StripeResults.Ok(Resolve(state, id, time, "id").ToJson());
        }
    }

    private static async Task<IResult> List(HttpRequest request, EmulatorState state)
    {
        var form = await StripeForm.ReadAsync(request);
        var customerId = form.Required("customer");
        lock (state.Gate)
        {
            return StripeResults.Ok(ListOf(state, form, customerId, "/v1/payment_methods"));
        }
    }

    /// <summary>Sets a card's expiry; a month already past is refused, as Stripe refuses it.</summary>
    public static void SetExpiry(PaymentMethodRecord method, int month, int year, TimeProvider time)
    {
        var now = time.GetUtcNow();
        if (month is < 1 or > 12)
        {
            throw StripeError.InvalidRequest("invalid_expiry_month", "Your card's expiration month is invalid.", "card[exp_month]");
        }

        if (year < now.Year || (year == now.Year && month < now.Month))
        {
            throw StripeError.InvalidRequest("invalid_expiry_year", "Your card's expiration year is invalid.", "card[exp_year]");
        }

        method.ExpMonth = month;
        method.ExpYear = year;
    }

    private static JsonObject ListOf(EmulatorState state, StripeForm form, string customerId, string url)
    {
        var type = form["type"];
        var methods = state.PaymentMethods.NewestFirst(m => m.CustomerId == customerId && (type is null || m.TypeName == type));
        return Paging.Page(methods, form, url, m => m.ToJson());
    }

    /// <summary>
    /// The method an id names, or for a test token a fresh unattached method made from it, as Stripe does when a test
    /// token is retrieved or charged directly (a one-off payment with no customer).
    /// </summary>
    internal static PaymentMethodRecord Resolve(EmulatorState state, string id, TimeProvider time, string param = "payment_method")
    {
        if (!TestPaymentMethods.All.TryGetValue(id, out var test))
        {
            return state.PaymentMethod(id, param);
        }

        var method = New(state, id, test, time);
        state.PaymentMethods.Add(method);
        return method;
    }

    private static PaymentMethodRecord New(EmulatorState state, string token, TestMethod test, TimeProvider time)
    {
        // Stripe's fingerprint names the card or account number, so the same test token always has the same one.
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..16];
        var method = new PaymentMethodRecord(Ids.New("pm"), state.Now, test, fingerprint);
        if (test.Type == PaymentMethodType.Card)
        {
            var now = time.GetUtcNow();
            var lastMonth = now.AddMonths(-1);
            (method.ExpMonth, method.ExpYear) = test.ExpiredOnAttach ? (lastMonth.Month, lastMonth.Year) : (12, now.Year + TestCardYears);
        }

        return method;
    }

    private static void UpdateBillingDetails(PaymentMethodRecord method, StripeForm form)
    {
        if (form["billing_details[name]"] is { } name)
        {
            method.BillingName = name;
        }

        var address = form.Hash("billing_details[address]");
        if (address.Count > 0)
        {
            method.BillingAddress = address;
        }
    }
}
