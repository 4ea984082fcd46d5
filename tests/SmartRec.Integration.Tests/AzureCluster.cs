using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;
using SmartRec.Api.Hosting;
using SmartRec.Grains.MassCharges;
using SmartRec.Payments;
using SmartRec.Payments.Simulated;
using SmartRec.Payments.Stripe;

namespace SmartRec.Integration.Tests;

/// <summary>
/// Test clusters whose silos use Azure Table membership, grain state and reminders on Azurite, as in production.
/// (The in-process cluster builder ignores Azure clustering, hence TestClusterBuilder with its own membership off.)
/// </summary>
public static class AzureCluster
{
    private const string ConnectionStringKey = "Azurite";
    private const string StripeApiBaseKey = "StripeApiBase";
    private const string StripeApiKeyKey = "StripeApiKey";

    /// <param name="stripe">The Stripe emulator every silo charges through (decision 13); null for the in-process simulator.</param>
    public static async Task<TestCluster> StartAsync(string connectionString, string serviceId, short silos, (Uri ApiBase, string ApiKey)? stripe = null)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Options.ServiceId = serviceId;
        builder.Options.ClusterId = serviceId;
        builder.Options.UseTestClusterMembership = false;
        builder.ConfigureHostConfiguration(configuration =>
            configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [ConnectionStringKey] = connectionString,
                [StripeApiBaseKey] = stripe?.ApiBase.ToString(),
                [StripeApiKeyKey] = stripe?.ApiKey,
            }));
        builder.AddSiloBuilderConfigurator<Configurator>();
        builder.AddClientBuilderConfigurator<Configurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private sealed class Configurator : ISiloConfigurator, IClientBuilderConfigurator
    {
        /// <summary>The test client finds the gateways through the same membership table.</summary>
        public void Configure(IConfiguration configuration, IClientBuilder client) =>
            client.UseAzureStorageClustering(options => options.TableServiceClient = new TableServiceClient(configuration[ConnectionStringKey]));

        public void Configure(ISiloBuilder silo)
        {
            var connectionString = silo.Configuration[ConnectionStringKey]!;
            silo.AddSmartRecAzureStorage(connectionString);
            silo.UseAzureStorageClustering(options => options.TableServiceClient = new TableServiceClient(connectionString));
            silo.Configure<ReminderOptions>(options =>
            {
                options.MinimumReminderPeriod = TimeSpan.FromSeconds(1);
                options.RefreshReminderListPeriod = TimeSpan.FromSeconds(1);
            });
            // Declare a killed silo dead within seconds, so the test does not wait out production timeouts.
            silo.Configure<ClusterMembershipOptions>(options =>
            {
                options.ProbeTimeout = TimeSpan.FromSeconds(1);
                options.NumMissedProbesLimit = 2;
                options.NumVotesForDeathDeclaration = 1;
            });
            silo.Services.AddMassCharges();
            if (silo.Configuration[StripeApiBaseKey] is { Length: > 0 } apiBase)
            {
                silo.Services.AddStripePaymentProcessor(new StripeProcessorOptions { ApiBase = apiBase, ApiKey = silo.Configuration[StripeApiKeyKey]! });
            }
            else
            {
                silo.Services.AddSimulatedPaymentProcessor(new SimulatedProcessorOptions());
            }
        }
    }
}
