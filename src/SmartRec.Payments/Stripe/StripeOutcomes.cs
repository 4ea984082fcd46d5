using SmartRec.Contracts;
using global::Stripe;

namespace SmartRec.Payments.Stripe;

/// <summary>A PaymentIntent's state as the charge outcome the engine records.</summary>
internal static class StripeOutcomes
{
    public static ChargeOutcome From(PaymentIntent intent)
    {
        var amount = new Money(intent.Amount, intent.Currency.ToUpperInvariant());
        return intent.Status switch
        {
            "succeeded" => new ChargeOutcome(ChargeStatus.Succeeded, intent.Id, amount),
            "processing" => new ChargeOutcome(ChargeStatus.Processing, intent.Id, amount),
            "requires_payment_method" when intent.LastPaymentError is { } error =>
                new ChargeOutcome(ChargeStatus.Declined, intent.Id, amount, error.DeclineCode ?? error.Code, error.Message),
            // Off-session, a card asking for 3-D Secure cannot be charged: the customer must come back.
            "requires_action" => new ChargeOutcome(ChargeStatus.Declined, intent.Id, amount, "authentication_required",
                "The card requires authentication by the customer."),
            "canceled" => new ChargeOutcome(ChargeStatus.Declined, intent.Id, amount, "canceled", "The payment was canceled."),
            _ => throw new ProcessorException("payment_intent_unexpected_state",
                $"PaymentIntent {intent.Id} is {intent.Status}, which an off-session charge never leaves it in."),
        };
    }

    /// <summary>A 402 card error on confirmation: the card or bank said no. An outcome, never an exception.</summary>
    public static ChargeOutcome Declined(StripeError error, Money amount) =>
        new(ChargeStatus.Declined, error.PaymentIntent?.Id ?? "", amount, error.DeclineCode ?? error.Code, error.Message);

    /// <summary>When several intents carry one key (a retry after Stripe forgot the key), the one that moved money wins.</summary>
    public static PaymentIntent? MostAdvanced(IEnumerable<PaymentIntent> intents) =>
        intents.OrderBy(i => i.Status switch { "succeeded" => 0, "processing" => 1, _ => 2 }).ThenByDescending(i => i.Created).FirstOrDefault();
}
