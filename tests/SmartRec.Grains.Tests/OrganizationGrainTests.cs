using SmartRec.Contracts;
using SmartRec.Contracts.Organizations;

namespace SmartRec.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class OrganizationGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Provisioning_twice_with_the_same_details_is_harmless_and_with_others_conflicts()
    {
        var organization = fixture.Grains.GetGrain<IOrganizationGrain>("org-" + Guid.NewGuid().ToString("N")[..12]);

        var first = await organization.Provision("Riverside", "USD");
        var again = await organization.Provision("Riverside", "USD");
        var other = await Assert.ThrowsAsync<DomainException>(() => organization.Provision("Riverside", "CAD"));

        Assert.Equal(first, again);
        Assert.Equal(ErrorKind.Conflict, other.Kind);
        Assert.Equal("USD", (await organization.Find())!.Currency);
    }

    [Fact]
    public async Task An_unknown_currency_is_refused()
    {
        var organization = fixture.Grains.GetGrain<IOrganizationGrain>("org-" + Guid.NewGuid().ToString("N")[..12]);

        var refused = await Assert.ThrowsAsync<DomainException>(() => organization.Provision("Riverside", "XYZ"));

        Assert.Equal("currency.unknown", refused.Code);
        Assert.Null(await organization.Find());
    }

    [Fact]
    public async Task The_catalog_keeps_activities_under_their_program_and_refuses_duplicates()
    {
        var organization = fixture.Grains.GetGrain<IOrganizationGrain>(await fixture.NewOrganization());
        var aquatics = await organization.AddProgram("Aquatics");
        var swim = await organization.AddActivity(aquatics.Id, "Learn to Swim");
        var member = await organization.AddAffiliation("Member");

        var duplicate = await Assert.ThrowsAsync<DomainException>(() => organization.AddActivity(aquatics.Id, "learn to swim"));
        var orphan = await Assert.ThrowsAsync<DomainException>(() => organization.AddActivity("prg-999", "Orphan"));

        var catalog = await organization.GetCatalog();
        Assert.Equal([aquatics], catalog.Programs);
        Assert.Equal([swim], catalog.Activities);
        Assert.Equal(aquatics.Id, swim.ProgramId);
        Assert.Equal([member], catalog.Affiliations);
        Assert.Equal(ErrorKind.Conflict, duplicate.Kind);
        Assert.Equal(ErrorKind.NotFound, orphan.Kind);
    }

    [Fact]
    public async Task A_catalog_of_an_organization_that_does_not_exist_is_not_found()
    {
        var organization = fixture.Grains.GetGrain<IOrganizationGrain>("org-missing-" + Guid.NewGuid().ToString("N")[..8]);

        var refused = await Assert.ThrowsAsync<DomainException>(() => organization.AddProgram("Aquatics"));

        Assert.Equal(ErrorKind.NotFound, refused.Kind);
        Assert.Null(await organization.Find());
    }
}
