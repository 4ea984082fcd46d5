using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Batches;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.Installments;
using SmartRec.Contracts.Invoices;
using SmartRec.Contracts.MassInvoices;
using SmartRec.Contracts.Payments;
using SmartRec.Contracts.Wallets;
using SmartRec.Grains.Billing;
using SmartRec.Grains.Persistence;
using SmartRec.Payments.Simulated;

namespace SmartRec.Grains.Tests;

/// <summary>What is written must be read back: every kind of stored state, filled the way the grains fill it.</summary>
[Collection(ClusterCollection.Name)]
public sealed class StoredStateTests(ClusterFixture fixture)
{
    private static readonly BillingAddress Address = new("1 Main Street", "Burlington", "05401", "US", Region: "VT");

    /// <summary>Each grain's state name and type, as its constructor declares them with [PersistentState].</summary>
    private static readonly IReadOnlyDictionary<string, Type> StateTypes = typeof(StorageNames).Assembly.GetTypes()
        .Where(t => typeof(Grain).IsAssignableFrom(t))
        .SelectMany(t => t.GetConstructors().SelectMany(c => c.GetParameters()))
        .Select(p => (Attribute: p.GetCustomAttribute<PersistentStateAttribute>(), p.ParameterType))
        .Where(p => p.Attribute is not null)
        .ToDictionary(p => p.Attribute!.StateName, p => p.ParameterType.GetGenericArguments()[0]);

