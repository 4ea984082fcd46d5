using SmartRec.Contracts;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.Organizations;
using SmartRec.Payments.Simulated;

namespace SmartRec.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class DirectoryGrainTests(ClusterFixture fixture)
{
    private readonly DirectoryTestData _data = new(fixture.Grains);

    private IDirectoryGrain Directory(string organizationId) => fixture.Grains.GetGrain<IDirectoryGrain>(organizationId);

    private async Task<List<string>> AccountIds(string organizationId, DirectoryFilter filter) =>
        [.. (await Directory(organizationId).QueryAccounts(filter, null, 500)).Items.Select(r => r.AccountId)];

    private async Task<List<string>> PersonKeys(string organizationId, DirectoryFilter filter) =>
        [.. (await Directory(organizationId).QueryPersons(filter, null, 500)).Items.Select(r => $"{r.AccountId}/{r.PersonId}")];

    [Fact]
    public async Task Filters_combine_on_both_tabs() // R4
    {
        var org = await fixture.NewOrganization();
        var catalog = fixture.Grains.GetGrain<IOrganizationGrain>(org);
        var aquatics = await catalog.AddProgram("Aquatics");
        var arts = await catalog.AddProgram("Arts");
        var swim = await catalog.AddActivity(aquatics.Id, "Swim");
        var dive = await catalog.AddActivity(aquatics.Id, "Dive");
        var pottery = await catalog.AddActivity(arts.Id, "Pottery");
        var resident = await catalog.AddAffiliation("Resident");
        var (cardHolder, checkHolder, nobodysCardHolder) = (ClusterFixture.NewUserId(), ClusterFixture.NewUserId(), ClusterFixture.NewUserId());

        await _data.Open(org, "acc-a", cardHolder);
        var aSwimmer = await _data.AddPerson(org, "acc-a", [swim.Id], resident.Id);
        var aPotter = await _data.AddPerson(org, "acc-a", [pottery.Id]);
        await _data.Open(org, "acc-b", checkHolder);
        var bDiver = await _data.AddPerson(org, "acc-b", [dive.Id]);
        await _data.Open(org, "acc-c", nobodysCardHolder);
        var cSwimmer = await _data.AddPerson(org, "acc-c", [swim.Id], resident.Id);
        await _data.SaveMethod(cardHolder, SimulatedTestMethods.Visa, org);
        await _data.SaveMethod(checkHolder, SimulatedTestMethods.UsBankAccount, org);
        await _data.SaveMethod(nobodysCardHolder, SimulatedTestMethods.Visa);

        Assert.Equal(["acc-a"], await AccountIds(org, new DirectoryFilter(SavedCard: true)));
        Assert.Equal(["acc-b", "acc-c"], await AccountIds(org, new DirectoryFilter(SavedCard: false)));
        Assert.Equal(["acc-b"], await AccountIds(org, new DirectoryFilter(SavedCard: false, SavedECheck: true)));
        Assert.Equal(["acc-a", "acc-b", "acc-c"], await AccountIds(org, new DirectoryFilter(ProgramId: aquatics.Id)));
        Assert.Equal(["acc-a"], await AccountIds(org, new DirectoryFilter(SavedCard: true, ProgramId: arts.Id)));
        Assert.Empty(await AccountIds(org, new DirectoryFilter(SavedECheck: true, ProgramId: arts.Id)));
        Assert.Equal([$"acc-a/{aSwimmer}", $"acc-c/{cSwimmer}"], await PersonKeys(org, new DirectoryFilter(ProgramId: aquatics.Id, AffiliationId: resident.Id)));
        Assert.Equal([$"acc-a/{aSwimmer}"], await PersonKeys(org, new DirectoryFilter(SavedCard: true, ProgramId: aquatics.Id)));
        Assert.Equal([$"acc-a/{aPotter}"], await PersonKeys(org, new DirectoryFilter(ProgramId: arts.Id)));
        Assert.Equal([$"acc-b/{bDiver}"], await PersonKeys(org, new DirectoryFilter(ActivityId: dive.Id)));
        // The same person must hold both: acc-a's potter is no resident and its resident does not do pottery.
        Assert.Empty(await AccountIds(org, new DirectoryFilter(ActivityId: pottery.Id, AffiliationId: resident.Id)));
        Assert.Equal(4, (await Directory(org).QueryPersons(DirectoryFilter.All, null, 0)).Total);
    }

