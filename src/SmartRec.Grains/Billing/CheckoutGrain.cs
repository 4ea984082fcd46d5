using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Installments;
using SmartRec.Contracts.Organizations;
using SmartRec.Contracts.Payments;
using SmartRec.Contracts.Wallets;
using SmartRec.Domain.Billing;
using SmartRec.Domain.Validation;
using SmartRec.Domain.Wallets;
using SmartRec.Grains.Payments;
using SmartRec.Grains.Persistence;
using SmartRec.Payments;

namespace SmartRec.Grains.Billing;

[GenerateSerializer, Alias("smartrec.CheckoutState")]
public sealed class CheckoutState
{
    [Id(0)] public string? Fingerprint { get; set; }
    [Id(1)] public string? SavedMethodId { get; set; }
    [Id(2)] public CheckoutResult? Result { get; set; }
    /// <summary>The saved method chosen when the request was accepted; null for a one-off token or a plan without one.</summary>
    [Id(3)] public string? MethodId { get; set; }
    /// <summary>The ledger applied the credit and holds the amount (<see cref="IAccountLedgerGrain.Reserve"/>).</summary>
    [Id(4)] public bool Reserved { get; set; }
    /// <summary>The account held by the reservation, so an abandoned checkout can give it back.</summary>
    [Id(5)] public string? AccountId { get; set; }
}

