using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Storage;
using Orleans.TestingHost;
using SmartRec.Contracts.MassCharges;
using SmartRec.Contracts.Organizations;
using SmartRec.Grains.Billing;
using SmartRec.Grains.MassCharges;
using SmartRec.Grains.Persistence;
using SmartRec.Payments;
using SmartRec.Payments.Simulated;

namespace SmartRec.Grains.Tests;

/// <summary>
/// Three silos sharing storage that outlives them, one processor (<see cref="ChaosProcessor"/> over the simulator)
/// and one mass-charge budget of <see cref="RequestsPerSecond"/>. Real time throughout: the budget counts real seconds.
/// Silos are declared dead within seconds of a kill, so failover tests finish quickly; a write can halt its silo right
/// after it lands (<see cref="StorageFaults.Halt"/>), so a test kills it between two steps.
/// </summary>
public sealed class MassChargeClusterFixture : IAsyncLifetime
{
    public const double RequestsPerSecond = 400;

    /// <summary>Low, so a test reaches a chunk's bound on charges whose outcomes are not stored with a few dozen targets.</summary>
    public const int MaxUnstoredOutcomes = 40;

    private readonly ConcurrentDictionary<string, (byte[] Data, string ETag)> _rows = new(StringComparer.Ordinal);

    public StorageFaults Faults { get; } = new();

    public ChaosProcessor Processor { get; } = new(new SimulatedPaymentProcessor(new SimulatedProcessorOptions(), TimeProvider.System));

    /// <summary>Calls received by the grains a test watches, by grain type: what a bulk operation costs per target.</summary>
    public CountedCalls Calls { get; } = new();

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
            silo.Services.Configure<MassChargeOptions>(options =>
            {
                options.RequestsPerSecond = RequestsPerSecond;
                options.MaxInFlight = 48;
                options.WriteInterval = TimeSpan.FromMilliseconds(100);
                options.MaxUnstoredOutcomes = MaxUnstoredOutcomes;
                options.RetryDelay = TimeSpan.FromMilliseconds(50);
                options.MaxRetryDelay = TimeSpan.FromMilliseconds(500);
                options.ThrottleFor = TimeSpan.FromSeconds(1);
            });
            silo.Configure<ClusterMembershipOptions>(options =>
            {
                options.ProbeTimeout = TimeSpan.FromSeconds(1);
                options.NumMissedProbesLimit = 2;
                options.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            });
            silo.Services.AddMassCharges();
            silo.AddIncomingGrainCallFilter<ChunkProgressFaults>();
            silo.Services.AddSingleton<IIncomingGrainCallFilter>(Calls);
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

/// <summary>
/// Makes chunks answer progress reads as a dead silo's grains do until <see cref="UnreachableUntil"/>. This cluster
/// declares a killed silo dead within a second; a production cluster takes a minute or more, and all that time the
/// chunks that lived there cannot be reached. It applies only when set.
/// </summary>
public sealed class ChunkProgressFaults : IIncomingGrainCallFilter
{
    private static long _unreachableUntilTicks;

    public static DateTime UnreachableUntil
    {
        get => new(Interlocked.Read(ref _unreachableUntilTicks), DateTimeKind.Utc);
        set => Interlocked.Exchange(ref _unreachableUntilTicks, value.Ticks);
    }

    public Task Invoke(IIncomingGrainCallContext context) =>
        context.Grain is IMassChargeChunkGrain && context.InterfaceMethod.Name == nameof(IMassChargeChunkGrain.GetProgress) && DateTime.UtcNow < UnreachableUntil
            ? throw new SiloUnavailableException("Injected: the silo this chunk lived on is dead and not declared so yet.")
            : context.Invoke();
}

[CollectionDefinition(Name)]
public sealed class MassChargeCollection : ICollectionFixture<MassChargeClusterFixture>
{
    public const string Name = "masscharge";
}

/// <summary>A cluster of its own for the test that kills a silo, so the other mass-charge tests keep three.</summary>
[CollectionDefinition(Name)]
public sealed class MassChargeFailoverCollection : ICollectionFixture<MassChargeClusterFixture>
{
    public const string Name = "masscharge-failover";
}
