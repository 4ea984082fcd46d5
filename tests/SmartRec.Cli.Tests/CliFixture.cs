using System.Diagnostics;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Organizations;
using SmartRec.Contracts.Wallets;
using SmartRec.Payments.Simulated;
using SmartRec.Tests.Shared;

namespace SmartRec.Cli.Tests;

/// <summary>
/// The real engine on a random loopback port, an organization with <see cref="Families"/> families of two persons (one
/// of them swimming), and the smartrec tool run as its own process, as an operator's shell runs it. The first
/// <see cref="FamiliesWithACard"/> holders authorized a card for the organization, the next one a card that is declined
/// (insufficient funds); the others authorized nothing.
/// </summary>
public sealed class CliFixture : IAsyncLifetime
{
    public const int Families = 6;
    public const int FamiliesWithACard = 3;
    public const int FamiliesWithADecliningCard = 1;

    private EngineHost _host = null!;

    public Uri BaseAddress => _host.BaseAddress;

    public IGrainFactory Grains => (IGrainFactory)_host.Services.GetService(typeof(IGrainFactory))!;

    public string Organization { get; } = "org-" + Guid.NewGuid().ToString("N")[..10];

    public string SwimId { get; private set; } = "";

    /// <summary>The tool's entry assembly, copied beside the tests by the project reference.</summary>
    public static string ToolPath => Path.Combine(AppContext.BaseDirectory, "smartrec.dll");

    public async Task InitializeAsync()
    {
        _host = await EngineHost.StartAsync(new Dictionary<string, string?>());
        var grains = Grains;
        var organization = grains.GetGrain<IOrganizationGrain>(Organization);
        await organization.Provision("Tool Test Parks", "USD");
        SwimId = (await organization.AddActivity((await organization.AddProgram("Aquatics")).Id, "Swim")).Id;
        for (var n = 1; n <= Families; n++)
        {
            var account = grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(Organization, $"acc-{n:00}"));
            await account.Open(new OpenAccount($"user-{Organization}-{n}", $"Family {n}"));
            await account.Enroll((await account.AddPerson(new NewPerson("Ava", $"Family{n}"))).Id, SwimId);
            await account.AddPerson(new NewPerson("Leo", $"Family{n}"));
            if (n <= FamiliesWithACard + FamiliesWithADecliningCard)
            {
                var wallet = grains.GetGrain<IWalletGrain>($"user-{Organization}-{n}");
                var token = n <= FamiliesWithACard ? SimulatedTestMethods.Visa : SimulatedTestMethods.InsufficientFunds;
                var card = await wallet.AddMethod(new SavePaymentMethod(token, new BillingAddress("1 Main Street", "Burlington", "05401", "US", Region: "VT")));
                await wallet.Authorize(card.Id, Organization);
            }
        }
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>A shell with its own saved login, so tests do not share credentials.</summary>
    public Shell NewShell() => new(Path.Combine(Path.GetTempPath(), $"smartrec-{Guid.NewGuid():N}.json"));

    public sealed record Run(int ExitCode, string Output, string Errors)
    {
        public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public sealed class Shell(string profilePath)
    {
        public string ProfilePath => profilePath;

        public async Task<Run> RunAsync(params string[] arguments)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
            start.ArgumentList.Add(ToolPath);
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["SMARTREC_CONFIG"] = profilePath;
            start.Environment["NO_COLOR"] = "1";
            using var process = Process.Start(start)!;
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await process.WaitForExitAsync(timeout.Token);
            return new Run(process.ExitCode, await output, await errors);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class CliCollection : ICollectionFixture<CliFixture>
{
    public const string Name = "cli";
}
