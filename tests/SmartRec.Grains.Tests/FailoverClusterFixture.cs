using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Storage;
using Orleans.TestingHost;
using SmartRec.Contracts.Invoices;
using SmartRec.Contracts.Organizations;
using SmartRec.Grains.MassCharges;
using SmartRec.Grains.MassInvoices;
using SmartRec.Grains.Persistence;
using SmartRec.Payments;
using SmartRec.Payments.Simulated;

namespace SmartRec.Grains.Tests;

/// <summary>
/// A cluster of its own for tests that stop a silo: storage shared by all silos survives the stop, and creating an
/// invoice is slowed down so a batch is surely mid-way when the silo goes.
/// </summary>
public sealed class FailoverClusterFixture : IAsyncLifetime
{
    public static readonly TimeSpan InvoiceDelay = TimeSpan.FromMilliseconds(300);

    private readonly ConcurrentDictionary<string, (byte[] Data, string ETag)> _rows = new(StringComparer.Ordinal);

    public StorageFaults Faults { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        var processor = new SimulatedPaymentProcessor(new SimulatedProcessorOptions(), time);
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((_, silo) =>
        {
            foreach (var name in StorageNames.All)
            {
                silo.Services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new SharedGrainStorage(_rows, StoredStateSerializer.Create(sp), Faults));
            }

            silo.UseInMemoryReminderService();
            silo.Services.AddMassCharges();
            silo.AddIncomingGrainCallFilter<SlowInvoices>();
            // One invoice at a time per chunk, so every chunk is several windows long and a stop lands between two.
            silo.Services.Configure<MassInvoiceOptions>(options => options.Window = 1);
        });
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Services.AddSingleton<TimeProvider>(time);
            host.Services.AddSingleton<IPaymentProcessor>(processor);
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

    /// <summary>Counts invoice creations, replays included, and makes each take <see cref="InvoiceDelay"/>.</summary>
    public sealed class SlowInvoices : IIncomingGrainCallFilter
    {
        private static int _calls;

        public static int Calls => Volatile.Read(ref _calls);

        public async Task Invoke(IIncomingGrainCallContext context)
        {
            if (context.Grain is IInvoiceGrain && context.InterfaceMethod.Name == nameof(IInvoiceGrain.Create))
            {
                Interlocked.Increment(ref _calls);
                await Task.Delay(InvoiceDelay);
            }

            await context.Invoke();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class FailoverCollection : ICollectionFixture<FailoverClusterFixture>
{
    public const string Name = "failover";
}
