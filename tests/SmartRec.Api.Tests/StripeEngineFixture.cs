using Microsoft.Extensions.DependencyInjection;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Invoices;
using SmartRec.Contracts.Organizations;
using SmartRec.Contracts.Wallets;
using SmartRec.StripeEmulator;
using SmartRec.Tests.Shared;

namespace SmartRec.Api.Tests;

/// <summary>
/// The real host on the Stripe processor, against the project's Stripe emulator, which sends its signed webhooks to
/// the host: the way the local cluster runs, in one process. The janitor keeps its one-minute period, so whatever
/// moves a payment within a test was a webhook.
/// </summary>
public sealed class StripeEngineFixture : IAsyncLifetime
{
    public const string WebhookSecret = "whsec_api_tests";

    private const string ApiKey = "sk_test_api_tests";

    private static readonly BillingAddress Address = new("1 Main Street", "Burlington", "05401", "US", Region: "VT");

    private RunningStripeEmulator _emulator = null!;
    private EngineHost _host = null!;

    public EmulatorOptions Emulator { get; } = new()
    {
        ApiKey = ApiKey,
        WebhookSecret = WebhookSecret,
        BankSettlementDelay = TimeSpan.FromSeconds(1),
        DisputeDelay = TimeSpan.FromMilliseconds(500),
        WebhookRetryDelay = TimeSpan.FromMilliseconds(200),
    };

    public Uri EmulatorAddress => _emulator.BaseAddress;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public async Task InitializeAsync()
    {
        _emulator = await StripeEmulatorApp.StartAsync(Emulator);
        _host = await EngineHost.StartAsync(new Dictionary<string, string?>
        {
            ["SmartRec:Processor:Kind"] = "Stripe",
            ["SmartRec:Processor:Stripe:ApiKey"] = ApiKey,
            ["SmartRec:Processor:Stripe:ApiBase"] = _emulator.BaseAddress.ToString(),
            ["SmartRec:Processor:Stripe:WebhookSecret"] = WebhookSecret,
        });
        Emulator.WebhookUrl = new Uri(_host.BaseAddress, "/api/webhooks/stripe").ToString();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    public HttpClient Anonymous() => _host.Anonymous();

    public Task<HttpClient> Admin(string organizationId) => _host.ClientFor($"admin@{organizationId}", "admin", organizationId);

    /// <summary>An organization with one family owing <paramref name="owed"/> on one invoice, its holder's method saved from <paramref name="token"/>.</summary>
    public async Task<(string OrgId, string AccountId, string MethodId)> FamilyOwing(long owed, string token)
    {
        var orgId = "org-" + Guid.NewGuid().ToString("N")[..12];
        await Grains.GetGrain<IOrganizationGrain>(orgId).Provision($"Organization {orgId}", "USD");
        var holder = "user-" + Guid.NewGuid().ToString("N")[..12];
        await Grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(orgId, "acc-1")).Open(new OpenAccount(holder, "The Martins"));
        var wallet = Grains.GetGrain<IWalletGrain>(holder);
        await wallet.RecordSignIn();
        var method = await wallet.AddMethod(new SavePaymentMethod(token, Address));
        await wallet.Authorize(method.Id, orgId);
        await Grains.GetGrain<IInvoiceGrain>(OrgScopedKey.For(orgId, "inv-1")).Create(new NewInvoice("acc-1",
            [new NewInvoiceLine("Summer camp", new Money(owed, "USD"))], DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10)));
        return (orgId, "acc-1", method.Id);
    }
}

[CollectionDefinition(Name)]
public sealed class StripeEngineCollection : ICollectionFixture<StripeEngineFixture>
{
    public const string Name = "stripe-engine";
}
