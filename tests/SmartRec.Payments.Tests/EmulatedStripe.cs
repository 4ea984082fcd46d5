using Microsoft.Extensions.Logging.Abstractions;
using SmartRec.Contracts;
using SmartRec.Contracts.Wallets;
using SmartRec.Payments.Stripe;
using SmartRec.StripeEmulator;
using Stripe;

namespace SmartRec.Payments.Tests;

/// <summary>
/// An emulator on a free loopback port and the real Stripe processor pointed at it. Each test class owns one, so a
/// class that turns a knob (rate limit, faults) disturbs no other.
/// </summary>
public class EmulatedStripe : IAsyncLifetime
{
    public const string ApiKey = "sk_test_payments_tests";
    public const string WebhookSecret = "whsec_payments_tests";

    private static readonly BillingAddress Address = new("1 Main St", "Springfield", "12345", "US", "IL");

    private RunningStripeEmulator? _emulator;

    public EmulatorOptions Options { get; } = new()
    {
        ApiKey = ApiKey,
        WebhookSecret = WebhookSecret,
        BankSettlementDelay = TimeSpan.FromMilliseconds(300),
        DisputeDelay = TimeSpan.FromMilliseconds(100),
        WebhookRetryDelay = TimeSpan.FromMilliseconds(100),
    };

    public RunningStripeEmulator Emulator => _emulator ?? throw new InvalidOperationException("Not started.");

    public StripePaymentProcessor Processor { get; private set; } = null!;

    /// <summary>A plain Stripe.net client on the same emulator: how an auditor reads what was charged.</summary>
    public IStripeClient Client { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        _emulator = await StripeEmulatorApp.StartAsync(Options);
        var options = new StripeProcessorOptions { ApiKey = ApiKey, ApiBase = Emulator.BaseAddress.ToString(), WebhookSecret = WebhookSecret };
        Client = StripeClientFactory.Create(options);
        Processor = new StripePaymentProcessor(Client, options, TimeProvider.System, NullLogger<StripePaymentProcessor>.Instance);
    }

    public virtual async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    /// <summary>A new customer with one method saved from a test token: what a wallet holds.</summary>
    public async Task<(string CustomerId, AttachedPaymentMethod Method)> Saved(string token)
    {
        var customer = await Processor.EnsureCustomerAsync("wallet-" + Guid.NewGuid().ToString("N"), CancellationToken.None);
        var method = await Processor.AttachAsync(customer, token, Address, CancellationToken.None);
        return (customer, method);
    }

    public Task<ChargeOutcome> Charge(string customerId, string methodId, long amount, string key, string currency = "USD") =>
        Processor.ChargeAsync(new ChargeRequest(customerId, methodId, new Money(amount, currency), key, "Tests"), CancellationToken.None);

    public static string NewKey() => "key-" + Guid.NewGuid().ToString("N");

    /// <summary>Asks until the charge leaves processing: bank debits settle after the configured delay.</summary>
    public async Task<ChargeOutcome> Settled(string key)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var outcome = await Processor.FindChargeAsync(key, CancellationToken.None);
            if (outcome is not null && (outcome.Status != ChargeStatus.Processing || DateTime.UtcNow > deadline))
            {
                return outcome;
            }

            await Task.Delay(50);
        }
    }
}
