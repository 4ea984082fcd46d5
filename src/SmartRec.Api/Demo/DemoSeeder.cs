using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Invoices;
using SmartRec.Contracts.Organizations;
using SmartRec.Contracts.Wallets;
using SmartRec.Payments.Simulated;

namespace SmartRec.Api.Demo;

/// <summary>
/// Seeds two organizations, a catalog, about three hundred persons in client accounts, and wallets whose methods are
/// authorized for one organization, the other, both or neither, so every rule can be tried at once. Deterministic
/// (fixed random seed) and skipped when the demo organization already exists, so a durable store is seeded once.
/// </summary>
public sealed class DemoSeeder(IGrainFactory grains, TimeProvider time, ILogger<DemoSeeder> logger) : IHostedService
{
    public const string EnabledKey = "SmartRec:Demo:Seed";
    public const string Riverside = "riverside";
    public const string Lakeside = "lakeside";
    public const int AccountCount = 120;

    private static readonly string[] FirstNames =
        ["Emma", "Liam", "Olivia", "Noah", "Ava", "Elijah", "Sophia", "Lucas", "Mia", "Mason", "Chloe", "Léa", "Gabriel", "Zoé", "Nathan", "Alice"];

    private static readonly string[] LastNames =
        ["Tremblay", "Gagnon", "Roy", "Smith", "Martin", "Brown", "Lee", "Wilson", "Côté", "Bouchard", "Garcia", "Nguyen", "Patel", "Morin"];

