using System.Text.Json.Nodes;
using SmartRec.StripeEmulator.Http;
using SmartRec.StripeEmulator.Model;

namespace SmartRec.StripeEmulator.Background;

/// <summary>
/// What confirming a PaymentIntent does, by the test method charged: a card succeeds or is declined at once (402
/// card_error, the intent back to requires_payment_method); a bank debit is processing and settles or fails later;
/// the dispute card is disputed after success. Call inside the state's lock.
/// </summary>
internal sealed class PaymentFlow(EmulatorState state, EmulatorOptions options, DelayedWork later, Dice dice, TimeProvider time)
{
    public void Confirm(HttpContext context, PaymentIntentRecord intent, StripeForm form, EventOrigin origin)
    {
        var method = intent.PaymentMethodId is { } id
            ? state.PaymentMethod(id)
            : throw StripeError.InvalidRequest("payment_intent_unexpected_state",
                "You cannot confirm this PaymentIntent because it's missing a payment method.", "payment_method");
        Validate(intent, method, form);

        var bank = method.Method.Type != PaymentMethodType.Card;
        var charge = new ChargeRecord(Ids.New(bank ? "py" : "ch"), state.Now)
        {
            PaymentIntentId = intent.Id,
            PaymentMethodId = method.Id,
            CustomerId = intent.CustomerId,
            Amount = intent.Amount,
            Currency = intent.Currency,
            Metadata = intent.Metadata,
        };
        state.Charges.Add(charge);
        intent.LatestChargeId = charge.Id;
        if (method.Method.LosesFirstResponse || dice.Roll(options.DropAfterChargeRate))
        {
            context.Items[IdempotencyMiddleware.DropConnectionItem] = true;
        }

        if (bank)
        {
            intent.Status = "processing";
            state.Publish("charge.pending", charge, origin);
            state.Publish("payment_intent.processing", intent, origin);
            later.After(options.BankSettlementDelay, () => Settle(intent, charge, method.Method));
            return;
        }

        if (Decline(method) is { } decline)
        {
            throw Declined(intent, charge, method, decline, origin);
        }

        Succeed(intent, charge, origin);
        if (method.Method.DisputedAfterSuccess)
        {
            later.After(options.DisputeDelay, () => Dispute(charge, intent.ApiVersion));
        }
    }

    private void Validate(PaymentIntentRecord intent, PaymentMethodRecord method, StripeForm form)
    {
        if (method.Detached || (intent.CustomerId is not null && method.CustomerId != intent.CustomerId))
        {
            throw StripeError.InvalidRequest("payment_method_unexpected_state",
                "The provided PaymentMethod was previously used without being attached to a Customer or was detached from one, "
                + "or it belongs to another customer. It may not be used again.", "payment_method");
        }

        if (!intent.PaymentMethodTypes.Contains(method.TypeName))
        {
            throw StripeError.InvalidRequest("payment_intent_invalid_parameter",
                $"The PaymentMethod provided ({method.TypeName}) is not allowed by this PaymentIntent's payment_method_types.", "payment_method");
        }

        if (method.Method.Type != PaymentMethodType.Card && method.MandateId is null && form["mandate"] is null)
        {
            throw StripeError.InvalidRequest("parameter_missing",
                "An off-session bank debit needs a mandate: save the method with a SetupIntent and mandate_data first.", "mandate");
        }
    }

    private Decline? Decline(PaymentMethodRecord method)
    {
        var now = time.GetUtcNow();
        var expired = method.Method.Type == PaymentMethodType.Card
            && (method.ExpYear < now.Year || (method.ExpYear == now.Year && method.ExpMonth < now.Month));
        return expired
            ? TestPaymentMethods.All["pm_card_chargeDeclinedExpiredCard"].Decline
            : method.Method.Decline;
    }

    private StripeError Declined(PaymentIntentRecord intent, ChargeRecord charge, PaymentMethodRecord method, Decline decline, EventOrigin origin)
    {
        charge.Status = "failed";
        charge.FailureCode = decline.Code;
        charge.FailureMessage = decline.Message;
        intent.Status = "requires_payment_method";
        intent.LastPaymentError = new JsonObject
        {
            ["type"] = "card_error",
            ["code"] = decline.Code,
            ["decline_code"] = decline.DeclineCode,
            ["message"] = decline.Message,
            ["param"] = decline.Param,
            ["charge"] = charge.Id,
            ["payment_method"] = method.ToJson(),
        };
        state.Publish("charge.failed", charge, origin);
        state.Publish("payment_intent.payment_failed", intent, origin);
        return new StripeError(StatusCodes.Status402PaymentRequired, "card_error", decline.Code, decline.Message, decline.Param)
        {
            DeclineCode = decline.DeclineCode,
            Extra = new JsonObject
            {
                ["charge"] = charge.Id,
                ["payment_intent"] = intent.ToJson(),
                ["payment_method"] = method.ToJson(),
            },
        };
    }

    private void Succeed(PaymentIntentRecord intent, ChargeRecord charge, EventOrigin origin)
    {
        charge.Status = "succeeded";
        intent.Status = "succeeded";
        intent.AmountReceived = intent.Amount;
        state.Publish("charge.succeeded", charge, origin);
        state.Publish("payment_intent.succeeded", intent, origin);
    }

    /// <summary>A bank debit's end, days later at a real bank: settled, or failed with the bank's reason.</summary>
    private void Settle(PaymentIntentRecord intent, ChargeRecord charge, TestMethod method)
    {
        lock (state.Gate)
        {
            var origin = EventOrigin.Later(intent.ApiVersion);
            if (method.SettlementFailure is not { } failure)
            {
                Succeed(intent, charge, origin);
                return;
            }

            charge.Status = "failed";
            charge.FailureCode = failure.Code;
            charge.FailureMessage = failure.Message;
            intent.Status = "requires_payment_method";
            intent.LastPaymentError = new JsonObject
            {
                ["type"] = "invalid_request_error",
                ["code"] = failure.Code,
                ["message"] = failure.Message,
                ["charge"] = charge.Id,
                ["payment_method"] = state.PaymentMethod(charge.PaymentMethodId).ToJson(),
            };
            state.Publish("charge.failed", charge, origin);
            state.Publish("payment_intent.payment_failed", intent, origin);
        }
    }

    private void Dispute(ChargeRecord charge, string apiVersion)
    {
        lock (state.Gate)
        {
            charge.Disputed = true;
            var dispute = new DisputeRecord(Ids.New("dp"), state.Now, charge);
            state.Disputes.Add(dispute);
            state.Publish("charge.dispute.created", dispute, EventOrigin.Later(apiVersion));
        }
    }
}