    [Fact]
    public async Task Every_kind_of_stored_state_is_read_back_as_it_was_written()
    {
        var organizationId = await FillEveryKindOfState();
        await fixture.DeactivateAll();

        var serializer = StoredStateSerializer.Create(fixture.Cluster.Client.ServiceProvider);
        var deserialize = typeof(GrainStorageSerializerExtensions).GetMethod(nameof(GrainStorageSerializerExtensions.Deserialize))!;
        var serialize = typeof(IGrainStorageSerializer).GetMethod(nameof(IGrainStorageSerializer.Serialize))!;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, data) in fixture.StoredRows.Where(r => r.Key.Contains(organizationId, StringComparison.Ordinal) || r.Key.Contains("user-", StringComparison.Ordinal)))
        {
            var stateName = key[..key.IndexOf('|')];
            var type = StateTypes[stateName];
            var state = deserialize.MakeGenericMethod(type).Invoke(null, [serializer, new ReadOnlyMemory<byte>(data)]);
            var again = ((BinaryData)serialize.MakeGenericMethod(type).Invoke(serializer, [state])!).ToArray();
            Assert.True(data.AsSpan().SequenceEqual(again), $"{key} changed on a round trip through storage.");
            seen.Add(stateName);
        }

        Assert.Equal(StateTypes.Keys.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_row_written_with_a_compiler_generated_list_type_still_loads()
    {
        // The rows Orleans' default JSON settings wrote: each list named by its runtime type, here the type a
        // collection expression makes for IReadOnlyList<T>, which those settings then refuse to load.
        var services = fixture.Cluster.Client.ServiceProvider;
        var defaults = new OrleansJsonSerializerOptions();
        new ConfigureOrleansJsonSerializerOptions(services).PostConfigure(Options.DefaultName, defaults);
        var old = new JsonGrainStorageSerializer(new OrleansJsonSerializer(Options.Create(defaults)));
        var payment = new PaymentView("org", "pay", "acc", new Money(100, "USD"), PaymentStatus.Refunded, PaymentMethodKind.Card, null, null,
            new Money(100, "USD"), [new RefundView("rf", new Money(100, "USD"), DateTimeOffset.UnixEpoch)], ["inv-1"], false, "Fee", DateTimeOffset.UnixEpoch);
        var row = old.Serialize(new CheckoutState { Fingerprint = "f", Result = new CheckoutResult("co", new Money(0, "USD"), payment, null, null) });
        Assert.Contains("z__ReadOnly", row.ToString());
        Assert.ThrowsAny<Exception>(() => old.Deserialize<CheckoutState>(row));

        var loaded = StoredStateSerializer.Create(services).Deserialize<CheckoutState>(row);

        var stored = loaded?.Result?.Payment;
        Assert.NotNull(stored);
        Assert.Equal("rf", Assert.Single(stored.Refunds).RefundId);
        Assert.Equal(["inv-1"], stored.InvoiceIds);
    }

    /// <summary>An organization whose grains have each stored something: every [PersistentState] of the engine.</summary>
    private async Task<string> FillEveryKindOfState()
    {
        var grains = fixture.Grains;
        var orgId = await fixture.NewOrganization();
        var holder = ClusterFixture.NewUserId();
        await grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(orgId, "acc-1")).Open(new OpenAccount(holder, "The Tremblays"));
        var wallet = grains.GetGrain<IWalletGrain>(holder);
        await wallet.RecordSignIn();
        var card = await wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.Visa, Address));
        await wallet.Authorize(card.Id, orgId);
        var declined = await wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.Declined, Address));
        await wallet.Authorize(declined.Id, orgId);
        var today = DateOnly.FromDateTime(fixture.Time.GetUtcNow().UtcDateTime);
        foreach (var invoiceId in new[] { "inv-1", "inv-2", "inv-3" })
        {
            await grains.GetGrain<IInvoiceGrain>(OrgScopedKey.For(orgId, invoiceId))
                .Create(new NewInvoice("acc-1", [new NewInvoiceLine("Swim lessons", new Money(3000, "USD"))], today.AddDays(10)));
        }

        await grains.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(orgId, "acc-1")).GrantCredit("credit-1", new Money(500, "USD"), "Goodwill");
        var paid = await grains.GetGrain<ICheckoutGrain>(OrgScopedKey.For(orgId, "co-1")).PayBalance(
            new PayBalance("acc-1", ["inv-1"], new Money(500, "USD"), new Money(2500, "USD"), new PaymentSource(card.Id)));
        await grains.GetGrain<IPaymentGrain>(OrgScopedKey.For(orgId, paid.CheckoutId)).Refund("rf-1", new Money(1000, "USD"));
        await grains.GetGrain<ICheckoutGrain>(OrgScopedKey.For(orgId, "co-2")).PayBalance(
            new PayBalance("acc-1", ["inv-2"], new Money(0, "USD"), new Money(3000, "USD"), new PaymentSource(declined.Id)));
        await grains.GetGrain<ICheckoutGrain>(OrgScopedKey.For(orgId, "co-3")).PayBalance(
            new PayBalance("acc-1", ["inv-3"], new Money(0, "USD"), new Money(3000, "USD"), new PaymentSource(card.Id),
                Installments: [new NewInstallment(today, new Money(1500, "USD")), new NewInstallment(today.AddDays(30), new Money(1500, "USD"))]));
        await grains.GetGrain<IInstallmentPlanGrain>(OrgScopedKey.For(orgId, "co-3")).Tick();
        var batch = grains.GetGrain<IMassInvoiceGrain>(OrgScopedKey.For(orgId, "batch-1"));
        await batch.Start(MassInvoiceTestSupport.Request(new DirectorySelection(DirectoryTab.Accounts, DirectoryFilter.All)));
        await MassInvoiceTestSupport.Completion(batch);
        var charge = MassChargeTestSupport.Batch(grains, orgId, "charge-1");
        await charge.Start(MassChargeTestSupport.Request(DirectoryTab.Accounts));
        await MassChargeTestSupport.Completion(charge);
        // A batch list stores its own row only when a page fills up.
        var list = grains.GetGrain<IBatchListGrain>(BatchListKey.For(orgId, BatchKind.MassCharge));
        for (var n = 0; n < Batches.BatchListGrain.PageSize; n++)
        {
            await list.Add(new BatchListEntry($"mc-filler-{n}", fixture.Time.GetUtcNow()));
        }

        return orgId;
    }
}
