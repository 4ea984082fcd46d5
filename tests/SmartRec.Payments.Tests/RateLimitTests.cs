using SmartRec.Payments.Simulated;

namespace SmartRec.Payments.Tests;

/// <summary>Decision 4: a 429 slows callers down; it is never a decline.</summary>
public sealed class RateLimitTests(EmulatedStripe stripe) : IClassFixture<EmulatedStripe>
{
    [Fact]
    public async Task Requests_over_the_limit_are_rate_limited_exceptions_and_counted()
    {
        var (customer, card) = await stripe.Saved(SimulatedTestMethods.Visa);
        var before = stripe.Emulator.Stats.RateLimited;
        stripe.Options.RequestsPerSecond = 3;
        List<object> results;
        try
        {
            results = [.. await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
            {
                try
                {
                    return (object)await stripe.Charge(customer, card.PaymentMethodId, 1000, EmulatedStripe.NewKey());
                }
                catch (ProcessorException e)
                {
                    return e;
                }
            }))];
        }
        finally
        {
            stripe.Options.RequestsPerSecond = 0;
        }

        var limited = results.OfType<ProcessorRateLimitedException>().ToList();
        Assert.NotEmpty(limited);
        Assert.All(limited, e => Assert.True(e.LeavesOutcomeUnknown && e.RetryAfter > TimeSpan.Zero));
        Assert.All(results.OfType<ChargeOutcome>(), o => Assert.Equal(ChargeStatus.Succeeded, o.Status));
        Assert.Equal(12, limited.Count + results.OfType<ChargeOutcome>().Count());
        Assert.Equal(limited.Count, stripe.Emulator.Stats.RateLimited - before);
    }
}
