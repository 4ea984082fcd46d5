using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SmartRec.Payments.Simulated;

namespace SmartRec.Payments.Tests;

/// <summary>
/// The emulator's own counts, which benchmarks and chaos drills check the engine against: requests served and
/// refused over the limit, second by second, and the charges made under each idempotency key.
/// </summary>
public sealed class EmulatorAuditTests(EmulatedStripe stripe) : IClassFixture<EmulatedStripe>
{
    [Fact]
    public async Task Charges_are_counted_per_idempotency_key_and_a_replay_adds_none()
    {
        var (customer, card) = await stripe.Saved(SimulatedTestMethods.Visa);
        var prefix = EmulatedStripe.NewKey();
        await stripe.Charge(customer, card.PaymentMethodId, 1_000, prefix + ":a");
        await stripe.Charge(customer, card.PaymentMethodId, 1_000, prefix + ":a");
        await stripe.Charge(customer, card.PaymentMethodId, 2_500, prefix + ":b");

        using var http = new HttpClient { BaseAddress = stripe.Emulator.BaseAddress };
        var audit = (await http.GetFromJsonAsync<JsonObject>($"/_emulator/charges?key_prefix={prefix}&by_key=true"))!;

        Assert.Equal(2, (int)audit["keys"]!);
        Assert.Equal(2, (int)audit["succeeded"]!);
        Assert.Equal(3_500, (long)audit["amount_succeeded"]!);
        Assert.Equal(0, (int)audit["keys_with_more_than_one_success"]!);
        Assert.Equal(1_000, (long)audit["by_key"]![prefix + ":a"]!["amount"]!);
    }

    [Fact]
    public async Task Requests_are_counted_served_or_refused_in_the_second_they_arrived()
    {
        var (customer, card) = await stripe.Saved(SimulatedTestMethods.Visa);
        var (servedBefore, refusedBefore) = (stripe.Emulator.Stats.Served, stripe.Emulator.Stats.RateLimited);
        var secondsBefore = stripe.Emulator.Stats.Seconds().Sum(s => s.Served + s.Refused);
        stripe.Options.RequestsPerSecond = 3;
        try
        {
            await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
            {
                try
                {
                    await stripe.Charge(customer, card.PaymentMethodId, 1_000, EmulatedStripe.NewKey());
                }
                catch (ProcessorRateLimitedException)
                {
                    // Counted below: the point is that the emulator counted it too.
                }
            }));
        }
        finally
        {
            stripe.Options.RequestsPerSecond = 0;
        }

        var (served, refused) = (stripe.Emulator.Stats.Served - servedBefore, stripe.Emulator.Stats.RateLimited - refusedBefore);
        Assert.Equal(12, served + refused);
        Assert.InRange(refused, 1, 12 - 3);
        Assert.Equal(12, stripe.Emulator.Stats.Seconds().Sum(s => s.Served + s.Refused) - secondsBefore);
    }

    [Fact]
    public async Task A_running_emulator_takes_a_new_limit_and_latency()
    {
        using var http = new HttpClient { BaseAddress = stripe.Emulator.BaseAddress };
        try
        {
            var answer = await http.PostAsync("/_emulator/limits?requests_per_second=7&latency_ms=40", null);
            var limits = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;

            Assert.Equal((7, TimeSpan.FromMilliseconds(40)), (stripe.Options.RequestsPerSecond, stripe.Options.Latency));
            Assert.Equal((7, 40L), ((int)limits["requests_per_second"]!, (long)limits["latency_ms"]!));
        }
        finally
        {
            (stripe.Options.RequestsPerSecond, stripe.Options.Latency) = (0, TimeSpan.Zero);
        }
    }
}
