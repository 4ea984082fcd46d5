using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Organizations;
using SmartRec.Contracts.Wallets;

namespace SmartRec.Grains.Tests;

/// <summary>Builds organizations, families and wallets through the owning grains, as the engine's callers do.</summary>
public sealed class DirectoryTestData(IGrainFactory grains)
{
    private static readonly BillingAddress Address = new("1 Main Street", "Burlington", "05401", "US", Region: "VT");

    public ICustomerAccountGrain Account(string organizationId, string accountId) =>
        grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(organizationId, accountId));

    public async Task<string> Open(string organizationId, string accountId, string holderUserId)
    {
        await Account(organizationId, accountId).Open(new OpenAccount(holderUserId, $"{accountId} family"));
        return accountId;
    }

    public async Task<string> AddPerson(string organizationId, string accountId, string[] activityIds, params string[] affiliationIds)
    {
        var account = Account(organizationId, accountId);
        var person = await account.AddPerson(new NewPerson("Ava", "Roy"));
        foreach (var activityId in activityIds)
        {
            await account.Enroll(person.Id, activityId);
        }

        foreach (var affiliationId in affiliationIds)
        {
            await account.AddAffiliation(person.Id, affiliationId);
        }

        return person.Id;
    }

    public async Task<OwnerPaymentMethod> SaveMethod(string userId, string token, params string[] authorizedOrganizations)
    {
        var wallet = grains.GetGrain<IWalletGrain>(userId);
        var saved = await wallet.AddMethod(new SavePaymentMethod(token, Address));
        foreach (var organizationId in authorizedOrganizations)
        {
            saved = await wallet.Authorize(saved.Id, organizationId);
        }

        return saved;
    }

    public async Task<(CatalogEntry Activity, CatalogEntry Affiliation)> Catalog(string organizationId)
    {
        var organization = grains.GetGrain<IOrganizationGrain>(organizationId);
        var program = await organization.AddProgram("Aquatics");
        return (await organization.AddActivity(program.Id, "Swim"), await organization.AddAffiliation("Resident"));
    }
}
