using SmartRec.Contracts.Directory;

namespace SmartRec.Domain.Directory;

/// <summary>The one order every page and every merge uses: account id, then person id, both ordinal.</summary>
public static class DirectoryOrder
{
    public static readonly IComparer<DirectoryKey> Keys = Comparer<DirectoryKey>.Create(Compare);

    public static int Compare(DirectoryKey left, DirectoryKey right)
    {
        var byAccount = string.CompareOrdinal(left.AccountId, right.AccountId);
        return byAccount != 0 ? byAccount : string.CompareOrdinal(left.PersonId, right.PersonId);
    }

    /// <summary>Name order: the name ignoring case, then the exact name, then the key, so every row has one place.</summary>
    public static readonly IComparer<DirectoryNamePosition> Names = Comparer<DirectoryNamePosition>.Create(CompareNames);

    /// <summary>The name an account row sorts by.</summary>
    public static DirectoryNamePosition PositionOf(AccountRow row) => new(row.DisplayName, new DirectoryKey(row.AccountId));

    /// <summary>The name a person row sorts by: last name, then first name, as a roster reads.</summary>
    public static DirectoryNamePosition PositionOf(PersonRow row) => new($"{row.LastName} {row.FirstName}", new DirectoryKey(row.AccountId, row.PersonId));

    public static int CompareNames(DirectoryNamePosition left, DirectoryNamePosition right)
    {
        var byName = string.Compare(left.Name, right.Name, StringComparison.OrdinalIgnoreCase);
        if (byName == 0)
        {
            byName = string.CompareOrdinal(left.Name, right.Name);
        }

        return byName != 0 ? byName : Compare(left.Key, right.Key);
    }

    /// <summary>Whether <paramref name="key"/> comes after the cursor; everything does when there is no cursor.</summary>
    public static bool IsAfter(DirectoryKey key, DirectoryKey? cursor) => cursor is null || Compare(key, cursor) > 0;
}
