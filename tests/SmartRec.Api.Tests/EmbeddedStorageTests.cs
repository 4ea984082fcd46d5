using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Directory;

namespace SmartRec.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class EmbeddedStorageTests(ApiFixture fixture)
{
    [Fact]
    public async Task Directory_shards_collected_in_the_embedded_mode_read_their_persons_back() // R4
    {
        var org = await fixture.NewOrganization();
        for (var n = 0; n < 3; n++)
        {
            var account = fixture.Grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(org, $"acc-{n:000}"));
            await account.Open(new OpenAccount(ApiFixture.NewUserId(), "Family"));
            await account.AddPerson(new NewPerson("Ava", "Roy"));
            await account.AddPerson(new NewPerson("Liam", "Roy"));
        }

        using var viewer = await fixture.As($"viewer@{org}", "viewer", org);
        var before = await HttpAssert.Ok<PersonPage>(await viewer.GetAsync($"/api/orgs/{org}/persons"));
        // What idle collection does after 15 minutes: the shards are read back from Orleans' memory storage.
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var after = await HttpAssert.Ok<PersonPage>(await viewer.GetAsync($"/api/orgs/{org}/persons"));

        Assert.Equal((6, 6), (before.Total, after.Total));
    }
}
