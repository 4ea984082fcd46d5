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

    /// <summary>Whether <paramref name="key"/> comes after the cursor; everything does when there is no cursor.</summary>
    public static bool IsAfter(DirectoryKey key, DirectoryKey? cursor) => cursor is null || Compare(key, cursor) > 0;
}
