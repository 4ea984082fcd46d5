using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Storage;
using Orleans.TestingHost;
using SmartRec.Contracts.Organizations;
using SmartRec.Grains;
using SmartRec.Grains.Billing;
using SmartRec.Grains.MassCharges;
using SmartRec.Grains.Persistence;
using SmartRec.Payments;
using SmartRec.Payments.Simulated;

namespace SmartRec.Grains.Tests;

/// <summary>
/// Three silos in one process sharing one simulated processor, one fake clock and one store whose rows are written
/// with production's storage serializer, so a grain placed on any silo sees the same processor and the same time, and
/// every reactivation reads back what Azure Storage would. Tests may fail chosen writes (<see cref="Faults"/>).
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, (byte[] Data, string ETag)> _rows = new(StringComparer.Ordinal);

    public StorageFaults Faults { get; } = new();

    /// <summary>Every stored row as its state name, grain and JSON, for the round-trip test.</summary>
    public IEnumerable<(string Key, byte[] Data)> StoredRows => _rows.Select(r => (r.Key, r.Value.Data));

    public const int SiloCount = 3;

    public static readonly TimeSpan ReminderPeriod = TimeSpan.FromSeconds(1);

    /// <summary>Short enough for a test to see an abandoned checkout's hold given back, long enough for a client's retry.</summary>
    public static readonly TimeSpan ReservationTimeout = TimeSpan.FromSeconds(3);

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The processor every silo charges through; tests may cut it off per idempotency key.</summary>
    public OutageProcessor Processor { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var processor = Processor = new OutageProcessor(new SimulatedPaymentProcessor(new SimulatedProcessorOptions(), Time));
        var builder = new InProcessTestClusterBuilder(SiloCount);
        builder.ConfigureSilo((_, silo) =>
        {
            foreach (var name in StorageNames.All)
            {
                silo.Services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new SharedGrainStorage(_rows, StoredStateSerializer.Create(sp), Faults));
            }

            silo.UseInMemoryReminderService();
            FailingReminders.Install(silo.Services);
            silo.Services.AddMassCharges();
            silo.AddIncomingGrainCallFilter<DroppedDirectoryPushes>();
            silo.AddIncomingGrainCallFilter<FailingCalls>();
            // Plans and the payment janitor wake at least every second here: tests move the fake clock by days, and
            // whichever clock drives the reminders, a wake-up a second away sees the moved one.
            silo.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = ReminderPeriod);
            silo.Services.Configure<BillingOptions>(options =>
            {
                options.ReminderPeriod = ReminderPeriod;
                options.LongestSleep = ReminderPeriod;
                options.LongestRecheck = ReminderPeriod;
                options.ReservationTimeout = ReservationTimeout;
            });
        });
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Services.AddSingleton<TimeProvider>(Time);
            host.Services.AddSingleton<IPaymentProcessor>(processor);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>Deactivates every idle grain on every silo, so the next call reads its state back from storage.</summary>
    public Task DeactivateAll() => Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    /// <summary>A fresh organization per test keeps tests independent on the shared cluster.</summary>
    public async Task<string> NewOrganization(string currency = "USD")
    {
        var id = "org-" + Guid.NewGuid().ToString("N")[..12];
        await Grains.GetGrain<IOrganizationGrain>(id).Provision($"Test organization {id}", currency);
        return id;
    }

    public static string NewUserId() => "user-" + Guid.NewGuid().ToString("N")[..12];
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
