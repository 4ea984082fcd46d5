using SmartRec.Payments.Simulated;
using Stripe;

namespace SmartRec.Payments.Tests;

/// <summary>Any Stripe client can audit what was charged: cursor paging returns every intent exactly once.</summary>
public sealed class PagingTests(EmulatedStripe stripe) : IClassFixture<EmulatedStripe>
{
    private const int Charges = 250;

    [Fact]
    public async Task Paging_forward_and_backward_returns_every_payment_intent_exactly_once()
    {
        var (customer, card) = await stripe.Saved(SimulatedTestMethods.Visa);
        var charged = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Charges; i++)
        {
            charged.Add((await stripe.Charge(customer, card.PaymentMethodId, 100 + i, EmulatedStripe.NewKey())).ChargeId);
        }

        var service = new PaymentIntentService(stripe.Client);
        var forward = new List<string>();
        var pages = 0;
        StripeList<PaymentIntent> page;
        do
        {
            page = await service.ListAsync(new PaymentIntentListOptions { Customer = customer, Limit = 100, StartingAfter = forward.LastOrDefault() });
            forward.AddRange(page.Data.Select(p => p.Id));
            pages++;
        }
        while (page.HasMore);

        var backward = new List<string>();
        var before = forward[^1];
        backward.Add(before);
        do
        {
            page = await service.ListAsync(new PaymentIntentListOptions { Customer = customer, Limit = 100, EndingBefore = before });
            backward.InsertRange(0, page.Data.Select(p => p.Id));
            before = page.Data.FirstOrDefault()?.Id ?? before;
        }
        while (page.HasMore);

        var autoPaged = new List<string>();
        await foreach (var intent in service.ListAutoPagingAsync(new PaymentIntentListOptions { Customer = customer, Limit = 30 }))
        {
            autoPaged.Add(intent.Id);
        }

        Assert.Equal(3, pages);
        Assert.Equal(Charges, forward.Distinct().Count());
        Assert.Equal(charged.Order(), forward.Order());
        Assert.Equal(forward, backward);
        Assert.Equal(forward, autoPaged);
    }
}
