using SmartRec.Payments.Simulated;

namespace SmartRec.Payments.Tests;

/// <summary>Where Stripe offers no search, a charge is still found by its key by listing recent intents.</summary>
public sealed class SearchFallbackTests(EmulatedStripe stripe) : IClassFixture<EmulatedStripe>
{
    [Fact]
    public async Task Without_search_a_charge_is_found_by_listing()
    {
        var (customer, card) = await stripe.Saved(SimulatedTestMethods.Visa);
        var key = EmulatedStripe.NewKey();
        var charged = await stripe.Charge(customer, card.PaymentMethodId, 2200, key);
        await stripe.Charge(customer, card.PaymentMethodId, 2300, EmulatedStripe.NewKey());
        stripe.Options.SearchUnavailable = true;

        try
        {
            Assert.Equal(charged, await stripe.Processor.FindChargeAsync(key, CancellationToken.None));
            Assert.Null(await stripe.Processor.FindChargeAsync(EmulatedStripe.NewKey(), CancellationToken.None));
        }
        finally
        {
            stripe.Options.SearchUnavailable = false;
        }
    }
}
