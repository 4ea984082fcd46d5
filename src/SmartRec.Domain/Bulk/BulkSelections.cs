using SmartRec.Contracts;
using SmartRec.Contracts.Directory;
using SmartRec.Domain.Validation;

namespace SmartRec.Domain.Bulk;

/// <summary>What every bulk operation (mass invoice, mass charge) accepts as its selection: a filter, or explicit ids.</summary>
public static class BulkSelections
{
    /// <summary>An explicit selection is a person's pick from the tabs; anything larger is a filter.</summary>
    public const int MaxExplicitIds = 5_000;

    /// <summary>Checks the selection's shape and returns it with distinct ids.</summary>
    public static DirectorySelection Validate(DirectorySelection? selection)
    {
        if (selection is null)
        {
            throw DomainException.Invalid("field.required", "'selection' is required.", "selection");
        }

        if (!Enum.IsDefined(selection.Tab))
        {
            throw DomainException.Invalid("selection.tab", "'tab' must be accounts or persons.", "tab");
        }

        if (selection.Filter is not null && selection.Ids is not null)
        {
            throw DomainException.Invalid("selection.shape", "A selection is either a filter or a list of ids, not both.", "selection");
        }

        // Neither a filter nor ids is the whole tab, as an unfiltered tab lists everyone: no "filter":{} needed.
        return selection.Ids is { } ids
            ? selection with { Ids = ValidateIds(selection.Tab, ids) }
            : selection with { Filter = selection.Filter ?? DirectoryFilter.All };
    }

    /// <summary>Whether two validated selections select the same rows.</summary>
    public static bool Same(DirectorySelection first, DirectorySelection second) =>
        first.Tab == second.Tab
        && first.Filter == second.Filter
        && (first.Ids ?? []).SequenceEqual(second.Ids ?? []);

    private static IReadOnlyList<DirectoryKey> ValidateIds(DirectoryTab tab, IReadOnlyList<DirectoryKey> ids)
    {
        if (ids.Count is 0 or > MaxExplicitIds)
        {
            throw DomainException.Invalid("selection.ids", $"'ids' must list 1 to {MaxExplicitIds} rows; select more with a filter.", "ids");
        }

        foreach (var id in ids)
        {
            var wellFormed = id is not null && Identifiers.IsValid(id.AccountId)
                && (tab == DirectoryTab.Persons ? Identifiers.IsValid(id.PersonId) : id.PersonId is null);
            if (!wellFormed)
            {
                throw DomainException.Invalid("selection.ids",
                    tab == DirectoryTab.Persons ? "Every id names an account and one of its persons." : "Every id names an account, and no person.", "ids");
            }
        }

        return [.. ids.Distinct()];
    }
}
