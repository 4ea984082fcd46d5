using System.Globalization;
using SmartRec.StripeEmulator.Http;
using SmartRec.StripeEmulator.Model;

namespace SmartRec.StripeEmulator.Api;

/// <summary>
/// Refunds of a succeeded charge, whole or in parts. More than what is left is refused: <c>charge_already_refunded</c>
/// once nothing is left, <c>amount_too_large</c> otherwise.
/// </summary>
internal static class RefundsApi
{
    public static void MapRefundsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/refunds", Create);
        routes.MapGet("/v1/refunds", List);
        routes.MapGet("/v1/refunds/{id}", Retrieve);
    }

    private static async Task<IResult> Create(HttpContext context, EmulatorState state, EmulatorOptions options)
    {
        var form = await StripeForm.ReadAsync(context.Request);
        lock (state.Gate)
        {
            var charge = Charge(state, form);
            if (charge.Status != "succeeded")
            {
                throw StripeError.InvalidRequest("charge_not_refundable",
                    $"Charge {charge.Id} has a status of {charge.Status} and cannot be refunded.", "charge");
            }

            var left = charge.Amount - charge.AmountRefunded;
            var amount = form.Long("amount") ?? left;
            if (amount <= 0 && left > 0)
            {
                throw StripeError.InvalidRequest("parameter_invalid_integer", "Amount must be positive.", "amount");
            }

            if (left == 0)
            {
                throw StripeError.InvalidRequest("charge_already_refunded", $"Charge {charge.Id} has already been refunded.", "charge");
            }

            if (amount > left)
            {
                throw StripeError.InvalidRequest("amount_too_large",
                    $"Refund amount ({Format(amount)}) is greater than unrefunded amount on charge ({Format(left)})", "amount");
            }

            var refund = new RefundRecord(Ids.New("re"), state.Now)
            {
                Amount = amount,
                Currency = charge.Currency,
                ChargeId = charge.Id,
                PaymentIntentId = charge.PaymentIntentId,
                Reason = form["reason"],
                Metadata = form.Hash("metadata"),
            };
            state.Refunds.Add(refund);
            charge.AmountRefunded += amount;
            var origin = EventOrigin.Of(context, options);
            state.Publish("refund.created", refund, origin);
            state.Publish("charge.refunded", charge, origin);
            return StripeResults.Ok(refund.ToJson());
        }
    }

    private static async Task<IResult> List(HttpRequest request, EmulatorState state)
    {
        var form = await StripeForm.ReadAsync(request);
        var charge = form["charge"];
        var intent = form["payment_intent"];
        lock (state.Gate)
        {
            var refunds = state.Refunds.NewestFirst(r =>
                (charge is null || r.ChargeId == charge) && (intent is null || r.PaymentIntentId == intent));
            return StripeResults.Ok(Paging.Page(refunds, form, "/v1/refunds", r => r.ToJson()));
        }
    }

    private static IResult Retrieve(string id, EmulatorState state)
    {
        lock (state.Gate)
        {
            return StripeResults.Ok((state.Refunds.Find(id) ?? throw StripeError.Missing("refund", id)).ToJson());
        }
    }

    private static ChargeRecord Charge(EmulatorState state, StripeForm form)
    {
        if (form["charge"] is { } chargeId)
        {
            return state.Charges.Find(chargeId) ?? throw StripeError.Missing("charge", chargeId, "charge");
        }

        var intentId = form["payment_intent"]
            ?? throw StripeError.InvalidRequest("parameter_missing", "One of the following params should be provided for this request: payment_intent or charge.");
        var intent = state.PaymentIntent(intentId, "payment_intent");
        return intent.LatestChargeId is { } latest && state.Charges.Find(latest) is { } charge
            ? charge
            : throw StripeError.InvalidRequest("charge_not_refundable", $"PaymentIntent {intent.Id} has no charge to refund.", "payment_intent");
    }

    private static string Format(long minor) => (minor / 100m).ToString("0.00", CultureInfo.InvariantCulture);
}
