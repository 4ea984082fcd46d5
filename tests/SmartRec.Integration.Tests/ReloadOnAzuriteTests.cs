using SmartRec.Tests.Shared;

namespace SmartRec.Integration.Tests;

/// <summary>
/// What is written must be read back on the storage production uses: one grain of every kind stores its state in
/// Azure Table or Blob storage on Azurite, every grain is deactivated, and each answers exactly as before. (A list
/// built by a collection expression once wrote a type name that could not be loaded again.)
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReloadOnAzuriteTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task One_grain_of_every_kind_answers_the_same_after_reloading_its_state_from_azure_storage()
    {
        await using var cluster = await AzureCluster.StartAsync(azurite.ConnectionString, $"reload-{Guid.NewGuid():N}"[..20], silos: 1);
        var filled = await EveryKindOfState.FillAsync(cluster.Client, DateOnly.FromDateTime(DateTime.UtcNow));
        var before = await EveryKindOfState.ReadAsync(cluster.Client, filled);

        await cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var after = await EveryKindOfState.ReadAsync(cluster.Client, filled);

        Assert.Contains("\"Status\":2", before);
        Assert.Equal(before, after);
    }
}
