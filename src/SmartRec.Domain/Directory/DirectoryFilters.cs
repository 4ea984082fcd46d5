using SmartRec.Contracts;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.Organizations;

namespace SmartRec.Domain.Directory;

/// <summary>Checking filters against the catalog and matching directory entries (R3, R4).</summary>
public static class DirectoryFilters
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
    public const int MaxNameLength = 100;

    /// <summary>
    /// Resolves the program to its activities. An id the catalog does not hold is refused rather than answering an
    /// empty list, so a typo is not mistaken for "nobody".
    /// </summary>
    public static DirectoryCriteria Resolve(DirectoryFilter filter, Catalog catalog)
    {
        IReadOnlyList<string>? programActivities = null;
        if (filter.ProgramId is { } programId)
        {
            Require(catalog.Programs, programId, "programId");
            programActivities = [.. catalog.Activities.Where(a => a.ProgramId == programId).Select(a => a.Id)];
        }

        if (filter.ActivityId is { } activityId)
        {
            Require(catalog.Activities, activityId, "activityId");
        }

        if (filter.AffiliationId is { } affiliationId)
        {
            Require(catalog.Affiliations, affiliationId, "affiliationId");
        }

        return new DirectoryCriteria(filter.SavedCard, filter.SavedECheck, programActivities, filter.ActivityId, filter.AffiliationId, filter.Name);
    }

    /// <summary>The account-level criteria: the holder's methods authorized for this organization, nothing else (R3).</summary>
    public static bool MatchesHolder(DirectoryCriteria criteria, HolderMethods methods) =>
        (criteria.SavedCard is not { } card || card == methods.HasCard)
        && (criteria.SavedECheck is not { } check || check == methods.HasECheck);

    /// <summary>The person-level criteria, all held by the same person.</summary>
    public static bool MatchesPerson(DirectoryCriteria criteria, DirectoryPerson person) =>
        (criteria.ProgramActivityIds is not { } program || person.ActivityIds.Any(program.Contains))
        && (criteria.ActivityId is not { } activity || person.ActivityIds.Contains(activity))
        && (criteria.AffiliationId is not { } affiliation || person.AffiliationIds.Contains(affiliation));

    /// <summary>
    /// An account matches when its holder does, its name or one of its persons' names holds the searched text, and, if
    /// persons are filtered on, one of its persons does.
    /// </summary>
    public static bool MatchesAccount(DirectoryCriteria criteria, HolderMethods methods, string displayName, IReadOnlyList<DirectoryPerson> persons) =>
        MatchesHolder(criteria, methods)
        && (criteria.Name is not { } name || Contains(displayName, name) || persons.Any(p => MatchesName(name, p)))
        && (!criteria.HasPersonCriteria || persons.Any(p => MatchesPerson(criteria, p)));

    /// <summary>A row of the Persons tab: the person criteria and, when a name is searched, the person's own name.</summary>
    public static bool MatchesPersonRow(DirectoryCriteria criteria, DirectoryPerson person) =>
        MatchesPerson(criteria, person) && (criteria.Name is not { } name || MatchesName(name, person));

    /// <summary>Reads the searched name from a query string: trimmed, absent when blank, at most <see cref="MaxNameLength"/> characters.</summary>
    public static string? ParseName(string? value, string field)
    {
        var name = value?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        return name.Length <= MaxNameLength && !name.Any(char.IsControl)
            ? name
            : throw DomainException.Invalid("directory.filter", $"'{field}' must be at most {MaxNameLength} printable characters.", field);
    }

    /// <summary>Reads "yes"/"no" (or "true"/"false") from a query string; absent means "either".</summary>
    public static bool? ParseYesNo(string? value, string field) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "yes" or "true" => true,
        "no" or "false" => false,
        _ => throw DomainException.Invalid("directory.filter", $"'{field}' must be yes or no.", field),
    };

    public static int ParseLimit(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return DefaultPageSize;
        }

        return int.TryParse(value, out var limit) && limit is >= 0 and <= MaxPageSize
            ? limit
            : throw DomainException.Invalid("directory.limit", $"'limit' must be a whole number from 0 (count only) to {MaxPageSize}.", "limit");
    }

    /// <summary>The first name, the last name, or "first last", ignoring case.</summary>
    private static bool MatchesName(string name, DirectoryPerson person) =>
        Contains(person.FirstName, name) || Contains(person.LastName, name) || Contains($"{person.FirstName} {person.LastName}", name);

    private static bool Contains(string text, string part) => text.Contains(part, StringComparison.CurrentCultureIgnoreCase);

    private static void Require(IReadOnlyList<CatalogEntry> entries, string id, string field)
    {
        if (entries.All(e => e.Id != id))
        {
            throw DomainException.Invalid("directory.filter", $"'{field}' names nothing in this organization's catalog.", field);
        }
    }
}
