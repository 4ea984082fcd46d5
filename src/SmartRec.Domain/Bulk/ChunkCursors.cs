using SmartRec.Contracts;

namespace SmartRec.Domain.Bulk;

/// <summary>A bulk operation's results are read chunk by chunk; a cursor is "{chunk}.{offset}" of the next result.</summary>
public static class ChunkCursors
{
    public static string Encode(int chunk, int offset) => $"{chunk}.{offset}";

    public static (int Chunk, int Offset) Decode(string? cursor, int chunkCount)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return (0, 0);
        }

        var parts = cursor.Split('.');
        return parts.Length == 2 && int.TryParse(parts[0], out var chunk) && int.TryParse(parts[1], out var offset)
               && chunk >= 0 && chunk < chunkCount && offset >= 0
            ? (chunk, offset)
            : throw DomainException.Invalid("batch.cursor", "'cursor' is not a cursor this list handed out.", "cursor");
    }
}
