using System.Text.Json;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Invoices;
using SmartRec.Contracts.Payments;
using SmartRec.Contracts.Wallets;
using SmartRec.Payments.Simulated;
using Xunit.Abstractions;

namespace SmartRec.Grains.Tests;

/// <summary>
/// A checkout (credit, a saved card, one invoice) with the silo killed between any two of its steps: right after each
/// write lands, the silo that made it is killed (KillSiloAsync) and another started, and the client retries with the
/// same key. The stored end state must equal an undisturbed run's: one charge, one receipt, credit applied once,
/// nothing held, the invoice paid.
/// </summary>
[Collection(KillCollection.Name)]
public sealed partial class CheckoutKillTests(KillClusterFixture fixture, ITestOutputHelper output)
{
    private static readonly BillingAddress Address = new("1 Main Street", "Burlington", "05401", "US", Region: "VT");
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static Money Usd(long minor) => new(minor, "USD");

    [Fact]
    public async Task A_silo_killed_between_any_two_steps_of_a_checkout_leaves_what_an_undisturbed_checkout_leaves() // decisions 3, 11
    {
        var (expected, writes, _) = await Run(haltAt: -1);
        Assert.True(writes >= 5, $"The checkout made only {writes} writes.");

        for (var i = 0; i < writes; i++)
        {
            // Under load a background write (a reminder's) can shift the count; a run that ends before write i is run again.
            var (actual, _, killed) = await Run(haltAt: i);
            for (var attempt = 1; !killed && attempt < 3; attempt++)
            {
                (actual, _, killed) = await Run(haltAt: i);
            }

            Assert.True(killed, $"Write {i} never came: no silo was killed.");
            Assert.True(expected == actual, $"With the silo killed right after write {i}, the end state differs.\nExpected: {expected}\nActual:   {actual}");
        }

        output.WriteLine($"{writes} writes, a silo killed right after each, every run ending as the undisturbed one");
    }

    private async Task<(string State, int Writes, bool Killed)> Run(int haltAt)
    {
        var (orgId, holder, card) = await NewFamily();
        var checkout = new PayBalance("acc-1", [], Usd(1000), Usd(4000), new PaymentSource(card));
        var halt = new TaskCompletionSource<SiloAddress>(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.Faults.Halt = halt;
        var watch = fixture.Faults.Watch(haltAt, afterLanding: true, orgId, holder);
        var killed = false;
        try
        {
            var first = fixture.Grains.GetGrain<ICheckoutGrain>(OrgScopedKey.For(orgId, "co-1")).PayBalance(checkout);
            if (await Task.WhenAny(first, halt.Task) == halt.Task)
            {
                fixture.Faults.StopWatching();
                var silo = fixture.Cluster.Silos.First(s => s.SiloAddress.Equals(halt.Task.Result));
                await fixture.Cluster.KillSiloAsync(silo);
                await fixture.Cluster.StartAdditionalSiloAsync();
                killed = true;
            }

            await Retried(() => fixture.Grains.GetGrain<ICheckoutGrain>(OrgScopedKey.For(orgId, "co-1")).PayBalance(checkout));
            // The checkout's own steps are the ones counted; what the janitor does afterwards is not interrupted.
            fixture.Faults.StopWatching();
            await Retried(() => fixture.Grains.GetGrain<IPaymentGrain>(OrgScopedKey.For(orgId, "co-1")).Resolve());
        }
        finally
        {
            fixture.Faults.StopWatching();
            fixture.Faults.Halt = null;
        }

        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var ledger = await fixture.Grains.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(orgId, "acc-1")).Get();
        var invoice = await fixture.Grains.GetGrain<IInvoiceGrain>(OrgScopedKey.For(orgId, "inv-1")).Find();
        var payment = await fixture.Grains.GetGrain<IPaymentGrain>(OrgScopedKey.For(orgId, "co-1")).Find();
        var charges = fixture.Processor.ChargedKeys.Where(k => k.Contains(orgId, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        // Real time runs here (silos are killed for real), so the moments things happened differ between runs.
        var state = Moments().Replace(JsonSerializer.Serialize(new { ledger, invoice, payment, charges }).Replace(orgId, "ORG", StringComparison.Ordinal).Replace(card, "CARD", StringComparison.Ordinal), "\"CreatedAt\":\"…\"");
        return (state, watch.Writes.Count, killed);
    }

    [System.Text.RegularExpressions.GeneratedRegex("\"CreatedAt\":\"[^\"]*\"")]
    private static partial System.Text.RegularExpressions.Regex Moments();

    private static async Task Retried(Func<Task> request)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                await request();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                // The cluster is still noticing the dead silo; a client sends the same request again.
                await Task.Delay(250);
            }
        }
    }

    private async Task<(string OrgId, string Holder, string Card)> NewFamily()
    {
        var orgId = await fixture.NewOrganization();
        var holder = "user-" + Guid.NewGuid().ToString("N")[..12];
        await fixture.Grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(orgId, "acc-1")).Open(new OpenAccount(holder, "The Girards"));
        var wallet = fixture.Grains.GetGrain<IWalletGrain>(holder);
        await wallet.RecordSignIn();
        var card = await wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.Visa, Address));
        await wallet.Authorize(card.Id, orgId);
        await fixture.Grains.GetGrain<IInvoiceGrain>(OrgScopedKey.For(orgId, "inv-1")).Create(new NewInvoice("acc-1",
            [new NewInvoiceLine("Hockey", Usd(5000))], new DateOnly(2027, 1, 15)));
        await fixture.Grains.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(orgId, "acc-1")).GrantCredit("credit-1", Usd(1000), "Goodwill");
        return (orgId, holder, card.Id);
    }
}
