using System.Buffers.Text;
using System.Text;
using SmartRec.Contracts;
using SmartRec.Contracts.Directory;
using SmartRec.Domain.Validation;

namespace SmartRec.Domain.Directory;

/// <summary>
/// A page cursor is the key of the last row served, so paging is stable while rows are added or change: a row never
/// shows twice, and a row inserted before the cursor is simply not revisited. It is opaque to clients (base64url) and
/// names its tab, so an Accounts cursor cannot be replayed on the Persons tab.
/// </summary>
public static class DirectoryCursor
{
    private const char Separator = '|';

    public static string Encode(DirectoryTab tab, DirectoryKey last)
    {
        var text = tab == DirectoryTab.Accounts ? $"a{Separator}{last.AccountId}" : $"p{Separator}{last.AccountId}{Separator}{last.PersonId}";
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>The key after which the next page starts, or null for the first page; anything unreadable is refused.</summary>
    public static DirectoryKey? Decode(DirectoryTab tab, string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        string[] parts;
        try
        {
            parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split(Separator);
        }
        catch (FormatException)
        {
            throw Invalid();
        }

        return (tab, parts) switch
        {
            (DirectoryTab.Accounts, ["a", var account]) when Identifiers.IsValid(account) => new DirectoryKey(account),
            (DirectoryTab.Persons, ["p", var account, var person]) when Identifiers.IsValid(account) && Identifiers.IsValid(person) =>
                new DirectoryKey(account, person),
            _ => throw Invalid(),
        };
    }

    private static DomainException Invalid() =>
        DomainException.Invalid("directory.cursor", "'cursor' is not a cursor this list handed out.", "cursor");
}