/// <summary>
/// Runs one checkout (R5–R9) once. Everything that can refuse for good is checked before the ledger holds any money:
/// the method, a one-off token with the processor, whether the wallet can take a method to save. Then each step has
/// an id derived from the checkout's, so a retry after a crash repeats no step: the ledger reservation (which applies
/// the credit as "{checkout}:credit"), the saved method, and payment and plan ids equal to the checkout id. A step that
/// still fails for good afterwards gives the reservation back, so nothing stays held. The ledger, one turn per
/// account, judges the request against the balance less what other checkouts in flight hold, so two checkouts cannot
/// both pay the same balance. The first result is kept and replayed.
/// </summary>
public sealed class CheckoutGrain(
    [PersistentState("checkout", StorageNames.Checkouts)] IPersistentState<CheckoutState> state,
    IPaymentProcessor processor,
    TimeProvider time,
    IOptions<BillingOptions> options,
    ILogger<CheckoutGrain> logger)
    : Grain, ICheckoutGrain, IRemindable
{
    /// <summary>Wakes a checkout that holds money but never made its payment or plan (its client went away mid-way).</summary>
    private const string AbandonReminder = "abandon";

    private IGrainReminder? _abandon;

    private CheckoutState S => state.State;

    private string OrganizationId => OrgScopedKey.Parse(this.GetPrimaryKeyString()).OrganizationId;

    private string CheckoutId => OrgScopedKey.Parse(this.GetPrimaryKeyString()).Id;

    public async Task<CheckoutResult> PayBalance(PayBalance request)
    {
        var fingerprint = Fingerprints.Of(request);
        if (S.Fingerprint is not null && S.Fingerprint != fingerprint)
        {
            throw DomainException.Conflict("idempotency_key.reused", "This Idempotency-Key was already used for another request.");
        }

        if (S.Result is not null)
        {
            return S.Result;
        }

        var accountId = Identifiers.Require(request.AccountId, "accountId");
        var account = await GrainFactory.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(OrganizationId, accountId)).Find()
            ?? throw DomainException.NotFound("Account");
        var currency = (await GrainFactory.GetGrain<IOrganizationGrain>(OrganizationId).Find() ?? throw DomainException.NotFound("Organization")).Currency;
        var credit = Amounts.RequireNotNegative(request.ApplyCredit, currency, "applyCredit");
        var amount = Amounts.RequireNotNegative(request.Amount, currency, "amount");
        if (!credit.IsPositive && !amount.IsPositive)
        {
            throw DomainException.Invalid("amount.not_positive", "Pay an amount, apply credit, or both.", "amount");
        }

        var ledger = GrainFactory.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(OrganizationId, accountId));
        var wallet = GrainFactory.GetGrain<IWalletGrain>(account.HolderUserId);
        if (S.Fingerprint is null)
        {
            var statement = await ledger.Get();
            var owed = Owed(statement, request.InvoiceIds);
            if (credit > statement.CreditAvailable)
            {
                throw DomainException.Rule("credit.insufficient", $"Only {statement.CreditAvailable.Minor} (minor units) of credit is available.", "applyCredit");
            }

            if (credit + amount > owed)
            {
                throw DomainException.Rule("payment.over_balance",
                    $"The chosen invoices owe {owed.Minor} (minor units); credit plus amount may not be more.", "amount");
            }

            if (request.Installments is not null)
            {
                InstallmentSchedules.Validate(amount, request.Installments, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
            }

            var methodId = amount.IsPositive ? await ChooseMethod(request, wallet) : null;
            await this.Commit(state, s =>
            {
                s.MethodId = methodId;
                s.Fingerprint = fingerprint;
                // Stored before any hold exists, so a hold whose own write was lost can still be found and given back.
                s.AccountId = accountId;
            });
        }

        try
        {
            return await Run(request, accountId, credit, amount, ledger, wallet);
        }
        catch (DomainException e) when (e.Kind != ErrorKind.Unavailable)
        {
            // A step refused for good, before any payment or plan was made: forget the checkout, so its answer is this
            // refusal, then give back what the ledger holds. Forgetting comes first: a retry then reserves again instead
            // of charging without a hold; a release that fails is done by the abandon reminder.
            logger.LogInformation("Checkout {CheckoutId} of {OrgId} refused after its reservation: {Code}", CheckoutId, OrganizationId, e.Code);
            await this.Commit(state, s =>
            {
                s.Fingerprint = null;
                s.MethodId = null;
                s.Reserved = false;
            });
            await ledger.Release(CheckoutId);
            throw;
        }
    }

    private async Task<CheckoutResult> Run(PayBalance request, string accountId, Money credit, Money amount, IAccountLedgerGrain ledger, IWalletGrain wallet)
    {
        if (!S.Reserved)
        {
            // Armed before the hold exists: a hold whose checkout never finishes is given back after ReservationTimeout.
            var timeout = options.Value.ReservationTimeout;
            _abandon = await this.RegisterOrUpdateReminder(AbandonReminder, timeout, timeout);
            // After the fingerprint, so a checkout refused here by a concurrent one can be retried with the same key.
            await ledger.Reserve(CheckoutId, credit, amount, request.InvoiceIds);
            await this.Commit(state, s => s.Reserved = true);
        }

        if (request.SaveMethod && amount.IsPositive && S.MethodId is null && S.SavedMethodId is null)
        {
            var source = request.Source!;
            var saved = await wallet.SaveForOrganization(OrganizationId, new SavePaymentMethod(source.Token!, source.BillingAddress!), SavedMethodIdOf(CheckoutId));
            await this.Commit(state, s => s.SavedMethodId = saved.Id);
        }

        var methodId = S.MethodId ?? S.SavedMethodId;
        PaymentView? payment = null;
        PlanView? plan = null;
        if (request.Installments is not null)
        {
            plan = await GrainFactory.GetGrain<IInstallmentPlanGrain>(OrgScopedKey.For(OrganizationId, CheckoutId)).Create(
                new NewPlan(accountId, methodId, amount, request.Installments, request.InvoiceIds, "Balance in installments"));
        }
        else if (amount.IsPositive)
        {
            var source = methodId is not null ? new PaymentSource(methodId) : request.Source!;
            payment = await GrainFactory.GetGrain<IPaymentGrain>(OrgScopedKey.For(OrganizationId, CheckoutId)).Submit(
                new NewPayment(accountId, source, amount, "Balance payment", request.InvoiceIds));
        }

        var result = new CheckoutResult(CheckoutId, credit, payment, plan, S.SavedMethodId);
        await this.Commit(state, s => s.Result = result);
        await StopAbandonReminder();
        logger.LogInformation("Checkout {CheckoutId} of {OrgId} done", CheckoutId, OrganizationId);
        return result;
    }

    /// <summary>
    /// A checkout without a result after <see cref="BillingOptions.ReservationTimeout"/>: if no payment or plan was
    /// ever made for it, the hold and its credit go back, and a retry of the same request judges the balance again. A
    /// payment or plan that exists ends the hold itself when it settles. The checkout forgets the hold before the
    /// ledger releases it, and releases even when it believes it holds nothing: a hold whose own write was lost, or
    /// whose release failed, is given back all the same (releasing is idempotent).
    /// </summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (S.Result is not null || S.AccountId is null)
        {
            await StopAbandonReminder();
            return;
        }

        var key = OrgScopedKey.For(OrganizationId, CheckoutId);
        if (await GrainFactory.GetGrain<IPaymentGrain>(key).Find() is not null || await GrainFactory.GetGrain<IInstallmentPlanGrain>(key).Find() is not null)
        {
            return;
        }

        if (S.Reserved)
        {
            await this.Commit(state, s => s.Reserved = false);
        }

        await GrainFactory.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(OrganizationId, S.AccountId)).Release(CheckoutId);
        await StopAbandonReminder();
        logger.LogInformation("Checkout {CheckoutId} of {OrgId} made no payment in time; its hold was given back", CheckoutId, OrganizationId);
    }

    private async Task StopAbandonReminder()
    {
        if ((_abandon ?? await this.GetReminder(AbandonReminder)) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
            _abandon = null;
        }
    }

    /// <summary>The id of the method a checkout saves: a retry finds the first one instead of saving a copy (R1).</summary>
    private static string SavedMethodIdOf(string checkoutId) => GeneratedIds.Hashed("pm_", $"checkout:{checkoutId}", 20);

    /// <summary>
    /// The saved method to charge, or null for a one-off token or a plan that must wait for a method. Refusals
    /// happen here, before anything changes: another organization's or customer's method is not found (R3), a card the
    /// wallet knows is expired is not charged now but pointed at its expiry update (R5), a token must be known to the
    /// processor and needs a billing address (R8), saving needs a customer who signed in and room in the wallet (R7,
    /// R1), and a plan needs a saved method (R6) unless the customer never signed in, in which case it is created
    /// without one and flagged (R7).
    /// </summary>
    private async Task<string?> ChooseMethod(PayBalance request, IWalletGrain wallet)
    {
        var source = request.Source;
        if (source?.MethodId is not null && source.Token is null)
        {
            var method = await wallet.ResolveChargeable(OrganizationId, Identifiers.Require(source.MethodId, "source.methodId"));
            // A plan's later installments may fall after an update, and the plan warns the customer; a charge now cannot.
            if (request.Installments is null && method.Details.Expiry is { } expiry && CardExpiries.IsExpired(expiry, time.GetUtcNow()))
            {
                throw DomainException.Rule("payment_method.expired",
                    $"The card ending {method.Details.Last4} expired at the end of {expiry.Month:00}/{expiry.Year}: the processor would decline it. "
                    + $"Update its expiry first (PATCH /api/orgs/{OrganizationId}/accounts/{request.AccountId}/payment-methods/{method.MethodId}, R5), then pay.",
                    "source.methodId");
            }

            return method.MethodId;
        }

        if (source?.Token is null || source.MethodId is not null)
        {
            var hasSignedIn = (await wallet.Get()).HasSignedIn;
            if (source is null && request.Installments is not null && !hasSignedIn && !request.SaveMethod)
            {
                return null;
            }

            throw DomainException.Invalid("payment.source", "Give either a saved method id or a processor token with a billing address.", "source");
        }

        var token = Text.Required(source.Token, "source.token", 255);
        BillingAddresses.Normalize(source.BillingAddress);
        var details = await PaymentGrain.DescribeToken(processor, token);
        if (request.SaveMethod)
        {
            await wallet.EnsureCanSave(details.Kind);
        }
        else if (request.Installments is not null && (await wallet.Get()).HasSignedIn)
        {
            throw DomainException.Rule("plan.saved_method_required", "Installments need a saved method: save this one or choose a saved one (R6).", "saveMethod");
        }

        return null;
    }

    private static Money Owed(LedgerView statement, IReadOnlyList<string> invoiceIds)
    {
        var chosen = statement.Invoices.Where(i => !i.IsVoid && (invoiceIds.Count == 0 || invoiceIds.Contains(i.InvoiceId))).ToList();
        var missing = invoiceIds.FirstOrDefault(id => statement.Invoices.All(i => i.InvoiceId != id || i.IsVoid));
        if (missing is not null)
        {
            throw DomainException.NotFound("Invoice");
        }

        return chosen.Aggregate(Money.Zero(statement.Currency), (sum, i) => sum + i.Owing);
    }
}
