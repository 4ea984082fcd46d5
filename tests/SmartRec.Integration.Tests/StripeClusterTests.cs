using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Invoices;
using SmartRec.Contracts.Organizations;
using SmartRec.Contracts.Payments;
using SmartRec.Contracts.Wallets;
using SmartRec.Payments.Simulated;
using SmartRec.StripeEmulator;

namespace SmartRec.Integration.Tests;

/// <summary>
/// Decision 13 where money moves: three silos on Azurite share one processor, the Stripe emulator. Payments are made
/// while a silo is killed; every failed request is retried with its own key, as a client would. The emulator's own
/// records, read the way any Stripe client audits them, must show one succeeded charge per key, and the engine's
/// receipts must add up to what the emulator charged.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StripeClusterTests(AzuriteFixture azurite)
{
    private const int Families = 200;
    private const string ApiKey = "sk_test_cluster_tests";
    private static readonly BillingAddress Address = new("1 Main Street", "Burlington", "05401", "US", Region: "VT");
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Two_hundred_payments_with_a_silo_killed_charge_each_key_once_and_receipts_equal_charges()
    {
        await using var emulator = await StripeEmulatorApp.StartAsync(new EmulatorOptions { ApiKey = ApiKey });
        var serviceId = $"stripe-{Guid.NewGuid():N}"[..20];
        await using var cluster = await AzureCluster.StartAsync(azurite.ConnectionString, serviceId, silos: 3, (emulator.BaseAddress, ApiKey));
        var grains = cluster.Client;
        var orgId = $"org-{Guid.NewGuid():N}"[..16];
        await grains.GetGrain<IOrganizationGrain>(orgId).Provision("Riverside", "USD");
        using var setup = new SemaphoreSlim(8);
        var families = (await Task.WhenAll(Enumerable.Range(0, Families).Select(async n =>
        {
            await setup.WaitAsync();
            try
            {
                var accountId = $"acc-{n:D3}";
                var holder = $"user-{orgId}-{n:D3}";
                await grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(orgId, accountId)).Open(new OpenAccount(holder, $"Family {n}"));
                var wallet = grains.GetGrain<IWalletGrain>(holder);
                var card = await wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.Visa, Address));
                await wallet.Authorize(card.Id, orgId);
                var amount = 5_000 + n;
                await grains.GetGrain<IInvoiceGrain>(OrgScopedKey.For(orgId, $"inv-{n:D3}")).Create(new NewInvoice(accountId,
                    [new NewInvoiceLine("Season fee", new Money(amount, "USD"))], DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10)));
                return (AccountId: accountId, MethodId: card.Id, Amount: (long)amount);
            }
            finally
            {
                setup.Release();
            }
        }))).ToList();

        var retried = 0;
        var killed = false;
        using var window = new SemaphoreSlim(8);
        var payments = families.Select(async (family, n) =>
        {
            await window.WaitAsync();
            try
            {
                if (n == Families / 4 && !killed)
                {
                    killed = true;
                    await cluster.KillSiloAsync(cluster.Silos.Skip(1).First());
                }

                var request = new PayBalance(family.AccountId, [], new Money(0, "USD"), new Money(family.Amount, "USD"), new PaymentSource(family.MethodId));
                var deadline = DateTime.UtcNow + Patience;
                while (true)
                {
                    try
                    {
                        return await grains.GetGrain<ICheckoutGrain>(OrgScopedKey.For(orgId, $"co-{n:D3}")).PayBalance(request);
                    }
                    catch (Exception) when (DateTime.UtcNow < deadline)
                    {
                        Interlocked.Increment(ref retried);
                        await Task.Delay(250);
                    }
                }
            }
            finally
            {
                window.Release();
            }
        }).ToList();
        var results = await Task.WhenAll(payments);

        Assert.True(killed);
        var unsettled = results.Where(r => r.Payment!.Status != PaymentStatus.Succeeded).Select(r => r.CheckoutId).ToList();
        foreach (var checkoutId in unsettled)
        {
            await Eventually(() => grains.GetGrain<IPaymentGrain>(OrgScopedKey.For(orgId, checkoutId)).Resolve(), p => p.Status == PaymentStatus.Succeeded);
        }

        var charged = await SucceededChargesByKey(emulator.BaseAddress, orgId);
        Assert.Equal(Families, charged.Count);
        Assert.All(charged, key => Assert.Single(key.Value));
        var receipts = 0L;
        foreach (var family in families)
        {
            var ledger = await Eventually(() => grains.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(orgId, family.AccountId)).Get(), l => l.Received.Minor > 0);
            Assert.Equal((family.Amount, 0L, 0L), (ledger.Received.Minor, ledger.BalanceOwing.Minor, ledger.Reserved.Minor));
            receipts += ledger.Received.Minor;
        }

        Assert.Equal(charged.Values.Sum(c => c.Sum()), receipts);
        Console.WriteLine($"stripe cluster: {Families} payments, {unsettled.Count} settled after the answer, {retried} retried requests, " +
            $"{charged.Count} keys charged once each, receipts {receipts} = charges {charged.Values.Sum(c => c.Sum())}");
    }

    /// <summary>Every succeeded PaymentIntent of this organization at the emulator, by the engine's key, read with Stripe's cursor paging.</summary>
    private static async Task<Dictionary<string, List<long>>> SucceededChargesByKey(Uri emulator, string orgId)
    {
        using var stripe = new HttpClient { BaseAddress = emulator };
        stripe.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        var byKey = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        string? after = null;
        while (true)
        {
            var page = (await stripe.GetFromJsonAsync<JsonObject>($"/v1/payment_intents?limit=100{(after is null ? "" : $"&starting_after={after}")}"))!;
            foreach (var intent in page["data"]!.AsArray())
            {
                var key = intent!["metadata"]?["smartrec_key"]?.GetValue<string>();
                if (key is not null && key.Contains(orgId, StringComparison.Ordinal) && intent["status"]!.GetValue<string>() == "succeeded")
                {
                    (byKey.TryGetValue(key, out var list) ? list : byKey[key] = []).Add(intent["amount"]!.GetValue<long>());
                }

                after = intent["id"]!.GetValue<string>();
            }

            if (!page["has_more"]!.GetValue<bool>())
            {
                return byKey;
            }
        }
    }

    private static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                var value = await read();
                if (done(value) || DateTime.UtcNow > deadline)
                {
                    return value;
                }
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
            }

            await Task.Delay(250);
        }
    }
}
