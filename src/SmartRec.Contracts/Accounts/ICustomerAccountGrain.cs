namespace SmartRec.Contracts.Accounts;

/// <summary>
/// One organization's client account, keyed "{organizationId}/{accountId}" (see <see cref="OrgScopedKey"/>), so an id
/// looked up under another organization simply does not exist there.
/// </summary>
[Alias("smartrec.ICustomerAccountGrain")]
public interface ICustomerAccountGrain : IGrainWithStringKey
{
    /// <summary>Opens the account; opening it again for the same holder changes nothing.</summary>
    [Alias("Open")]
    Task<AccountView> Open(OpenAccount request);

    /// <summary>The account, or null when it was never opened.</summary>
    [Alias("Find")]
    Task<AccountView?> Find();

    [Alias("AddPerson")]
    Task<PersonView> AddPerson(NewPerson person);

    [Alias("Enroll")]
    Task<PersonView> Enroll(string personId, string activityId);

    [Alias("Unenroll")]
    Task<PersonView> Unenroll(string personId, string activityId);

    [Alias("AddAffiliation")]
    Task<PersonView> AddAffiliation(string personId, string affiliationId);

    [Alias("RemoveAffiliation")]
    Task<PersonView> RemoveAffiliation(string personId, string affiliationId);

    /// <summary>
    /// Pushes the account's current entry to the organization's directory and has the holder's wallet push its
    /// methods, rebuilding the entry whatever pushes were lost. Unlike routine pushes, a failure here is reported.
    /// </summary>
    [Alias("PublishToDirectory")]
    Task PublishToDirectory();
}