    private static readonly BillingAddress RiversideAddress = new("100 Main Street", "Burlington", "05401", "US", Region: "VT");
    private static readonly BillingAddress LakesideAddress = new("25 Rue du Lac", "Magog", "J1X 1A1", "CA", Region: "QC");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await grains.GetGrain<IOrganizationGrain>(Riverside).Find() is not null)
        {
            logger.LogInformation("Demo data already present; not seeding");
            return;
        }

        var random = new Random(20261127);
        var riverside = await SeedRiverside();
        var lakeside = await SeedLakeside();
        for (var n = 1; n <= AccountCount; n++)
        {
            await SeedFamily(n, random, riverside, lakeside);
        }

        logger.LogInformation("Seeded demo organizations {Riverside} and {Lakeside} with {Accounts} client accounts", Riverside, Lakeside, AccountCount);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static string UserId(int n) => $"user-{n:0000}";

    public static string AccountId(int n) => $"acc_{n:0000}";

    public static string InvoiceId(int n) => $"inv_{n:0000}";

    private async Task<Catalog> SeedRiverside()
    {
        var org = grains.GetGrain<IOrganizationGrain>(Riverside);
        await org.Provision("Riverside Parks & Recreation", "USD");
        var programs = new Dictionary<string, string[]>
        {
            ["Aquatics"] = ["Learn to Swim", "Lifeguard Training", "Aqua Fitness"],
            ["Day Camps"] = ["Summer Adventure Camp", "Spring Break Camp", "Science Camp"],
            ["Youth Sports"] = ["Soccer U10", "Basketball U12", "Hockey Novice"],
            ["Arts"] = ["Pottery", "Theatre Kids", "Guitar Basics"],
        };
        foreach (var (program, activities) in programs)
        {
            var entry = await org.AddProgram(program);
            foreach (var activity in activities)
            {
                await org.AddActivity(entry.Id, activity);
            }
        }

        foreach (var affiliation in new[] { "Resident", "Non-resident", "Member", "Staff" })
        {
            await org.AddAffiliation(affiliation);
        }

        return await org.GetCatalog();
    }

    private async Task<Catalog> SeedLakeside()
    {
        var org = grains.GetGrain<IOrganizationGrain>(Lakeside);
        await org.Provision("Lakeside Aquatic Club", "CAD");
        var swim = await org.AddProgram("Swim Team");
        foreach (var activity in new[] { "Junior Squad", "Senior Squad", "Masters" })
        {
            await org.AddActivity(swim.Id, activity);
        }

        await org.AddAffiliation("Club Member");
        return await org.GetCatalog();
    }

    /// <summary>
    /// Family n has an account at Riverside; every fifth also one at Lakeside. Its holder's wallet depends on n, so the
    /// README can name examples: user-0001 holds every case (authorized card and e-check, an expired card, a card
    /// authorized only for Lakeside, a card authorized for nobody); n % 4 == 0 has no saved method at all.
    /// </summary>
    private async Task SeedFamily(int n, Random random, Catalog riverside, Catalog lakeside)
    {
        var lastName = LastNames[random.Next(LastNames.Length)];
        var userId = UserId(n);
        var persons = await SeedAccount(Riverside, n, userId, lastName, random, riverside);
        await SeedInvoice(n, persons[^1], random);
        if (n % 5 == 0)
        {
            await SeedAccount(Lakeside, n, userId, lastName, random, lakeside);
        }

        var wallet = grains.GetGrain<IWalletGrain>(userId);
        if (n % 10 != 3)
        {
            await wallet.RecordSignIn();
        }

        if (n == 1)
        {
            await Save(wallet, SimulatedTestMethods.Visa, "Family Visa", Riverside);
            await Save(wallet, SimulatedTestMethods.UsBankAccount, "Checking", Riverside);
            await Save(wallet, SimulatedTestMethods.VisaExpired, "Old Visa", Riverside);
            await Save(wallet, SimulatedTestMethods.Mastercard, "Club card", Lakeside);
            await Save(wallet, SimulatedTestMethods.InsufficientFunds, "Spare card");
            return;
        }

        switch (n % 4)
        {
            case 1:
                await Save(wallet, SimulatedTestMethods.Visa, null, Riverside, n % 5 == 0 ? Lakeside : null);
                await Save(wallet, SimulatedTestMethods.UsBankAccount, null, Riverside);
                break;
            case 2:
                await Save(wallet, n % 3 == 0 ? SimulatedTestMethods.InsufficientFunds : SimulatedTestMethods.Mastercard, null, Riverside);
                break;
            case 3:
                await Save(wallet, SimulatedTestMethods.Visa, null, n % 5 == 0 ? Lakeside : null);
                break;
        }
    }

    /// <summary>Every Riverside family owes one session fee, due in a month, so payments can be tried at once.</summary>
    private async Task SeedInvoice(int n, PersonView person, Random random)
    {
        var fee = new Money(5_000 + random.Next(16) * 1_250, "USD");
        var due = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(30);
        await grains.GetGrain<IInvoiceGrain>(OrgScopedKey.For(Riverside, InvoiceId(n)))
            .Create(new NewInvoice(AccountId(n), [new NewInvoiceLine($"Fall session: {person.FirstName}", fee)], due, person.Id));
    }

    private async Task<List<PersonView>> SeedAccount(string organizationId, int n, string userId, string lastName, Random random, Catalog catalog)
    {
        var account = grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(organizationId, AccountId(n)));
        await account.Open(new OpenAccount(userId, $"{lastName} family"));
        var persons = new List<PersonView>();
        for (var p = 1 + random.Next(4); p > 0; p--)
        {
            var birthYear = persons.Count == 0 ? 1975 + random.Next(20) : 2008 + random.Next(14);
            var person = await account.AddPerson(new NewPerson(FirstNames[random.Next(FirstNames.Length)], lastName, new DateOnly(birthYear, 1 + random.Next(12), 1 + random.Next(28))));
            for (var e = random.Next(3); e > 0; e--)
            {
                await account.Enroll(person.Id, catalog.Activities[random.Next(catalog.Activities.Count)].Id);
            }

            if (random.Next(3) > 0)
            {
                await account.AddAffiliation(person.Id, catalog.Affiliations[random.Next(catalog.Affiliations.Count)].Id);
            }

            persons.Add(person);
        }

        return persons;
    }

    private static async Task Save(IWalletGrain wallet, string token, string? nickname, params string?[] authorizedFor)
    {
        var address = authorizedFor.Contains(Lakeside) && !authorizedFor.Contains(Riverside) ? LakesideAddress : RiversideAddress;
        var saved = await wallet.AddMethod(new SavePaymentMethod(token, address, nickname));
        foreach (var organizationId in authorizedFor.OfType<string>())
        {
            await wallet.Authorize(saved.Id, organizationId);
        }
    }
}
