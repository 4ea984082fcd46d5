using System.Text.Json.Serialization;

namespace SmartRec.Contracts.Directory;

/// <summary>The two tabs an admin lists clients on (R4): one row per account, or one row per participant.</summary>
public enum DirectoryTab
{
    Accounts = 0,
    Persons = 1,
}

/// <summary>
/// What an admin filters on (R4). Every criterion is optional and they combine with AND. The person criteria
/// (program, activity, affiliation) must hold for one and the same person; on the Accounts tab an account matches when
/// one of its persons does. Saved card / e-check mean "the holder has one authorized for this organization" (R3);
/// in a JSON body they read yes/no like the query string does, or a boolean. <see cref="Name"/> searches names: on the
/// Accounts tab the account's or one of its persons', on the Persons tab the person's.
/// </summary>
[GenerateSerializer, Immutable, Alias("smartrec.DirectoryFilter")]
public sealed record DirectoryFilter(
    [property: Id(0), JsonConverter(typeof(YesNoJsonConverter))] bool? SavedCard = null,
    [property: Id(1), JsonConverter(typeof(YesNoJsonConverter))] bool? SavedECheck = null,
    [property: Id(2)] string? ProgramId = null,
    [property: Id(3)] string? ActivityId = null,
    [property: Id(4)] string? AffiliationId = null,
    [property: Id(5)] string? Name = null)
{
    public static readonly DirectoryFilter All = new();
}

/// <summary>
/// A filter with the program resolved to its activities against the catalog, so shards match without the catalog.
/// <see cref="ProgramActivityIds"/> is null when no program was asked for, and empty for a program without activities.
/// </summary>
[GenerateSerializer, Immutable, Alias("smartrec.DirectoryCriteria")]
public sealed record DirectoryCriteria(
    [property: Id(0)] bool? SavedCard,
    [property: Id(1)] bool? SavedECheck,
    [property: Id(2)] IReadOnlyList<string>? ProgramActivityIds,
    [property: Id(3)] string? ActivityId,
    [property: Id(4)] string? AffiliationId,
    [property: Id(5)] string? Name = null)
{
    public bool HasPersonCriteria => ProgramActivityIds is not null || ActivityId is not null || AffiliationId is not null;
}

/// <summary>A row's identity: an account, or a person of an account. Rows sort by account id, then person id (ordinal).</summary>
[GenerateSerializer, Immutable, Alias("smartrec.DirectoryKey")]
public sealed record DirectoryKey(
    [property: Id(0)] string AccountId,
    [property: Id(1)] string? PersonId = null);

/// <summary>A selected row and the holder user its account names.</summary>
[GenerateSerializer, Immutable, Alias("smartrec.HeldTarget")]
public sealed record HeldTarget(
    [property: Id(0)] DirectoryKey Key,
    [property: Id(1)] string HolderUserId);

/// <summary>One holder group's rows of a shard, and the listed ids the shard does not know (whatever their group).</summary>
[GenerateSerializer, Immutable, Alias("smartrec.HeldSelection")]
public sealed record HeldSelection(
    [property: Id(0)] IReadOnlyList<HeldTarget> Targets,
    [property: Id(1)] IReadOnlyList<DirectoryKey> Unknown);

/// <summary>What the holder's wallet tells an organization's directory: only methods authorized for it (R3).</summary>
[GenerateSerializer, Immutable, Alias("smartrec.HolderMethods")]
public readonly record struct HolderMethods(
    [property: Id(0)] bool HasCard,
    [property: Id(1)] bool HasECheck);

/// <summary>A person as the directory keeps them: what the tabs show and filter on.</summary>
[GenerateSerializer, Immutable, Alias("smartrec.DirectoryPerson")]
public sealed record DirectoryPerson(
    [property: Id(0)] string PersonId,
    [property: Id(1)] string FirstName,
    [property: Id(2)] string LastName,
    [property: Id(3)] IReadOnlyList<string> ActivityIds,
    [property: Id(4)] IReadOnlyList<string> AffiliationIds);

