using SmartRec.Contracts;
using SmartRec.Payments.Simulated;

namespace SmartRec.Payments.Tests;

public sealed class RefundTests(EmulatedStripe stripe) : IClassFixture<EmulatedStripe>
{
    [Fact]
    public async Task A_refund_sent_again_with_its_key_refunds_once()
    {
        var charge = await Charged(5000);
        var request = new RefundRequest(charge.ChargeId, new Money(2000, "USD"), EmulatedStripe.NewKey());

        var first = await stripe.Processor.RefundAsync(request, CancellationToken.None);
        var again = await stripe.Processor.RefundAsync(request, CancellationToken.None);
        var rest = await stripe.Processor.RefundAsync(request with { Amount = new Money(3000, "USD"), IdempotencyKey = EmulatedStripe.NewKey() }, CancellationToken.None);

        Assert.Equal(first, again);
        Assert.Equal((2000L, charge.ChargeId), (first.Amount.Minor, first.ChargeId));
        Assert.NotEqual(first.RefundId, rest.RefundId);
    }

    [Fact]
    public async Task Refunding_more_than_is_left_is_refused()
    {
        var charge = await Charged(5000);
        await stripe.Processor.RefundAsync(new RefundRequest(charge.ChargeId, new Money(4000, "USD"), EmulatedStripe.NewKey()), CancellationToken.None);

        var over = await Assert.ThrowsAsync<ProcessorException>(() =>
            stripe.Processor.RefundAsync(new RefundRequest(charge.ChargeId, new Money(1001, "USD"), EmulatedStripe.NewKey()), CancellationToken.None));
        await stripe.Processor.RefundAsync(new RefundRequest(charge.ChargeId, new Money(1000, "USD"), EmulatedStripe.NewKey()), CancellationToken.None);
        var afterAll = await Assert.ThrowsAsync<ProcessorException>(() =>
            stripe.Processor.RefundAsync(new RefundRequest(charge.ChargeId, new Money(1, "USD"), EmulatedStripe.NewKey()), CancellationToken.None));

        Assert.Equal(("amount_too_large", false), (over.Code, over.LeavesOutcomeUnknown));
        Assert.Equal("amount_too_large", afterAll.Code);
    }

    private async Task<ChargeOutcome> Charged(long amount)
    {
        var (customer, card) = await stripe.Saved(SimulatedTestMethods.Visa);
        var outcome = await stripe.Charge(customer, card.PaymentMethodId, amount, EmulatedStripe.NewKey());
        Assert.Equal(ChargeStatus.Succeeded, outcome.Status);
        return outcome;
    }
}
