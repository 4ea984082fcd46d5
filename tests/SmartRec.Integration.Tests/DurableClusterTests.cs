using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Organizations;
using SmartRec.Contracts.Wallets;
using SmartRec.Payments.Simulated;

namespace SmartRec.Integration.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class DurableClusterTests(AzuriteFixture azurite)
{
    private static readonly BillingAddress Address = new("1 Main Street", "Burlington", "05401", "US", Region: "VT");
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    [Fact]
    public async Task Grain_state_and_reminders_survive_a_full_cluster_restart()
    {
        var serviceId = NewId("restart");
        var organizationId = NewId("org");
        var userId = NewId("user");
        var probeId = NewId("probe");
        OwnerPaymentMethod saved;
        int ticksBeforeRestart;

        await using (var first = await AzureCluster.StartAsync(azurite.ConnectionString, serviceId, silos: 1))
        {
            await first.Client.GetGrain<IOrganizationGrain>(organizationId).Provision("Riverside", "USD");
            await first.Client.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(organizationId, "acc-1")).Open(new OpenAccount(userId, "Morin family"));
            saved = await first.Client.GetGrain<IWalletGrain>(userId).AddMethod(new SavePaymentMethod(SimulatedTestMethods.Visa, Address));
            await first.Client.GetGrain<IReminderProbeGrain>(probeId).Start(TimeSpan.FromSeconds(1));
            ticksBeforeRestart = await Eventually(() => first.Client.GetGrain<IReminderProbeGrain>(probeId).Ticks(), ticks => ticks >= 1);
            await first.StopAllSilosAsync();
        }

        await using var second = await AzureCluster.StartAsync(azurite.ConnectionString, serviceId, silos: 1);
        var account = await second.Client.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(organizationId, "acc-1")).Find();
        var wallet = await second.Client.GetGrain<IWalletGrain>(userId).Get();
        var probe = second.Client.GetGrain<IReminderProbeGrain>(probeId);

        Assert.Equal(userId, account?.HolderUserId);
        Assert.Equal([saved.Id], wallet.Methods.Select(m => m.Id));
        Assert.True(await probe.HasReminder());
        Assert.True(await Eventually(probe.Ticks, ticks => ticks > ticksBeforeRestart) > ticksBeforeRestart);
    }

    [Fact]
    public async Task Three_silos_on_table_membership_serve_from_every_silo_and_survive_one_death()
    {
        await using var cluster = await AzureCluster.StartAsync(azurite.ConnectionString, NewId("three"), silos: 3);
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        Assert.Equal(3, (await management.GetHosts(onlyActive: true)).Count);

        var users = Enumerable.Range(0, 12).Select(_ => NewId("user")).ToList();
        var silos = cluster.Silos.ToList();
        for (var i = 0; i < users.Count; i++)
        {
            var grains = cluster.GetSiloServiceProvider(silos[i % silos.Count].SiloAddress).GetRequiredService<IGrainFactory>();
            await grains.GetGrain<IWalletGrain>(users[i]).AddMethod(new SavePaymentMethod(SimulatedTestMethods.Visa, Address));
        }

        var statistics = await management.GetDetailedGrainStatistics();
        var walletSilos = statistics.Where(s => s.GrainType.Contains(nameof(Grains.Wallets.WalletGrain), StringComparison.Ordinal))
            .Select(s => s.SiloAddress).Distinct().Count();
        Assert.True(walletSilos > 1, $"wallets were active on {walletSilos} silo(s), not spread");

        await cluster.KillSiloAsync(silos[1]);

        foreach (var user in users)
        {
            var methods = await Eventually(async () => (await cluster.Client.GetGrain<IWalletGrain>(user).Get()).Methods.Count, count => count == 1);
            Assert.Equal(1, methods);
        }

        Assert.Equal(2, await Eventually(async () => (await management.GetHosts(onlyActive: true)).Count, count => count == 2));
    }

    [Fact]
    public async Task Batch_sized_state_is_stored_in_blobs_where_a_table_row_would_refuse_it()
    {
        const int entries = 40_000;
        await using var cluster = await AzureCluster.StartAsync(azurite.ConnectionString, NewId("large"), silos: 1);
        var blobBacked = cluster.Client.GetGrain<IBatchStorageProbeGrain>(NewId("batch"));
        var tableBacked = cluster.Client.GetGrain<ITableStorageProbeGrain>(NewId("batch"));

        await blobBacked.Store(entries);
        await blobBacked.Deactivate();
        var stored = await blobBacked.Count();
        var refused = await Record.ExceptionAsync(() => tableBacked.Store(entries));

        Assert.Equal(entries, stored);
        Assert.NotNull(refused);
    }

    /// <summary>Polls until the condition holds or patience runs out, and returns the last value seen.</summary>
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
                // A call can fail while the cluster notices a dead silo; the next attempt lands on a live one.
            }

            await Task.Delay(250);
        }
    }
}
