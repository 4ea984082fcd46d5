using SmartRec.Payments.Simulated;
using Stripe;

namespace SmartRec.Payments.Tests;

/// <summary>Decision 3: a lost answer leaves the charge unknown; the key finds it, and sending it again charges once.</summary>
public sealed class LostAnswerTests(EmulatedStripe stripe) : IClassFixture<EmulatedStripe>
{
    [Fact]
    public async Task A_connection_dropped_after_the_charge_is_unknown_then_found_and_charged_once()
    {
        var (customer, card) = await stripe.Saved(SimulatedTestMethods.Visa);
        var key = EmulatedStripe.NewKey();
        stripe.Options.DropAfterChargeRate = 1;

        try
        {
            var lost = await Assert.ThrowsAsync<ProcessorUnavailableException>(() => stripe.Charge(customer, card.PaymentMethodId, 4200, key));
            Assert.True(lost.LeavesOutcomeUnknown);
        }
        finally
        {
            stripe.Options.DropAfterChargeRate = 0;
        }

        var found = await stripe.Processor.FindChargeAsync(key, CancellationToken.None);
        var resent = await stripe.Charge(customer, card.PaymentMethodId, 4200, key);
        var intents = await new PaymentIntentService(stripe.Client).ListAsync(new PaymentIntentListOptions { Customer = customer });

        Assert.Equal(ChargeStatus.Succeeded, found!.Status);
        Assert.Equal(found, resent);
        Assert.Equal(found.ChargeId, Assert.Single(intents.Data).Id);
        Assert.Equal(1, stripe.Emulator.Stats.DroppedConnections);
    }

    [Fact]
    public async Task The_simulators_lost_response_card_loses_the_first_answer_on_the_emulator_too()
    {
        var (customer, card) = await stripe.Saved(SimulatedTestMethods.VisaLostResponse);
        var key = EmulatedStripe.NewKey();

        await Assert.ThrowsAsync<ProcessorUnavailableException>(() => stripe.Charge(customer, card.PaymentMethodId, 1500, key));
        var resent = await stripe.Charge(customer, card.PaymentMethodId, 1500, key);

        Assert.Equal(ChargeStatus.Succeeded, resent.Status);
    }

    [Fact]
    public async Task A_500_before_anything_is_unknown_and_nothing_was_charged()
    {
        var (customer, card) = await stripe.Saved(SimulatedTestMethods.Visa);
        var key = EmulatedStripe.NewKey();
        stripe.Options.ServerErrorRate = 1;

        try
        {
            await Assert.ThrowsAsync<ProcessorUnavailableException>(() => stripe.Charge(customer, card.PaymentMethodId, 4200, key));
        }
        finally
        {
            stripe.Options.ServerErrorRate = 0;
        }

        Assert.Null(await stripe.Processor.FindChargeAsync(key, CancellationToken.None));
        Assert.Equal(ChargeStatus.Succeeded, (await stripe.Charge(customer, card.PaymentMethodId, 4200, key)).Status);
    }

    [Fact]
    public async Task The_same_key_with_other_parameters_is_a_conflict_never_a_decline()
    {
        var (customer, card) = await stripe.Saved(SimulatedTestMethods.Visa);
        var key = EmulatedStripe.NewKey();
        await stripe.Charge(customer, card.PaymentMethodId, 1000, key);

        var conflict = await Assert.ThrowsAsync<ProcessorException>(() => stripe.Charge(customer, card.PaymentMethodId, 9999, key));

        Assert.Equal(ProcessorException.KeyConflict, conflict.Code);
        Assert.True(conflict.LeavesOutcomeUnknown);
        Assert.Equal(1000, (await stripe.Processor.FindChargeAsync(key, CancellationToken.None))!.Amount.Minor);
    }

    [Fact]
    public async Task A_key_still_in_flight_is_refused_as_in_use_and_charges_once()
    {
        var (customer, card) = await stripe.Saved(SimulatedTestMethods.Visa);
        var key = EmulatedStripe.NewKey();
        stripe.Options.Latency = TimeSpan.FromMilliseconds(1500);
        Task<ChargeOutcome> first;
        try
        {
            first = stripe.Charge(customer, card.PaymentMethodId, 1000, key);
            await Task.Delay(400);
            var inUse = await Assert.ThrowsAsync<ProcessorException>(() => stripe.Charge(customer, card.PaymentMethodId, 1000, key));
            Assert.Equal((ProcessorException.KeyInUse, true), (inUse.Code, inUse.LeavesOutcomeUnknown));
        }
        finally
        {
            stripe.Options.Latency = TimeSpan.Zero;
        }

        Assert.Equal(ChargeStatus.Succeeded, (await first).Status);
        var intents = await new PaymentIntentService(stripe.Client).ListAsync(new PaymentIntentListOptions { Customer = customer });
        Assert.Single(intents.Data);
    }
}
