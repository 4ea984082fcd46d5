using SmartRec.Contracts;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.Organizations;

namespace SmartRec.Domain.Directory;

/// <summary>Checking filters against the catalog and matching directory entries (R3, R4).</summary>
public static class DirectoryFilters
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

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

        return new DirectoryCriteria(filter.SavedCard, filter.SavedECheck, programActivities, filter.ActivityId, filter.AffiliationId);
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

    /// <summary>An account matches when its holder does and, if persons are filtered on, one of its persons does.</summary>
    public static bool MatchesAccount(DirectoryCriteria criteria, HolderMethods methods, IReadOnlyList<DirectoryPerson> persons) =>
        MatchesHolder(criteria, methods) && (!criteria.HasPersonCriteria || persons.Any(p => MatchesPerson(criteria, p)));

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

    private static void Require(IReadOnlyList<CatalogEntry> entries, string id, string field)
    {
        if (entries.All(e => e.Id != id))
        {
            throw DomainException.Invalid("directory.filter", $"'{field}' names nothing in this organization's catalog.", field);
        }
    }
}
