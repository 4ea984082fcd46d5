using System.Buffers.Text;
using System.Globalization;
using System.Text;
using SmartRec.Contracts;

namespace SmartRec.Domain.Billing;

/// <summary>
/// How an organization's Action Center is spread and paged: items over 32 shards by id (100,000 open items stay near
/// 3,000 per shard), listed newest first, then by id, with an opaque cursor naming the last item served, so paging
/// is stable while items are added.
/// </summary>
public static class ActionCenterPaging
{
    public const int ShardCount = 32;

    public const int MaxLimit = 500;

    /// <summary>FNV-1a over the id: stable across processes, unlike string.GetHashCode.</summary>
    public static int ShardOf(string itemId)
    {
        var hash = 2166136261;
        foreach (var c in itemId)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)(hash % ShardCount);
    }

    /// <summary>True when the item at (<paramref name="at"/>, <paramref name="id"/>) comes after the cursor's position.</summary>
    public static bool IsAfter(DateTimeOffset at, string id, (DateTimeOffset At, string Id)? cursor) =>
        cursor is not { } c || at < c.At || (at == c.At && string.CompareOrdinal(id, c.Id) > 0);

    public static string Encode(DateTimeOffset at, string id) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{at.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{id}"));

    public static (DateTimeOffset At, string Id)? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var bar = text.IndexOf('|');
            if (bar > 0 && long.TryParse(text[..bar], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTimeOffset.MaxValue.UtcTicks && bar < text.Length - 1)
            {
                return (new DateTimeOffset(ticks, TimeSpan.Zero), text[(bar + 1)..]);
            }
        }
        catch (FormatException)
        {
        }

        throw DomainException.Invalid("action_center.cursor", "'cursor' is not a cursor this list handed out.", "cursor");
    }

    public static int Limit(int limit) =>
        limit is >= 1 and <= MaxLimit ? limit : throw DomainException.Invalid("limit.range", $"'limit' is 1 to {MaxLimit}.", "limit");
}
