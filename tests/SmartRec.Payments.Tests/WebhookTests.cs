using SmartRec.Contracts;
using SmartRec.Payments.Simulated;
using Stripe;

namespace SmartRec.Payments.Tests;

/// <summary>Events as Stripe sends them: signed with the endpoint secret, retried after a failure, listed at /v1/events.</summary>
public sealed class WebhookTests(WebhookStripe stripe) : IClassFixture<WebhookStripe>
{
    [Fact]
    public async Task A_signed_event_verifies_with_Stripe_net_and_the_configured_secret()
    {
        var (customer, card) = await stripe.Saved(SimulatedTestMethods.Visa);
        var charge = await stripe.Charge(customer, card.PaymentMethodId, 1999, EmulatedStripe.NewKey());

        var delivery = Assert.Single(await stripe.Listener.Accepted("payment_intent.succeeded", charge.ChargeId));
        var verified = EventUtility.ConstructEvent(delivery.Body, delivery.Signature, EmulatedStripe.WebhookSecret);
        var listed = await new EventService(stripe.Client).GetAsync(verified.Id);

        Assert.Equal(EventTypes.PaymentIntentSucceeded, verified.Type);
        Assert.Equal((charge.ChargeId, 1999L), (((PaymentIntent)verified.Data.Object).Id, ((PaymentIntent)verified.Data.Object).Amount));
        Assert.Equal(verified.Id, listed.Id);
        Assert.Throws<StripeException>(() => EventUtility.ConstructEvent(delivery.Body, delivery.Signature, "whsec_forged"));
    }

    [Fact]
    public async Task A_delivery_answered_500_is_retried()
    {
        var (customer, card) = await stripe.Saved(SimulatedTestMethods.Visa);
        var charge = await stripe.Charge(customer, card.PaymentMethodId, 2999, EmulatedStripe.NewKey());

        var accepted = Assert.Single(await stripe.Listener.Accepted("charge.succeeded", (await Charge(charge)).Id));
        var attempts = stripe.Listener.Deliveries.Where(d => d.EventId == accepted.EventId).ToList();

        Assert.Equal([false, true], attempts.Select(d => d.Accepted));
        Assert.True(stripe.Emulator.Stats.WebhookFailures > 0);
    }

    [Fact]
    public async Task Bank_debits_send_processing_then_succeeded_or_payment_failed()
    {
        var (customer, ok) = await stripe.Saved(SimulatedTestMethods.UsBankAccount);
        var (closedCustomer, closed) = await stripe.Saved(SimulatedTestMethods.UsBankAccountClosed);

        var settles = await stripe.Charge(customer, ok.PaymentMethodId, 5000, EmulatedStripe.NewKey());
        var fails = await stripe.Charge(closedCustomer, closed.PaymentMethodId, 5000, EmulatedStripe.NewKey());

        Assert.Single(await stripe.Listener.Accepted("payment_intent.processing", settles.ChargeId));
        Assert.Single(await stripe.Listener.Accepted("payment_intent.succeeded", settles.ChargeId));
        Assert.Single(await stripe.Listener.Accepted("payment_intent.processing", fails.ChargeId));
        var failed = Assert.Single(await stripe.Listener.Accepted("payment_intent.payment_failed", fails.ChargeId));
        var intent = (PaymentIntent)EventUtility.ConstructEvent(failed.Body, failed.Signature, EmulatedStripe.WebhookSecret).Data.Object;
        Assert.Equal(("requires_payment_method", "account_closed"), (intent.Status, intent.LastPaymentError.Code));
    }

    [Fact]
    public async Task The_dispute_card_is_disputed_after_it_succeeded()
    {
        var (customer, card) = await stripe.Saved("pm_card_createDispute");
        var charge = await stripe.Charge(customer, card.PaymentMethodId, 7000, EmulatedStripe.NewKey());
        var chargeId = (await Charge(charge)).Id;

        var disputed = await Eventually(async () =>
            (await new EventService(stripe.Client).ListAsync(new EventListOptions { Type = "charge.dispute.created" })).Data
                .Select(e => (Dispute)e.Data.Object).FirstOrDefault(d => d.ChargeId == chargeId));

        Assert.Equal(ChargeStatus.Succeeded, charge.Status);
        Assert.Equal((7000L, "needs_response"), (disputed.Amount, disputed.Status));
        Assert.Single(await stripe.Listener.Accepted("charge.dispute.created", disputed.Id));
    }

    [Fact]
    public async Task Saving_updating_refunding_and_detaching_each_send_their_event()
    {
        var (customer, card) = await stripe.Saved(SimulatedTestMethods.Visa);
        var charge = await stripe.Charge(customer, card.PaymentMethodId, 3000, EmulatedStripe.NewKey());
        await stripe.Processor.RefundAsync(new RefundRequest(charge.ChargeId, new Money(1000, "USD"), EmulatedStripe.NewKey()), CancellationToken.None);
        using (var http = new HttpClient { BaseAddress = stripe.Emulator.BaseAddress })
        {
            var renewed = await http.PostAsync($"_emulator/payment_methods/{card.PaymentMethodId}/automatic_update",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["exp_month"] = "8", ["exp_year"] = (DateTime.UtcNow.Year + 4).ToString() }));
            renewed.EnsureSuccessStatusCode();
        }

        await stripe.Processor.DetachAsync(card.PaymentMethodId, CancellationToken.None);

        var setupIntents = await new SetupIntentService(stripe.Client).ListAsync(new SetupIntentListOptions { Customer = customer });
        Assert.Single(await stripe.Listener.Accepted("setup_intent.succeeded", setupIntents.Data.Single().Id));
        Assert.Single(await stripe.Listener.Accepted("charge.refunded", (await Charge(charge)).Id));
        var updated = Assert.Single(await stripe.Listener.Accepted("payment_method.automatically_updated", card.PaymentMethodId));
        var method = (PaymentMethod)EventUtility.ConstructEvent(updated.Body, updated.Signature, EmulatedStripe.WebhookSecret).Data.Object;
        Assert.Equal((8L, DateTime.UtcNow.Year + 4L), (method.Card.ExpMonth, method.Card.ExpYear));
        Assert.Single(await stripe.Listener.Accepted("payment_method.detached", card.PaymentMethodId));
    }

    [Fact]
    public async Task With_duplicates_on_an_event_is_delivered_twice_under_one_id()
    {
        var (customer, card) = await stripe.Saved(SimulatedTestMethods.Visa);
        stripe.Options.WebhookDuplicateRate = 1;
        ChargeOutcome charge;
        try
        {
            charge = await stripe.Charge(customer, card.PaymentMethodId, 4000, EmulatedStripe.NewKey());
        }
        finally
        {
            stripe.Options.WebhookDuplicateRate = 0;
        }

        var deliveries = await stripe.Listener.Accepted("payment_intent.succeeded", charge.ChargeId, count: 2);

        Assert.Equal(2, deliveries.Count);
        Assert.Single(deliveries.Select(d => d.EventId).Distinct());
    }

    private async Task<global::Stripe.Charge> Charge(ChargeOutcome outcome)
    {
        var intent = await new PaymentIntentService(stripe.Client).GetAsync(outcome.ChargeId);
        return await new ChargeService(stripe.Client).GetAsync(intent.LatestChargeId);
    }

    private static async Task<T> Eventually<T>(Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting.");
            await Task.Delay(50);
        }
    }
}
