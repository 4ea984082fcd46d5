using System.Reflection;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;
using SmartRec.Contracts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Payments;
using SmartRec.Contracts.Wallets;
using SmartRec.Grains.Billing;
using SmartRec.Grains.Persistence;
using SmartRec.Tests.Shared;

namespace SmartRec.Grains.Tests;

/// <summary>What is written must be read back: every kind of stored state, filled the way the grains fill it.</summary>
[Collection(ClusterCollection.Name)]
public sealed class StoredStateTests(ClusterFixture fixture)
{
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
        var organizationId = (await EveryKindOfState.FillAsync(fixture.Grains, DateOnly.FromDateTime(fixture.Time.GetUtcNow().UtcDateTime))).OrganizationId;
        await fixture.DeactivateAll();

        var serializer = StoredStateSerializer.Create(fixture.Cluster.Client.ServiceProvider);
        var deserialize = typeof(GrainStorageSerializerExtensions).GetMethod(nameof(GrainStorageSerializerExtensions.Deserialize))!;
        var serialize = typeof(IGrainStorageSerializer).GetMethod(nameof(IGrainStorageSerializer.Serialize))!;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, data) in fixture.StoredRows.Where(r => r.Key.Contains(organizationId, StringComparison.Ordinal) || r.Key.Contains("user-", StringComparison.Ordinal)).ToList())
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
}
