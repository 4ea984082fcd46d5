using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Storage;
using Orleans.TestingHost;
using SmartRec.Contracts.Organizations;
using SmartRec.Grains.Billing;
using SmartRec.Grains.Persistence;
using SmartRec.Payments;
using SmartRec.Payments.Simulated;

namespace SmartRec.Grains.Tests;

/// <summary>
/// Three silos whose storage outlives them and whose every write can halt its silo right after it lands, so a test
/// kills that silo (KillSiloAsync) between two steps of a money path and starts another in its place.
/// </summary>
public sealed class KillClusterFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, (byte[] Data, string ETag)> _rows = new(StringComparer.Ordinal);

    public StorageFaults Faults { get; } = new();

    public OutageProcessor Processor { get; } = new(new SimulatedPaymentProcessor(new SimulatedProcessorOptions(), TimeProvider.System));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((_, silo) =>
        {
            foreach (var name in StorageNames.All)
            {
                silo.Services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) =>
                    new SharedGrainStorage(_rows, StoredStateSerializer.Create(sp), Faults, sp.GetRequiredService<ILocalSiloDetails>().SiloAddress));
            }

            silo.UseInMemoryReminderService();
            silo.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = ClusterFixture.ReminderPeriod);
            silo.Services.Configure<BillingOptions>(options => options.ReminderPeriod = ClusterFixture.ReminderPeriod);
            silo.Configure<ClusterMembershipOptions>(options =>
            {
                options.ProbeTimeout = TimeSpan.FromSeconds(1);
                options.NumMissedProbesLimit = 2;
                options.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            });
        });
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Services.AddSingleton(TimeProvider.System);
            host.Services.AddSingleton<IPaymentProcessor>(Processor);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    public async Task<string> NewOrganization()
    {
        var id = "org-" + Guid.NewGuid().ToString("N")[..12];
        await Grains.GetGrain<IOrganizationGrain>(id).Provision($"Test organization {id}", "USD");
        return id;
    }
}

[CollectionDefinition(Name)]
public sealed class KillCollection : ICollectionFixture<KillClusterFixture>
{
    public const string Name = "kill";
}
