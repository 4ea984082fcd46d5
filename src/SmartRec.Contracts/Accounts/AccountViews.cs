namespace SmartRec.Contracts.Accounts;

[GenerateSerializer, Immutable, Alias("smartrec.OpenAccount")]
public sealed record OpenAccount(
    [property: Id(0)] string HolderUserId,
    [property: Id(1)] string DisplayName);

[GenerateSerializer, Immutable, Alias("smartrec.NewPerson")]
public sealed record NewPerson(
    [property: Id(0)] string FirstName,
    [property: Id(1)] string LastName,
    [property: Id(2)] DateOnly? BirthDate = null);

/// <summary>A participant inside a client account, with the activities they are enrolled in and their affiliations.</summary>
[GenerateSerializer, Immutable, Alias("smartrec.PersonView")]
public sealed record PersonView(
    [property: Id(0)] string Id,
    [property: Id(1)] string FirstName,
    [property: Id(2)] string LastName,
    [property: Id(3)] DateOnly? BirthDate,
    [property: Id(4)] IReadOnlyList<string> ActivityIds,
    [property: Id(5)] IReadOnlyList<string> AffiliationIds);

/// <summary>An organization's client account (a family): one holder user and its persons.</summary>
[GenerateSerializer, Immutable, Alias("smartrec.AccountView")]
public sealed record AccountView(
    [property: Id(0)] string OrganizationId,
    [property: Id(1)] string AccountId,
    [property: Id(2)] string HolderUserId,
    [property: Id(3)] string DisplayName,
    [property: Id(4)] IReadOnlyList<PersonView> Persons,
    [property: Id(5)] DateTimeOffset OpenedAt);
