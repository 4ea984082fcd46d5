using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Storage;
using Orleans.TestingHost;
using SmartRec.Contracts.Invoices;
using SmartRec.Contracts.Organizations;
using SmartRec.Grains.Billing;
using SmartRec.Grains.MassCharges;
using SmartRec.Grains.MassInvoices;
using SmartRec.Grains.Persistence;
using SmartRec.Payments;
using SmartRec.Payments.Simulated;

namespace SmartRec.Grains.Tests;

/// <summary>
/// Three silos whose storage outlives them and whose every write can halt its silo right after it lands, so a test
/// kills that silo (KillSiloAsync) between two steps of a money path and starts another in its place. Mass invoices
/// run one invoice at a time per chunk, and <see cref="InvoiceCreateFaults"/> can slow each down, so a batch is surely
/// mid-way when a silo goes, and refuse them for a while, as the grains of a dead silo do until it is declared dead.
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
            silo.Services.AddMassCharges();
            silo.AddIncomingGrainCallFilter<InvoiceCreateFaults>();
            silo.Services.Configure<MassInvoiceOptions>(options =>
            {
                options.Window = 1;
                options.RetryDelay = TimeSpan.FromMilliseconds(100);
                options.MaxRetryDelay = TimeSpan.FromSeconds(1);
            });
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

/// <summary>
/// Makes each invoice creation take <see cref="Delay"/>, and fail as a call to a dead silo's grain does until
/// <see cref="UnreachableUntil"/>. This cluster declares a killed silo dead within a second; a production cluster takes
/// a minute or more, and all that time the grains that lived there cannot be reached. Neither applies unless set.
/// </summary>
public sealed class InvoiceCreateFaults : IIncomingGrainCallFilter
{
    private static long _delayTicks;
    private static long _unreachableUntilTicks;

    public static TimeSpan Delay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
        set => Interlocked.Exchange(ref _delayTicks, value.Ticks);
    }

    public static DateTime UnreachableUntil
    {
        get => new(Interlocked.Read(ref _unreachableUntilTicks), DateTimeKind.Utc);
        set => Interlocked.Exchange(ref _unreachableUntilTicks, value.Ticks);
    }

    public static void Reset()
    {
        Delay = TimeSpan.Zero;
        UnreachableUntil = DateTime.MinValue;
    }

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.Grain is IInvoiceGrain && context.InterfaceMethod.Name == nameof(IInvoiceGrain.Create))
        {
            if (DateTime.UtcNow < UnreachableUntil)
            {
                throw new SiloUnavailableException("Injected: the silo this invoice lived on is dead and not declared so yet.");
            }

            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay);
            }
        }

        await context.Invoke();
    }
}

[CollectionDefinition(Name)]
public sealed class KillCollection : ICollectionFixture<KillClusterFixture>
{
    public const string Name = "kill";
}
