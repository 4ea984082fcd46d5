using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Organizations;

namespace SmartRec.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class AccountGrainTests(ClusterFixture fixture)
{
    private ICustomerAccountGrain Account(string organizationId, string accountId = "acc-1") =>
        fixture.Grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(organizationId, accountId));

    [Fact]
    public async Task A_person_is_enrolled_once_and_only_in_activities_of_the_catalog()
    {
        var organizationId = await fixture.NewOrganization();
        var organization = fixture.Grains.GetGrain<IOrganizationGrain>(organizationId);
        var program = await organization.AddProgram("Aquatics");
        var swim = await organization.AddActivity(program.Id, "Learn to Swim");
        var account = Account(organizationId);
        await account.Open(new OpenAccount(ClusterFixture.NewUserId(), "Tremblay family"));
        var person = await account.AddPerson(new NewPerson("Léa", "Tremblay", new DateOnly(2015, 4, 2)));

        var enrolled = await account.Enroll(person.Id, swim.Id);
        await account.Enroll(person.Id, swim.Id);
        var unknown = await Assert.ThrowsAsync<DomainException>(() => account.Enroll(person.Id, "act-999"));

        Assert.Equal([swim.Id], enrolled.ActivityIds);
        Assert.Equal([swim.Id], (await account.Find())!.Persons.Single().ActivityIds);
        Assert.Equal(ErrorKind.NotFound, unknown.Kind);
    }

    [Fact]
    public async Task Affiliations_are_added_once_and_removed()
    {
        var organizationId = await fixture.NewOrganization();
        var resident = await fixture.Grains.GetGrain<IOrganizationGrain>(organizationId).AddAffiliation("Resident");
        var account = Account(organizationId);
        await account.Open(new OpenAccount(ClusterFixture.NewUserId(), "Roy family"));
        var person = await account.AddPerson(new NewPerson("Noah", "Roy"));

        await account.AddAffiliation(person.Id, resident.Id);
        var twice = await account.AddAffiliation(person.Id, resident.Id);
        var removed = await account.RemoveAffiliation(person.Id, resident.Id);

        Assert.Equal([resident.Id], twice.AffiliationIds);
        Assert.Empty(removed.AffiliationIds);
    }

    [Fact]
    public async Task An_account_cannot_be_opened_in_an_organization_that_does_not_exist()
    {
        var account = Account("org-missing-" + Guid.NewGuid().ToString("N")[..8]);

        var refused = await Assert.ThrowsAsync<DomainException>(() => account.Open(new OpenAccount(ClusterFixture.NewUserId(), "Nobody")));

        Assert.Equal(ErrorKind.NotFound, refused.Kind);
        Assert.Null(await account.Find());
    }

    [Fact]
    public async Task Opening_again_for_the_same_holder_changes_nothing_and_for_another_holder_conflicts()
    {
        var organizationId = await fixture.NewOrganization();
        var holder = ClusterFixture.NewUserId();
        var account = Account(organizationId);
        var first = await account.Open(new OpenAccount(holder, "Côté family"));

        var again = await account.Open(new OpenAccount(holder, "Côté family"));
        var other = await Assert.ThrowsAsync<DomainException>(() => account.Open(new OpenAccount(ClusterFixture.NewUserId(), "Someone else")));

        Assert.Equal(first.OpenedAt, again.OpenedAt);
        Assert.Equal(ErrorKind.Conflict, other.Kind);
        Assert.Equal(holder, (await account.Find())!.HolderUserId);
    }

    [Fact]
    public async Task The_same_account_id_in_another_organization_is_another_account()
    {
        var mine = await fixture.NewOrganization();
        var theirs = await fixture.NewOrganization();
        await Account(theirs, "acc-shared").Open(new OpenAccount(ClusterFixture.NewUserId(), "Their family"));

        Assert.Null(await Account(mine, "acc-shared").Find());
        Assert.Equal(ErrorKind.NotFound, (await Assert.ThrowsAsync<DomainException>(() =>
            Account(mine, "acc-shared").AddPerson(new NewPerson("Ava", "Smith")))).Kind);
    }

    [Fact]
    public async Task A_birth_date_in_the_future_is_refused()
    {
        var organizationId = await fixture.NewOrganization();
        var account = Account(organizationId);
        await account.Open(new OpenAccount(ClusterFixture.NewUserId(), "Future family"));

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            account.AddPerson(new NewPerson("Zoé", "Morin", DateOnly.FromDateTime(fixture.Time.GetUtcNow().UtcDateTime).AddDays(1))));

        Assert.Equal("birthDate", refused.Field);
        Assert.Empty((await account.Find())!.Persons);
    }
}