    [Fact]
    public async Task An_unauthorized_organizations_filters_and_counts_reveal_nothing() // R3
    {
        var (mine, theirs) = (await fixture.NewOrganization(), await fixture.NewOrganization());
        var holder = ClusterFixture.NewUserId();
        await _data.Open(mine, "acc-1", holder);
        await _data.AddPerson(mine, "acc-1", []);
        await _data.Open(theirs, "acc-1", holder);
        var card = await _data.SaveMethod(holder, SimulatedTestMethods.Visa, theirs);
        await _data.SaveMethod(holder, SimulatedTestMethods.UsBankAccount, theirs);

        var cardCount = (await Directory(mine).QueryAccounts(new DirectoryFilter(SavedCard: true), null, 0)).Total;
        var checkCount = (await Directory(mine).QueryPersons(new DirectoryFilter(SavedECheck: true), null, 0)).Total;
        var row = (await Directory(mine).QueryAccounts(new DirectoryFilter(SavedCard: false, SavedECheck: false), null, 10)).Items.Single();
        var theirRow = (await Directory(theirs).QueryAccounts(new DirectoryFilter(SavedCard: true, SavedECheck: true), null, 10)).Items.Single();

        Assert.Equal(0, cardCount);
        Assert.Equal(0, checkCount);
        Assert.False(row.HasSavedCard || row.HasSavedECheck);
        Assert.True(theirRow.HasSavedCard && theirRow.HasSavedECheck);

        await fixture.Grains.GetGrain<Contracts.Wallets.IWalletGrain>(holder).Authorize(card.Id, mine);
        Assert.Equal(["acc-1"], await AccountIds(mine, new DirectoryFilter(SavedCard: true)));
        await fixture.Grains.GetGrain<Contracts.Wallets.IWalletGrain>(holder).Revoke(card.Id, mine);
        Assert.Empty(await AccountIds(mine, new DirectoryFilter(SavedCard: true)));
    }

