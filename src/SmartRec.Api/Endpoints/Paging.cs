using System.Buffers.Text;
using System.Text;
using SmartRec.Contracts;

namespace SmartRec.Api.Endpoints;

/// <summary>One page of a list: <see cref="Total"/> counts every item; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, string? NextCursor);

/// <summary>
/// Paging over an owner's ordered list of ids (an account's invoices, payments, plans; a user's notifications). The
/// cursor is the last id served, opaque to clients, so an item added while someone pages never shows twice and none
/// already listed is skipped.
/// </summary>
public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    /// <summary>The ids of the page after <paramref name="cursor"/>, and the cursor of the page after that.</summary>
    public static (IReadOnlyList<string> Ids, string? NextCursor) Slice(IReadOnlyList<string> ids, string? cursor, string? limit)
    {
        var size = ParseLimit(limit);
        var start = 0;
        if (!string.IsNullOrEmpty(cursor))
        {
            var last = Decode(cursor);
            start = IndexOf(ids, last) + 1;
            if (start == 0)
            {
                throw InvalidCursor();
            }
        }

        var page = ids.Skip(start).Take(size).ToList();
        var next = page.Count > 0 && start + page.Count < ids.Count ? Base64Url.EncodeToString(Encoding.UTF8.GetBytes(page[^1])) : null;
        return (page, next);
    }

    /// <summary>A page of items loaded by id from their owners, in the list's order.</summary>
    public static async Task<Page<T>> LoadAsync<T>(IReadOnlyList<string> ids, string? cursor, string? limit, Func<string, Task<T>> load)
    {
        var (pageIds, next) = Slice(ids, cursor, limit);
        return new Page<T>(await Task.WhenAll(pageIds.Select(load)), ids.Count, next);
    }

    private static int ParseLimit(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return DefaultLimit;
        }

        return int.TryParse(value, out var limit) && limit is >= 0 and <= MaxLimit
            ? limit
            : throw DomainException.Invalid("page.limit", $"'limit' must be a whole number from 0 (count only) to {MaxLimit}.", "limit");
    }

    private static string Decode(string cursor)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            throw InvalidCursor();
        }
    }

    private static int IndexOf(IReadOnlyList<string> ids, string id)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (string.Equals(ids[i], id, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static DomainException InvalidCursor() =>
        DomainException.Invalid("page.cursor", "'cursor' is not a cursor this list gave out.", "cursor");
}