/// <summary>The account part of a directory entry, pushed whole by the account grain with its version.</summary>
[GenerateSerializer, Immutable, Alias("smartrec.DirectoryAccount")]
public sealed record DirectoryAccount(
    [property: Id(0)] string AccountId,
    [property: Id(1)] string HolderUserId,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] IReadOnlyList<DirectoryPerson> Persons);

/// <summary>
/// Where a page sorted by name stands: the last row's name (an account's display name, a person's "last first") and,
/// for rows of equal name, its key.
/// </summary>
[GenerateSerializer, Immutable, Alias("smartrec.DirectoryNamePosition")]
public sealed record DirectoryNamePosition(
    [property: Id(0)] string Name,
    [property: Id(1)] DirectoryKey Key);

/// <summary>A row of the Accounts tab.</summary>
[GenerateSerializer, Immutable, Alias("smartrec.AccountRow")]
public sealed record AccountRow(
    [property: Id(0)] string AccountId,
    [property: Id(1)] string HolderUserId,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] int PersonCount,
    [property: Id(4)] bool HasSavedCard,
    [property: Id(5)] bool HasSavedECheck);

/// <summary>A row of the Persons tab; the saved-method flags are the account holder's.</summary>
[GenerateSerializer, Immutable, Alias("smartrec.PersonRow")]
public sealed record PersonRow(
    [property: Id(0)] string AccountId,
    [property: Id(1)] string PersonId,
    [property: Id(2)] string FirstName,
    [property: Id(3)] string LastName,
    [property: Id(4)] IReadOnlyList<string> ActivityIds,
    [property: Id(5)] IReadOnlyList<string> AffiliationIds,
    [property: Id(6)] bool HasSavedCard,
    [property: Id(7)] bool HasSavedECheck);

/// <summary>One page of a tab: <see cref="Total"/> counts every match of the filter; <see cref="NextCursor"/> is null on the last page.</summary>
[GenerateSerializer, Immutable, Alias("smartrec.AccountPage")]
public sealed record AccountPage(
    [property: Id(0)] IReadOnlyList<AccountRow> Items,
    [property: Id(1)] int Total,
    [property: Id(2)] string? NextCursor);

[GenerateSerializer, Immutable, Alias("smartrec.PersonPage")]
public sealed record PersonPage(
    [property: Id(0)] IReadOnlyList<PersonRow> Items,
    [property: Id(1)] int Total,
    [property: Id(2)] string? NextCursor);

/// <summary>What one shard answers to a page query: its rows after the cursor (at most the limit), its total and how many follow the cursor.</summary>
[GenerateSerializer, Immutable, Alias("smartrec.ShardAccountRows")]
public sealed record ShardAccountRows(
    [property: Id(0)] IReadOnlyList<AccountRow> Rows,
    [property: Id(1)] int Total,
    [property: Id(2)] int AfterCursor);

[GenerateSerializer, Immutable, Alias("smartrec.ShardPersonRows")]
public sealed record ShardPersonRows(
    [property: Id(0)] IReadOnlyList<PersonRow> Rows,
    [property: Id(1)] int Total,
    [property: Id(2)] int AfterCursor);

/// <summary>
/// What a bulk operation acts on (issue 5: a selection is a filter, not a page): either every row matching
/// <see cref="Filter"/> on <see cref="Tab"/>, or the explicit <see cref="Ids"/>. Exactly one of the two is set.
/// </summary>
[GenerateSerializer, Immutable, Alias("smartrec.DirectorySelection")]
public sealed record DirectorySelection(
    [property: Id(0)] DirectoryTab Tab,
    [property: Id(1)] DirectoryFilter? Filter = null,
    [property: Id(2)] IReadOnlyList<DirectoryKey>? Ids = null);