    [Fact]
    public async Task Cursor_paging_serves_every_row_once_in_order_with_the_total() // R4
    {
        var org = await fixture.NewOrganization();
        for (var n = 0; n < 45; n++)
        {
            var accountId = await _data.Open(org, $"acc-{n:000}", ClusterFixture.NewUserId());
            for (var p = 0; p < 1 + (n % 3); p++)
            {
                await _data.AddPerson(org, accountId, []);
            }
        }

        var seen = new List<(string, string)>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Directory(org).QueryPersons(DirectoryFilter.All, cursor, 20);
            Assert.Equal(90, page.Total);
            seen.AddRange(page.Items.Select(r => (r.AccountId, r.PersonId)));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(5, pages);
        Assert.Equal(90, seen.Distinct().Count());
        Assert.Equal(seen.OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2, StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task The_directory_reconverges_after_dropped_updates_and_owners_keep_working() // R3, R4
    {
        var org = await fixture.NewOrganization();
        var (swim, resident) = await _data.Catalog(org);
        var holder = ClusterFixture.NewUserId();
        await _data.Open(org, "acc-1", holder);
        var person = await _data.AddPerson(org, "acc-1", []);

        using (DroppedDirectoryPushes.For(org))
        {
            // Every push below is lost, yet each change is stored by its owner and the call succeeds.
            var enrolled = await _data.Account(org, "acc-1").Enroll(person, swim.Id);
            await _data.Account(org, "acc-1").AddAffiliation(person, resident.Id);
            await _data.SaveMethod(holder, SimulatedTestMethods.Visa, org);
            Assert.Equal([swim.Id], enrolled.ActivityIds);
        }

        var filter = new DirectoryFilter(SavedCard: true, ActivityId: swim.Id, AffiliationId: resident.Id);
        // The account re-sends its own entry by itself, but the wallet's lost flags wait for a resync.
        var stale = await Directory(org).QueryPersons(filter, null, 10);
        var resynced = await Directory(org).Resync();
        var healed = await Eventually(org, filter, total: 1);

        Assert.Equal(0, stale.Total);
        Assert.Equal(1, resynced);
        Assert.Equal([person], healed.Items.Select(r => r.PersonId));
    }

    [Fact]
    public async Task An_account_the_directory_never_heard_of_appears_once_pushes_get_through_again() // R4
    {
        var org = await fixture.NewOrganization();
        var (swim, _) = await _data.Catalog(org);
        string person;
        using (DroppedDirectoryPushes.For(org))
        {
            // Opening, adding and enrolling are all lost on their way to the directory: no shard knows the account,
            // so an organization-wide resync could not find it either.
            await _data.Open(org, "acc-lost", ClusterFixture.NewUserId());
            person = await _data.AddPerson(org, "acc-lost", [swim.Id]);
            Assert.Equal(0, (await Directory(org).QueryPersons(DirectoryFilter.All, null, 0)).Total);
        }

        // Grain timers run on the silo's clock, the fixture's fake one: move it past the first retry.
        fixture.Time.Advance(TimeSpan.FromSeconds(3));
        var healed = await Eventually(org, new DirectoryFilter(ActivityId: swim.Id), total: 1);

        Assert.Equal([("acc-lost", person)], healed.Items.Select(r => (r.AccountId, r.PersonId)));
    }

    [Fact]
    public async Task An_organization_wide_resync_answers_once_scheduled_and_heals_in_the_background() // R4
    {
        var org = await fixture.NewOrganization();
        var (swim, _) = await _data.Catalog(org);
        var persons = new List<(string AccountId, string PersonId)>();
        for (var n = 0; n < 40; n++)
        {
            var accountId = await _data.Open(org, $"acc-{n:000}", ClusterFixture.NewUserId());
            persons.Add((accountId, await _data.AddPerson(org, accountId, [])));
        }

        using (DroppedDirectoryPushes.For(org))
        {
            foreach (var (accountId, personId) in persons)
            {
                await _data.Account(org, accountId).Enroll(personId, swim.Id);
            }

            // Re-publishing inside the call made it as long as the organization is large (past the 30 s response
            // timeout at 40,000 accounts) and failed it with the first lost push; it now only schedules the work.
            Assert.Equal(40, await Directory(org).Resync());
        }

        var scheduled = await Directory(org).Resync();
        var healed = await Eventually(org, new DirectoryFilter(ActivityId: swim.Id), total: 40);

        Assert.Equal(40, scheduled);
        Assert.Equal(persons.Select(p => $"{p.AccountId}/{p.PersonId}"), healed.Items.Select(r => $"{r.AccountId}/{r.PersonId}"));
    }

    /// <summary>Polls the Persons tab until the background resync has brought it to <paramref name="total"/> rows.</summary>
    private async Task<PersonPage> Eventually(string org, DirectoryFilter filter, int total)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var page = await Directory(org).QueryPersons(filter, null, 500);
            if (page.Total == total || DateTime.UtcNow > deadline)
            {
                return page;
            }

            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_repeated_or_late_push_never_rolls_an_entry_back() // R4
    {
        var org = await fixture.NewOrganization();
        var (swim, _) = await _data.Catalog(org);
        var holder = ClusterFixture.NewUserId();
        await _data.Open(org, "acc-1", holder);
        var person = await _data.AddPerson(org, "acc-1", [swim.Id]);
        await _data.SaveMethod(holder, SimulatedTestMethods.Visa, org);
        var shard = fixture.Grains.GetGrain<IDirectoryShardGrain>(DirectoryShardKey.For(org, Domain.Directory.DirectorySharding.ShardOf("acc-1")));

        // Delayed copies of the first pushes arrive now: the account as opened (version 1, no persons) and the
        // wallet before its card was authorized (version 0).
        await shard.ApplyAccount(new DirectoryAccount("acc-1", holder, "acc-1 family", []), version: 1);
        await shard.ApplyHolderMethods("acc-1", holder, new HolderMethods(HasCard: false, HasECheck: false), version: 0);

        var row = (await Directory(org).QueryPersons(new DirectoryFilter(ActivityId: swim.Id), null, 10)).Items.Single();
        Assert.Equal(person, row.PersonId);
        Assert.True(row.HasSavedCard);
    }

    [Fact]
    public async Task A_filter_naming_nothing_in_the_catalog_is_refused() // R4
    {
        var org = await fixture.NewOrganization();

        var refused = await Assert.ThrowsAsync<DomainException>(() => Directory(org).QueryAccounts(new DirectoryFilter(ProgramId: "prg-404"), null, 10));

        Assert.Equal(ErrorKind.Invalid, refused.Kind);
        Assert.Equal("programId", refused.Field);
    }
}
