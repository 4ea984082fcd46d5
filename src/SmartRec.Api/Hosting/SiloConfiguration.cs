using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Orleans.Configuration;
using SmartRec.Grains;
using SmartRec.Grains.Persistence;

namespace SmartRec.Api.Hosting;

/// <summary>Chooses the silo's clustering, grain storage and reminders from configuration: in memory, or Azure Storage.</summary>
public static class SiloConfiguration
{
    /// <summary>Table and container names carry this prefix so the engine's data is recognizable in a shared account.</summary>
    private const string Prefix = "smartrec";

    /// <summary>
    /// How long one storage request may go unanswered before the SDK abandons its connection and tries again (3 tries).
    /// The SDK's default is 100 s, longer than any grain call waits (30 s), so a request that a storage account or
    /// Azurite never answered held a grain's turn for five minutes: a silo restarted during the chaos drill failed its
    /// start that way. Table operations take milliseconds and the largest blob (a directory shard) well under a second.
    /// </summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);

    public static ISiloBuilder AddSmartRecSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        var orleans = OrleansHostOptions.From(configuration);
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        if (!storage.UsesAzure)
        {
            silo.UseLocalhostClustering(orleans.SiloPort, orleans.GatewayPort, serviceId: orleans.ServiceId, clusterId: orleans.ClusterId);
            foreach (var name in StorageNames.All)
            {
                // Orleans' memory storage keeps rows serialized, with its default JSON settings unless told otherwise:
                // those could not read back a collected directory shard (see StoredStateSerializer). Same rows as Azure.
                silo.AddMemoryGrainStorage(name, builder => builder.Configure<IServiceProvider>((options, services) =>
                    options.GrainStorageSerializer = StoredStateSerializer.Create(services)));
            }

            silo.UseInMemoryReminderService();
            return silo;
        }

        silo.Configure<ClusterOptions>(options =>
        {
            options.ServiceId = orleans.ServiceId;
            options.ClusterId = orleans.ClusterId;
        });
        if (orleans.AdvertisedIPAddress is { Length: > 0 } advertised)
        {
            silo.ConfigureEndpoints(IPAddress.Parse(advertised), orleans.SiloPort, orleans.GatewayPort, listenOnAnyHostAddress: true);
        }
        else
        {
            silo.ConfigureEndpoints(orleans.SiloPort, orleans.GatewayPort, AddressFamily.InterNetwork, listenOnAnyHostAddress: true);
        }

        if (orleans.SiloName is { Length: > 0 } siloName)
        {
            silo.Configure<SiloOptions>(options => options.SiloName = siloName);
        }

        silo.AddSmartRecAzureStorage(storage.ConnectionString!);
        silo.UseAzureStorageClustering(options =>
        {
            options.TableServiceClient = Tables(storage.ConnectionString!);
            options.TableName = Prefix + "membership";
        });
        return silo;
    }

    /// <summary>
    /// Grain state (one table per aggregate, blobs for state that can outgrow a table row) and reminders in Azure
    /// Storage. Separate from clustering so tests can combine it with the test cluster's own membership.
    /// </summary>
    public static ISiloBuilder AddSmartRecAzureStorage(this ISiloBuilder silo, string connectionString)
    {
        foreach (var name in StorageNames.All)
        {
            if (StorageNames.LargeState.Contains(name))
            {
                silo.AddAzureBlobGrainStorage(name, builder => builder.Configure<IServiceProvider>((options, services) =>
                {
                    options.BlobServiceClient = new BlobServiceClient(connectionString, new BlobClientOptions { Retry = { NetworkTimeout = RequestTimeout } });
                    options.ContainerName = $"{Prefix}-{name}";
                    options.GrainStorageSerializer = StoredStateSerializer.Create(services);
                }));
            }
            else
            {
                silo.AddAzureTableGrainStorage(name, builder => builder.Configure<IServiceProvider>((options, services) =>
                {
                    options.TableServiceClient = Tables(connectionString);
                    options.TableName = Prefix + name;
                    options.GrainStorageSerializer = StoredStateSerializer.Create(services);
                }));
            }
        }

        silo.UseAzureTableReminderService(options =>
        {
            options.TableServiceClient = Tables(connectionString);
            options.TableName = Prefix + "reminders";
        });
        return silo;
    }

    private static TableServiceClient Tables(string connectionString) =>
        new(connectionString, new TableClientOptions { Retry = { NetworkTimeout = RequestTimeout } });
}
