namespace SmartRec.Grains.Accounts;

[GenerateSerializer, Alias("smartrec.AccountState")]
public sealed class AccountState
{
    [Id(0)] public string? HolderUserId { get; set; }
    [Id(1)] public string DisplayName { get; set; } = "";
    [Id(2)] public DateTimeOffset OpenedAt { get; set; }
    [Id(3)] public List<PersonState> Persons { get; set; } = [];
    [Id(4)] public int LastPersonNumber { get; set; }
    /// <summary>Counts the account's changes; the directory keeps the newest version it was pushed (issue 5).</summary>
    [Id(5)] public long Version { get; set; }
}

[GenerateSerializer, Alias("smartrec.PersonState")]
public sealed class PersonState
{
    [Id(0)] public string Id { get; set; } = "";
    [Id(1)] public string FirstName { get; set; } = "";
    [Id(2)] public string LastName { get; set; } = "";
    [Id(3)] public DateOnly? BirthDate { get; set; }
    [Id(4)] public List<string> ActivityIds { get; set; } = [];
    [Id(5)] public List<string> AffiliationIds { get; set; } = [];
}
