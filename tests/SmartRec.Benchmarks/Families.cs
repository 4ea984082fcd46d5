using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Organizations;
using SmartRec.Contracts.Wallets;
using SmartRec.Payments.Simulated;

namespace SmartRec.Benchmarks;

/// <summary>The bulk benchmarks' organization: families of four persons, each holder with an authorized card when asked.</summary>
public static class Families
{
    public const string Organization = "bench";
    public const int PersonsPerFamily = 4;
    // Azurite on a loaded 2-core machine answered Open after more than 30 s with 64 seeders at once.
    private const int SeedParallelism = 16;
    private static readonly BillingAddress Address = new("1 Main Street", "Burlington", "05401", "US", Region: "VT");

    public static async Task Seed(IGrainFactory grains, int families, bool withCards)
    {
        await grains.GetGrain<IOrganizationGrain>(Organization).Provision("Benchmark Parks", "USD");
        await Parallel.ForEachAsync(Enumerable.Range(0, families), new ParallelOptions { MaxDegreeOfParallelism = SeedParallelism }, async (n, _) =>
        {
            var holder = $"user-{n:000000}";
            var account = grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(Organization, $"acc-{n:000000}"));
            await account.Open(new OpenAccount(holder, $"Family {n}"));
            for (var p = 0; p < PersonsPerFamily; p++)
            {
                await account.AddPerson(new NewPerson("Ava", $"Family {n}"));
            }

            if (withCards)
            {
                var wallet = grains.GetGrain<IWalletGrain>(holder);
                var card = await wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.Visa, Address));
                await wallet.Authorize(card.Id, Organization);
            }
        });
    }
}
