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

    /// <summary>
    /// A cursor of a page sorted by name: the tab, the last row's key, then its name last, so a name holding the
    /// separator still reads back whole. "an"/"pn" keep it from being replayed on a page sorted by id.
    /// </summary>
    public static string EncodeByName(DirectoryTab tab, DirectoryNamePosition last)
    {
        var text = tab == DirectoryTab.Accounts
            ? $"an{Separator}{last.Key.AccountId}{Separator}{last.Name}"
            : $"pn{Separator}{last.Key.AccountId}{Separator}{last.Key.PersonId}{Separator}{last.Name}";
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
    }

    public static DirectoryNamePosition? DecodeByName(DirectoryTab tab, string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        string[] parts;
        try
        {
            parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split(Separator, tab == DirectoryTab.Accounts ? 3 : 4);
        }
        catch (FormatException)
        {
            throw Invalid();
        }

        return (tab, parts) switch
        {
            (DirectoryTab.Accounts, ["an", var account, var name]) when Identifiers.IsValid(account) => new(name, new DirectoryKey(account)),
            (DirectoryTab.Persons, ["pn", var account, var person, var name]) when Identifiers.IsValid(account) && Identifiers.IsValid(person) =>
                new(name, new DirectoryKey(account, person)),
            _ => throw Invalid(),
        };
    }

    private static DomainException Invalid() =>
        DomainException.Invalid("directory.cursor", "'cursor' is not a cursor this list handed out.", "cursor");
}
