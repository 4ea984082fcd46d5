using global::Stripe;
using SmartRec.Contracts.ProcessorEvents;
using SmartRec.Contracts.Wallets;

namespace SmartRec.Payments.Stripe;

/// <summary>
/// Checks a webhook's <c>Stripe-Signature</c> (HMAC-SHA256 of "{t}.{payload}" with the endpoint's secret, within a
/// timestamp tolerance) and translates the event into the engine's words. Payment events carry the engine's payment
/// reference in the PaymentIntent's metadata; method events name the wallet through the method's customer.
/// </summary>
public sealed class StripeWebhookEvents(IStripeClient client, StripeProcessorOptions options, TimeProvider time) : IProcessorEvents
{
    /// <summary>Stripe's own default: an event older than this may be a replay of a stolen delivery.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private readonly CustomerService _customers = new(client);

    public async Task<ProcessorEvent> ReadAsync(string payload, string? signature, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(options.WebhookSecret))
        {
            throw new ProcessorEventRejectedException("webhook.not_configured", $"No webhook secret is configured ({StripeProcessorOptions.Section}:WebhookSecret).");
        }

        if (string.IsNullOrEmpty(signature))
        {
            throw new ProcessorEventRejectedException("webhook.unsigned", "The event carries no Stripe-Signature header.");
        }

        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(payload, signature, options.WebhookSecret,
                (long)Tolerance.TotalSeconds, time.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
        }
        catch (StripeException e)
        {
            throw new ProcessorEventRejectedException("webhook.signature", $"The event's signature does not check out: {e.Message}");
        }
        catch (Exception e) when (e is Newtonsoft.Json.JsonException or ArgumentException or FormatException)
        {
            throw new ProcessorEventRejectedException("webhook.malformed", "The event is not a Stripe event.");
        }

        return stripeEvent.Data?.Object switch
        {
            PaymentIntent intent when stripeEvent.Type.StartsWith("payment_intent.", StringComparison.Ordinal) =>
                new ProcessorEvent(stripeEvent.Id, ProcessorEventKind.PaymentChanged, Reference(intent.Metadata)),
            Charge charge when stripeEvent.Type == "charge.refunded" =>
                new ProcessorEvent(stripeEvent.Id, ProcessorEventKind.PaymentRefunded, Reference(charge.Metadata)),
            Dispute dispute when stripeEvent.Type == "charge.dispute.created" =>
                new ProcessorEvent(stripeEvent.Id, ProcessorEventKind.PaymentDisputed, await DisputedReference(dispute, cancellationToken)),
            PaymentMethod method when stripeEvent.Type == "payment_method.automatically_updated" =>
                new ProcessorEvent(stripeEvent.Id, ProcessorEventKind.MethodUpdated, ProcessorMethodId: method.Id,
                    WalletReference: await WalletOf(method.CustomerId ?? method.Customer?.Id, cancellationToken),
                    Expiry: method.Card is { } card ? new CardExpiry((int)card.ExpMonth, (int)card.ExpYear) : null),
            PaymentMethod method when stripeEvent.Type == "payment_method.detached" =>
                new ProcessorEvent(stripeEvent.Id, ProcessorEventKind.MethodDetached, ProcessorMethodId: method.Id,
                    WalletReference: await WalletOf(EventCustomer(stripeEvent), cancellationToken)),
            _ => new ProcessorEvent(stripeEvent.Id, ProcessorEventKind.Ignored),
        };
    }

    private static string? Reference(IDictionary<string, string>? metadata) =>
        metadata?.TryGetValue(StripePaymentProcessor.PaymentMetadata, out var reference) == true ? reference : null;

    /// <summary>A dispute names its charge's PaymentIntent; the intent carries the engine's reference.</summary>
    private async Task<string?> DisputedReference(Dispute dispute, CancellationToken cancellationToken)
    {
        var intentId = dispute.PaymentIntentId ?? dispute.PaymentIntent?.Id;
        if (intentId is null)
        {
            return null;
        }

        var intent = await new PaymentIntentService(client).GetAsync(intentId, null, null, cancellationToken);
        return Reference(intent.Metadata);
    }

    /// <summary>A detached method no longer names its customer; the event's previous attributes still do.</summary>
    private static string? EventCustomer(Event stripeEvent) =>
        stripeEvent.Data?.PreviousAttributes is Newtonsoft.Json.Linq.JObject previous ? previous.Value<string>("customer") : null;

    private async Task<string?> WalletOf(string? customerId, CancellationToken cancellationToken)
    {
        if (customerId is null)
        {
            return null;
        }

        var customer = await _customers.GetAsync(customerId, null, null, cancellationToken);
        return customer.Metadata?.TryGetValue(StripePaymentProcessor.WalletMetadata, out var wallet) == true ? wallet : null;
    }
}
