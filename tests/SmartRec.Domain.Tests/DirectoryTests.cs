using SmartRec.Contracts;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.Organizations;
using SmartRec.Domain.Directory;

namespace SmartRec.Domain.Tests;

public sealed class DirectoryTests
{
    private static readonly Catalog Catalog = new(
        [new CatalogEntry("prg-1", "Aquatics"), new CatalogEntry("prg-2", "Arts")],
        [new CatalogEntry("act-1", "Swim", "prg-1"), new CatalogEntry("act-2", "Dive", "prg-1"), new CatalogEntry("act-3", "Pottery", "prg-2")],
        [new CatalogEntry("aff-1", "Resident")]);

    private static DirectoryPerson Person(string id, string[] activities, params string[] affiliations) => new(id, "Ava", "Roy", activities, affiliations);

    [Fact]
    public void A_program_resolves_to_its_activities_and_unknown_ids_are_refused() // R4
    {
        var criteria = DirectoryFilters.Resolve(new DirectoryFilter(ProgramId: "prg-1"), Catalog);
        var unknown = Assert.Throws<DomainException>(() => DirectoryFilters.Resolve(new DirectoryFilter(ActivityId: "act-9"), Catalog));

        Assert.Equal(["act-1", "act-2"], criteria.ProgramActivityIds);
        Assert.Equal("activityId", unknown.Field);
        Assert.Equal(ErrorKind.Invalid, unknown.Kind);
    }

    [Fact]
    public void Person_criteria_must_hold_for_the_same_person() // R4
    {
        var criteria = DirectoryFilters.Resolve(new DirectoryFilter(ActivityId: "act-3", AffiliationId: "aff-1"), Catalog);
        var swimmerResident = Person("per-1", ["act-1"], "aff-1");
        var potter = Person("per-2", ["act-3"]);
        var residentPotter = Person("per-3", ["act-3"], "aff-1");

        Assert.False(DirectoryFilters.MatchesAccount(criteria, default, "Family", [swimmerResident, potter]));
        Assert.True(DirectoryFilters.MatchesAccount(criteria, default, "Family", [potter, residentPotter]));
    }

    [Fact]
    public void Saved_method_criteria_combine_with_person_criteria() // R3, R4
    {
        var criteria = DirectoryFilters.Resolve(new DirectoryFilter(SavedCard: true, SavedECheck: false, ProgramId: "prg-1"), Catalog);
        var diver = Person("per-1", ["act-2"]);

        Assert.True(DirectoryFilters.MatchesAccount(criteria, new HolderMethods(HasCard: true, HasECheck: false), "Family", [diver]));
        Assert.False(DirectoryFilters.MatchesAccount(criteria, new HolderMethods(HasCard: true, HasECheck: true), "Family", [diver]));
        Assert.False(DirectoryFilters.MatchesAccount(criteria, new HolderMethods(HasCard: false, HasECheck: false), "Family", [diver]));
        Assert.False(DirectoryFilters.MatchesAccount(criteria, new HolderMethods(HasCard: true, HasECheck: false), "Family", []));
    }

    [Fact]
    public void An_account_without_persons_matches_when_no_person_criterion_is_given()
    {
        var criteria = DirectoryFilters.Resolve(new DirectoryFilter(SavedCard: false), Catalog);

        Assert.True(DirectoryFilters.MatchesAccount(criteria, default, "Family", []));
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("No", false)]
    [InlineData("true", true)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Yes_no_values_are_read(string? value, bool? expected) =>
        Assert.Equal(expected, DirectoryFilters.ParseYesNo(value, "savedCard"));

    [Theory]
    [InlineData("maybe")]
    [InlineData("1")]
    public void Other_yes_no_values_are_refused_naming_the_field(string value) =>
        Assert.Equal("savedECheck", Assert.Throws<DomainException>(() => DirectoryFilters.ParseYesNo(value, "savedECheck")).Field);

    [Theory]
    [InlineData("-1")]
    [InlineData("501")]
    [InlineData("ten")]
    public void A_limit_outside_0_to_500_is_refused(string value) =>
        Assert.Equal("limit", Assert.Throws<DomainException>(() => DirectoryFilters.ParseLimit(value)).Field);

    [Fact]
    public void A_cursor_round_trips_and_is_refused_on_the_other_tab()
    {
        var cursor = DirectoryCursor.Encode(DirectoryTab.Persons, new DirectoryKey("acc-7", "per-12"));

        Assert.Equal(new DirectoryKey("acc-7", "per-12"), DirectoryCursor.Decode(DirectoryTab.Persons, cursor));
        Assert.Equal("cursor", Assert.Throws<DomainException>(() => DirectoryCursor.Decode(DirectoryTab.Accounts, cursor)).Field);
        Assert.Equal("cursor", Assert.Throws<DomainException>(() => DirectoryCursor.Decode(DirectoryTab.Accounts, "not*base64")).Field);
        Assert.Null(DirectoryCursor.Decode(DirectoryTab.Accounts, null));
    }

    [Fact]
    public void Keys_order_by_account_then_person_ordinally()
    {
        var keys = new[] { new DirectoryKey("acc-b", "per-1"), new DirectoryKey("acc-a", "per-2"), new DirectoryKey("acc-a", "per-10"), new DirectoryKey("acc-a") };

        var ordered = keys.Order(DirectoryOrder.Keys).ToList();

        Assert.Equal([new DirectoryKey("acc-a"), new DirectoryKey("acc-a", "per-10"), new DirectoryKey("acc-a", "per-2"), new DirectoryKey("acc-b", "per-1")], ordered);
        Assert.True(DirectoryOrder.IsAfter(new DirectoryKey("acc-a", "per-2"), new DirectoryKey("acc-a", "per-10")));
    }

    [Fact]
    public void Shards_are_stable_in_range_and_spread_accounts()
    {
        var shards = Enumerable.Range(0, 40_000).Select(n => DirectorySharding.ShardOf($"acc-{n:00000}")).ToList();

        Assert.All(shards, s => Assert.InRange(s, 0, DirectorySharding.ShardCount - 1));
        Assert.Equal(DirectorySharding.ShardOf("acc-00042"), shards[42]);
        var perShard = shards.GroupBy(s => s).Select(g => g.Count()).ToList();
        Assert.Equal(DirectorySharding.ShardCount, perShard.Count);
        // 625 per shard on average; a skew past 1.5× would overfill some shards' rows.
        Assert.True(perShard.Max() < 40_000 / DirectorySharding.ShardCount * 3 / 2, $"largest shard holds {perShard.Max()}");
    }
}
