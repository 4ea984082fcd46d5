using Microsoft.Extensions.Logging.Abstractions;
using SmartRec.Payments.Simulated;
using SmartRec.Payments.Stripe;
using Stripe;

namespace SmartRec.Payments.Tests;

/// <summary>What Stripe.net sees on the wire from the emulator: headers and errors the processor relies on.</summary>
public sealed class EmulatorWireTests(EmulatedStripe stripe) : IClassFixture<EmulatedStripe>
{
    [Fact]
    public async Task A_replayed_request_is_marked_and_answers_the_same_object()
    {
        var (customer, card) = await stripe.Saved(SimulatedTestMethods.Visa);
        var service = new PaymentIntentService(stripe.Client);
        var create = NewIntent(customer, card.PaymentMethodId);
        var key = new RequestOptions { IdempotencyKey = EmulatedStripe.NewKey() };

        var first = await service.CreateAsync(create, key);
        var replay = await service.CreateAsync(create, key);

        Assert.Equal(first.Id, replay.Id);
        Assert.False(first.StripeResponse.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(["true"], replay.StripeResponse.Headers.GetValues("Idempotent-Replayed"));
    }

    [Fact]
    public async Task A_429_tells_the_client_it_may_retry()
    {
        var (customer, card) = await stripe.Saved(SimulatedTestMethods.Visa);
        var service = new PaymentIntentService(stripe.Client);
        stripe.Options.RequestsPerSecond = 1;
        StripeException? limited = null;
        try
        {
            for (var i = 0; i < 5 && limited is null; i++)
            {
                try
                {
                    await service.CreateAsync(NewIntent(customer, card.PaymentMethodId), new RequestOptions { IdempotencyKey = EmulatedStripe.NewKey() });
                }
                catch (StripeException e)
                {
                    limited = e;
                }
            }
        }
        finally
        {
            stripe.Options.RequestsPerSecond = 0;
        }

        Assert.NotNull(limited);
        Assert.Equal((429, "rate_limit"), ((int)limited.HttpStatusCode, limited.StripeError.Code));
        Assert.Equal(["true"], limited.StripeResponse.Headers.GetValues("Stripe-Should-Retry"));
    }

    [Fact]
    public async Task A_wrong_key_is_401_and_the_processor_never_calls_it_a_decline()
    {
        var options = new StripeProcessorOptions { ApiKey = "sk_test_wrong", ApiBase = stripe.Emulator.BaseAddress.ToString() };
        var client = StripeClientFactory.Create(options);
        var processor = new StripePaymentProcessor(client, options, TimeProvider.System, NullLogger<StripePaymentProcessor>.Instance);

        var refused = await Assert.ThrowsAsync<StripeException>(() => new CustomerService(client).CreateAsync(new CustomerCreateOptions()));
        var unknown = await Assert.ThrowsAsync<ProcessorUnavailableException>(() => processor.ChargeAsync(
            new ChargeRequest("cus_x", "pm_x", new Contracts.Money(1000, "USD"), EmulatedStripe.NewKey(), "Tests"), CancellationToken.None));

        Assert.Equal((401, "invalid_request_error"), ((int)refused.HttpStatusCode, refused.StripeError.Type));
        Assert.True(unknown.LeavesOutcomeUnknown);
    }

    [Fact]
    public async Task Search_finds_intents_by_metadata_only()
    {
        var (customer, card) = await stripe.Saved(SimulatedTestMethods.Visa);
        var key = EmulatedStripe.NewKey();
        await stripe.Charge(customer, card.PaymentMethodId, 1000, key);
        await stripe.Charge(customer, card.PaymentMethodId, 1000, EmulatedStripe.NewKey());

        var found = await new PaymentIntentService(stripe.Client).SearchAsync(new PaymentIntentSearchOptions
        {
            Query = $"metadata['{StripePaymentProcessor.KeyMetadata}']:'{key}' AND status:'succeeded'",
        });

        Assert.Equal(key, Assert.Single(found.Data).Metadata[StripePaymentProcessor.KeyMetadata]);
    }

    [Fact]
    public async Task A_customer_lists_its_attached_methods_and_not_the_detached_ones()
    {
        var (customer, kept) = await stripe.Saved(SimulatedTestMethods.Visa);
        var gone = await stripe.Processor.AttachAsync(customer, SimulatedTestMethods.Visa,
            new Contracts.Wallets.BillingAddress("1 Main St", "Springfield", "12345", "US"), CancellationToken.None);
        await stripe.Processor.DetachAsync(gone.PaymentMethodId, CancellationToken.None);

        var owner = await new CustomerService(stripe.Client).GetAsync(customer);
        var methods = await new PaymentMethodService(stripe.Client).ListAsync(new PaymentMethodListOptions { Customer = customer });

        Assert.StartsWith("wallet-", owner.Metadata[StripePaymentProcessor.WalletMetadata], StringComparison.Ordinal);
        Assert.NotEqual(kept.PaymentMethodId, gone.PaymentMethodId);
        Assert.Equal(kept.PaymentMethodId, Assert.Single(methods.Data).Id);
        Assert.Equal("Springfield", methods.Data[0].BillingDetails.Address.City);
    }

    private static PaymentIntentCreateOptions NewIntent(string customer, string method) => new()
    {
        Amount = 1000,
        Currency = "usd",
        Customer = customer,
        PaymentMethod = method,
        Confirm = true,
        OffSession = true,
    };
}
