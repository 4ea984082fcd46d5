using Microsoft.Extensions.Logging.Abstractions;
using SmartRec.Contracts;
using SmartRec.Contracts.Wallets;
using SmartRec.Payments.Stripe;

namespace SmartRec.Payments.StripeContractTests;

/// <summary>
/// The Stripe processor on Stripe's test mode, with the secret key from <c>STRIPE_TEST_SECRET_KEY</c>. Without the key
/// every test fails with that message: a contract test that did not run must never look passed or skipped.
/// </summary>
public sealed class StripeTestMode
{
    public const string KeyVariable = "STRIPE_TEST_SECRET_KEY";

    private static readonly BillingAddress Address = new("510 Townsend St", "San Francisco", "94103", "US", "CA");

    public StripeTestMode()
    {
        var key = Environment.GetEnvironmentVariable(KeyVariable);
        if (string.IsNullOrWhiteSpace(key) || !key.StartsWith("sk_test_", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"The Stripe contract tests need a test-mode secret key: set {KeyVariable}=sk_test_... and run them again. " +
                "They are not part of the default test run.");
        }

        var options = new StripeProcessorOptions { ApiKey = key };
        Client = StripeClientFactory.Create(options);
        Processor = new StripePaymentProcessor(Client, options, TimeProvider.System, NullLogger<StripePaymentProcessor>.Instance);
    }

    public StripePaymentProcessor Processor { get; }

    public global::Stripe.IStripeClient Client { get; }

    public async Task<(string CustomerId, AttachedPaymentMethod Method)> Saved(string token)
    {
        var customer = await Processor.EnsureCustomerAsync("contract-" + Guid.NewGuid().ToString("N"), CancellationToken.None);
        return (customer, await Processor.AttachAsync(customer, token, Address, CancellationToken.None));
    }

    public Task<ChargeOutcome> Charge(string customerId, string methodId, long amount, string key, string currency = "USD") =>
        Processor.ChargeAsync(new ChargeRequest(customerId, methodId, new Money(amount, currency), key, "SmartRec contract test"), CancellationToken.None);

    public static string NewKey() => "contract-" + Guid.NewGuid().ToString("N");
}
