using Microsoft.Extensions.Logging;
using SmartRec.Contracts;
using SmartRec.Contracts.Wallets;
using global::Stripe;

namespace SmartRec.Payments.Stripe;

/// <summary>
/// The processor on Stripe (or the project's Stripe emulator): a Stripe customer per wallet, methods saved with
/// SetupIntents for off-session use, off-session PaymentIntents confirmed server-side with the engine's own
/// idempotency key, and refunds with keys.
/// </summary>
/// <remarks>
/// Stripe.net's own retries are off: the grains own retries and keys (decision 3), and a retry hidden in here would
/// spend the shared processor budget twice (decision 4). The key also goes into the intent's metadata, so a charge
/// can be found after Stripe forgets the key (24 hours).
/// </remarks>
public sealed class StripePaymentProcessor(IStripeClient client, StripeProcessorOptions options, TimeProvider time, ILogger<StripePaymentProcessor> logger)
    : IPaymentProcessor
{
    /// <summary>The metadata key that carries the engine's idempotency key on every PaymentIntent and refund.</summary>
    public const string KeyMetadata = "smartrec_key";

    /// <summary>The metadata key that names the engine's payment on its PaymentIntent, so webhooks can find it.</summary>
    public const string PaymentMetadata = "smartrec_payment";

    /// <summary>The metadata key that names the engine's wallet on its Stripe customer.</summary>
    public const string WalletMetadata = "smartrec_wallet";

    /// <summary>Stripe's longest idempotency key.</summary>
    private const int MaxKeyLength = 255;

    private const int SearchPageSize = 10;
    private const int ListPageSize = 100;

    private readonly CustomerService _customers = new(client);
    private readonly PaymentMethodService _methods = new(client);
    private readonly SetupIntentService _setups = new(client);
    private readonly PaymentIntentService _intents = new(client);
    private readonly RefundService _refunds = new(client);

    public Task<string> EnsureCustomerAsync(string walletReference, CancellationToken cancellationToken) =>
        Call("ensure_customer", async () =>
        {
            var customer = await _customers.CreateAsync(
                new CustomerCreateOptions { Metadata = new() { [WalletMetadata] = walletReference } },
                Keyed($"customer:{walletReference}"), cancellationToken);
            return customer.Id;
        }, cancellationToken);

    public Task<AttachedPaymentMethod> AttachAsync(string customerId, string token, BillingAddress billingAddress, CancellationToken cancellationToken) =>
        Call("attach", async () =>
        {
            // A test token or a token from Stripe.js becomes the customer's own method, then gets the billing address (R8).
            var method = await _methods.AttachAsync(token, new PaymentMethodAttachOptions { Customer = customerId }, null, cancellationToken);
            method = await _methods.UpdateAsync(method.Id, new PaymentMethodUpdateOptions { BillingDetails = Billing(billingAddress) }, null, cancellationToken);
            try
            {
                await SetUpForOffSession(customerId, method, cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Not usable off-session, or not known to be: the wallet will not keep it, so neither should Stripe.
                await DetachQuietly(method.Id);
                throw;
            }

            return new AttachedPaymentMethod(method.Id, StripeMethodDetails.From(method));
        }, cancellationToken);

    public Task<PaymentMethodDetails> DescribeAsync(string token, CancellationToken cancellationToken) =>
        Call("describe", async () => StripeMethodDetails.From(await _methods.GetAsync(token, null, null, cancellationToken)), cancellationToken);

    public Task DetachAsync(string paymentMethodId, CancellationToken cancellationToken) =>
        Call("detach", () => _methods.DetachAsync(paymentMethodId, null, null, cancellationToken), cancellationToken);

    public Task UpdateCardExpiryAsync(string paymentMethodId, CardExpiry expiry, CancellationToken cancellationToken) =>
        Call("update_expiry", () => _methods.UpdateAsync(paymentMethodId,
            new PaymentMethodUpdateOptions { Card = new PaymentMethodCardOptions { ExpMonth = expiry.Month, ExpYear = expiry.Year } },
            null, cancellationToken), cancellationToken);

    public Task<ChargeOutcome> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken) =>
        Call("charge", async () =>
        {
            // A one-off token has no customer (R7): it is charged while the admin is there, not off-session.
            var oneOff = request.CustomerId.Length == 0;
            var create = new PaymentIntentCreateOptions
            {
                Amount = request.Amount.Minor,
                Currency = request.Amount.Currency.ToLowerInvariant(),
                Customer = oneOff ? null : request.CustomerId,
                PaymentMethod = request.PaymentMethodId,
                AllowedPaymentMethodTypes = StripeMethodDetails.TypesFor(request.Amount.Currency),
                Confirm = true,
                OffSession = !oneOff,
                Description = request.Description,
                Metadata = request.Reference is { } reference
                    ? new() { [KeyMetadata] = request.IdempotencyKey, [PaymentMetadata] = reference }
                    : new() { [KeyMetadata] = request.IdempotencyKey },
            };
            try
            {
                return StripeOutcomes.From(await _intents.CreateAsync(create, Keyed(request.IdempotencyKey), cancellationToken));
            }
            catch (StripeException e) when (e.StripeError?.Type == "card_error")
            {
                logger.LogInformation("Charge declined by Stripe with {DeclineCode}", e.StripeError.DeclineCode ?? e.StripeError.Code);
                return StripeOutcomes.Declined(e.StripeError, request.Amount);
            }
        }, cancellationToken);

    public Task<ChargeOutcome?> FindChargeAsync(string idempotencyKey, CancellationToken cancellationToken) =>
        Call("find_charge", async () =>
        {
            var intents = await Search(idempotencyKey, cancellationToken) ?? await List(idempotencyKey, cancellationToken);
            return StripeOutcomes.MostAdvanced(intents) is { } intent ? StripeOutcomes.From(intent) : null;
        }, cancellationToken);

    public Task<RefundOutcome> RefundAsync(RefundRequest request, CancellationToken cancellationToken) =>
        Call("refund", async () =>
        {
            // The engine's charge id is the PaymentIntent's; a plain charge id (ch_, py_) is accepted too.
            var byIntent = request.ChargeId.StartsWith("pi_", StringComparison.Ordinal);
            var refund = await _refunds.CreateAsync(new RefundCreateOptions
            {
                PaymentIntent = byIntent ? request.ChargeId : null,
                Charge = byIntent ? null : request.ChargeId,
                Amount = request.Amount.Minor,
                Metadata = new() { [KeyMetadata] = request.IdempotencyKey },
            }, Keyed(request.IdempotencyKey), cancellationToken);
            return new RefundOutcome(refund.Id, request.ChargeId, new Money(refund.Amount, refund.Currency.ToUpperInvariant()));
        }, cancellationToken);

    /// <summary>
    /// Confirms the method for off-session use. Bank debits need the customer's mandate; the wallet's owner gave it in
    /// the engine's own form, so it is recorded as accepted offline.
    /// </summary>
    private async Task SetUpForOffSession(string customerId, PaymentMethod method, CancellationToken cancellationToken)
    {
        var bank = method.Type != StripeMethodDetails.Card;
        var setup = new SetupIntentCreateOptions
        {
            Customer = customerId,
            PaymentMethod = method.Id,
            AllowedPaymentMethodTypes = [method.Type],
            Usage = "off_session",
            Confirm = true,
            MandateData = bank
                ? new SetupIntentMandateDataOptions
                {
                    CustomerAcceptance = new SetupIntentMandateDataCustomerAcceptanceOptions
                    {
                        Type = "offline",
                        Offline = new SetupIntentMandateDataCustomerAcceptanceOfflineOptions(),
                    },
                }
                : null,
            PaymentMethodOptions = method.Type == StripeMethodDetails.AcssDebit
                ? new SetupIntentPaymentMethodOptionsOptions
                {
                    AcssDebit = new SetupIntentPaymentMethodOptionsAcssDebitOptions
                    {
                        Currency = "cad",
                        MandateOptions = new SetupIntentPaymentMethodOptionsAcssDebitMandateOptionsOptions
                        {
                            PaymentSchedule = options.PadPaymentSchedule,
                            TransactionType = options.PadTransactionType,
                        },
                    },
                }
                : null,
        };
        var intent = await _setups.CreateAsync(setup, Keyed($"setup:{method.Id}"), cancellationToken);
        switch (intent.Status)
        {
            case "succeeded" or "processing":
                return;
            case "requires_action":
                // 3-D Secure or bank verification needs the customer present; the engine saves off-session only.
                throw new ProcessorException("authentication_required", "The method needs the customer to authenticate before it can be saved.");
            default:
                throw new ProcessorException("setup_intent_unexpected_state", $"The method could not be set up for later use ({intent.Status}).");
        }
    }

    private async Task DetachQuietly(string paymentMethodId)
    {
        try
        {
            await _methods.DetachAsync(paymentMethodId, null, null, CancellationToken.None);
        }
        catch (Exception e) when (e is StripeException or HttpRequestException or OperationCanceledException)
        {
            // The original failure is the one to report; an orphan method on a customer is never charged.
            logger.LogWarning("Could not detach a method that failed to save: {Error}", e.Message);
        }
    }

    /// <summary>Stripe's search; null when this account has no search (it is not offered in every country).</summary>
    private async Task<List<PaymentIntent>?> Search(string key, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _intents.SearchAsync(new PaymentIntentSearchOptions
            {
                Query = $"metadata['{KeyMetadata}']:'{key.Replace("'", "\\'", StringComparison.Ordinal)}'",
                Limit = SearchPageSize,
            }, null, cancellationToken);
            return result.Data;
        }
        catch (StripeException e) when (e.StripeError?.Type == "invalid_request_error" && (int)e.HttpStatusCode == 400)
        {
            logger.LogWarning("Stripe search is unavailable ({Code}); listing recent payment intents instead", e.StripeError.Code);
            return null;
        }
    }

    /// <summary>Every intent created within the look-back, newest first, page by page: nothing is skipped.</summary>
    private async Task<List<PaymentIntent>> List(string key, CancellationToken cancellationToken)
    {
        var found = new List<PaymentIntent>();
        var since = time.GetUtcNow().UtcDateTime - options.ListLookback;
        var list = new PaymentIntentListOptions { Created = new DateRangeOptions { GreaterThanOrEqual = since }, Limit = ListPageSize };
        await foreach (var intent in _intents.ListAutoPagingAsync(list, null, cancellationToken))
        {
            if (intent.Metadata?.GetValueOrDefault(KeyMetadata) == key)
            {
                found.Add(intent);
            }
        }

        return found;
    }

    private async Task<T> Call<T>(string operation, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (StripeFailures.Translate(e, cancellationToken) is { } translated)
        {
            if (translated.LeavesOutcomeUnknown)
            {
                logger.LogWarning("Stripe {Operation} left its outcome unknown ({Code}): {Error}", operation, translated.Code, e.Message);
            }

            throw translated;
        }
    }

    private Task Call(string operation, Func<Task> call, CancellationToken cancellationToken) =>
        Call(operation, async () =>
        {
            await call();
            return true;
        }, cancellationToken);

    private static RequestOptions Keyed(string key) => new()
    {
        IdempotencyKey = key.Length <= MaxKeyLength
            ? key
            : throw new ArgumentException($"An idempotency key is at most {MaxKeyLength} characters.", nameof(key)),
    };

    private static PaymentMethodBillingDetailsOptions Billing(BillingAddress address) => new()
    {
        Address = new AddressOptions
        {
            Line1 = address.Line1,
            Line2 = address.Line2,
            City = address.City,
            State = address.Region,
            PostalCode = address.PostalCode,
            Country = address.Country,
        },
    };
}
