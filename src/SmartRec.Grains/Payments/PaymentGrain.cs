using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Notifications;
using SmartRec.Contracts.Organizations;
using SmartRec.Contracts.Payments;
using SmartRec.Contracts.Wallets;
using SmartRec.Domain.Billing;
using SmartRec.Domain.Monetary;
using SmartRec.Domain.Validation;
using SmartRec.Domain.Wallets;
using SmartRec.Grains.Billing;
using SmartRec.Payments;

namespace SmartRec.Grains.Payments;

/// <summary>
/// Not reentrant: the state write before a charge and the one after it are never interleaved with another call, so
/// two charges of the same payment cannot race. A reminder (the janitor) resolves payments left unknown or processing.
/// </summary>
public sealed class PaymentGrain(
    [PersistentState("payment", StorageNames.Payments)] IPersistentState<PaymentState> state,
    IPaymentProcessor processor,
    TimeProvider time,
    IOptions<BillingOptions> options,
    ILogger<PaymentGrain> logger)
    : Grain, IPaymentGrain, IRemindable
{
    private const string JanitorReminder = "resolve";

    private IGrainReminder? _janitor;

    private PaymentState S => state.State;

    private string OrganizationId => OrgScopedKey.Parse(this.GetPrimaryKeyString()).OrganizationId;

    private string PaymentId => OrgScopedKey.Parse(this.GetPrimaryKeyString()).Id;

    private bool IsFinal => S.Status is PaymentStatus.Succeeded or PaymentStatus.Declined or PaymentStatus.PartiallyRefunded or PaymentStatus.Refunded;

    public async Task<PaymentView> Submit(NewPayment request)
    {
        var fingerprint = Fingerprints.Of(request);
        if (S.Request is not null)
        {
            if (S.Fingerprint != fingerprint)
            {
                throw DomainException.Conflict("payment.exists", "This payment was already submitted with other content.");
            }

            if (S.Unpublished)
            {
                await Publish();
            }

            return View();
        }

        var accountId = Identifiers.Require(request.AccountId, "accountId");
        var account = await GrainFactory.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(OrganizationId, accountId)).Find()
            ?? throw DomainException.NotFound("Account");
        var organization = await GrainFactory.GetGrain<IOrganizationGrain>(OrganizationId).Find() ?? throw DomainException.NotFound("Organization");
        Amounts.RequirePositive(request.Amount, organization.Currency, "amount");
        Text.Required(request.Description, "description", 200);
        foreach (var invoiceId in request.InvoiceIds)
        {
            Identifiers.Require(invoiceId, "invoiceIds");
        }

        var (customerId, methodId, kind) = await ResolveMethod(account.HolderUserId, request.Source);
        S.Request = request;
        S.Fingerprint = fingerprint;
        S.HolderUserId = account.HolderUserId;
        S.ProcessorCustomerId = customerId;
        S.ProcessorMethodId = methodId;
        S.MethodKind = kind;
        S.IdempotencyKey = request.IdempotencyKey ?? $"pay:{OrganizationId}/{PaymentId}";
        S.CreatedAt = time.GetUtcNow();
        // One write fixes the key before the processor hears of the charge; every later send reuses it (decision 3).
        S.Status = PaymentStatus.Submitted;
        await state.WriteStateAsync();
        // The janitor runs from the moment the key is stored: a crash before the processor answers leaves a payment
        // that it will finish with the same key, never one that waits forever as submitted.
        await StartJanitor();

        await Charge();
        return View();
    }

    public Task<PaymentView?> Find() => Task.FromResult(S.Request is null ? null : View());

    public async Task<PaymentView> Resolve()
    {
        if (S.Request is null)
        {
            throw DomainException.NotFound("Payment");
        }

        if (!IsFinal)
        {
            ChargeOutcome? outcome;
            try
            {
                outcome = await processor.FindChargeAsync(S.IdempotencyKey, CancellationToken.None);
            }
            catch (Exception e) when (e is not DomainException)
            {
                logger.LogWarning(e, "Could not ask the processor about payment {PaymentId}", PaymentId);
                return View();
            }

            if (outcome is null)
            {
                // The processor never saw the charge: sending it again with the same key cannot charge twice.
                await Charge();
            }
            else
            {
                await Record(outcome);
            }
        }

        if (S.Unpublished)
        {
            await Publish();
        }

        return View();
    }

    public async Task<PaymentView> Refund(string refundId, Money amount)
    {
        Identifiers.Require(refundId, "refundId");
        if (S.Request is null)
        {
            throw DomainException.NotFound("Payment");
        }

        var existing = S.Refunds.FirstOrDefault(r => r.RefundId == refundId);
        if (existing is not null)
        {
            if (existing.Amount != amount)
            {
                throw DomainException.Conflict("refund.exists", "This refund was already made with another amount.");
            }

            if (S.Unpublished)
            {
                await Publish();
            }

            return View();
        }

        Amounts.RequirePositive(amount, S.Request.Amount.Currency, "amount");
        if (S.Status is not (PaymentStatus.Succeeded or PaymentStatus.PartiallyRefunded))
        {
            throw DomainException.Rule("payment.not_refundable", $"Only a succeeded payment can be refunded; this one is {S.Status}.");
        }

        if (amount > S.Request.Amount - Refunded())
        {
            throw DomainException.Rule("refund.over_amount", "That is more than what is left of the payment to refund.", "amount");
        }

        RefundOutcome outcome;
        try
        {
            outcome = await processor.RefundAsync(new RefundRequest(S.ChargeId!, amount, $"{S.IdempotencyKey}:refund:{refundId}"), CancellationToken.None);
        }
        catch (ProcessorException e) when (!e.LeavesOutcomeUnknown)
        {
            throw DomainException.Rule("refund.refused", $"The processor refused the refund ({e.Code}).");
        }
        catch (Exception e) when (e is not DomainException)
        {
            // Nothing is recorded: the same refund id retried sends the same processor key, so it refunds once.
            logger.LogWarning(e, "The processor did not answer a refund of payment {PaymentId}", PaymentId);
            throw DomainException.Unavailable("processor.unavailable", "The payment processor did not answer; retry with the same Idempotency-Key.");
        }

        S.Refunds.Add(new RefundState { RefundId = refundId, Amount = amount, ProcessorRefundId = outcome.RefundId, CreatedAt = time.GetUtcNow() });
        S.Status = Refunded() == S.Request.Amount ? PaymentStatus.Refunded : PaymentStatus.PartiallyRefunded;
        S.Unpublished = true;
        await state.WriteStateAsync();
        logger.LogInformation("Refunded {Amount} of payment {PaymentId}", amount.Minor, PaymentId);
        await Publish();
        return View();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (S.Request is null || (IsFinal && !S.Unpublished))
        {
            await StopJanitor();
            return;
        }

        await Resolve();
    }

    /// <summary>Sends the charge with the stored key; sending it again after a lost answer cannot charge twice.</summary>
    private async Task Charge()
    {
        ChargeOutcome outcome;
        try
        {
            outcome = await processor.ChargeAsync(
                new ChargeRequest(S.ProcessorCustomerId, S.ProcessorMethodId, S.Request!.Amount, S.IdempotencyKey, S.Request.Description),
                CancellationToken.None);
        }
        catch (ProcessorException e) when (!e.LeavesOutcomeUnknown)
        {
            outcome = new ChargeOutcome(ChargeStatus.Declined, "", S.Request!.Amount, e.Code, e.Message);
        }
        catch (Exception e)
        {
            // A timeout, a lost answer, a 429 or the key still in flight: the charge may or may not exist. Never a decline (decision 3).
            logger.LogWarning(e, "Payment {PaymentId} is unknown until the processor is asked again", PaymentId);
            S.Status = PaymentStatus.Unknown;
            await state.WriteStateAsync();
            await StartJanitor();
            await Ledger().RecordPayment(View());
            return;
        }

        await Record(outcome);
    }

    private async Task Record(ChargeOutcome outcome)
    {
        var before = S.Status;
        S.ChargeId = outcome.ChargeId.Length > 0 ? outcome.ChargeId : S.ChargeId;
        S.Status = outcome.Status switch
        {
            ChargeStatus.Succeeded => PaymentStatus.Succeeded,
            ChargeStatus.Processing => PaymentStatus.Processing,
            _ => PaymentStatus.Declined,
        };
        S.DeclineCode = outcome.DeclineCode;
        S.DeclineMessage = outcome.Message;
        if (S.Status == before)
        {
            return;
        }

        S.Unpublished = true;
        await state.WriteStateAsync();
        logger.LogInformation("Payment {PaymentId} of {OrgId} is {Status}", PaymentId, OrganizationId, S.Status);
        await Publish();
    }

    /// <summary>
    /// Tells the ledger, the customer and the Action Center of the latest status or refund. Money the processor moved
    /// must reach the ledger, so the janitor runs until this has succeeded once; every telling is idempotent.
    /// </summary>
    private async Task Publish()
    {
        try
        {
            await Ledger().RecordPayment(View());
            await Announce();
        }
        catch
        {
            await StartJanitor();
            throw;
        }

        // Cleared in memory only, sparing a write per payment: a stale flag after a reactivation repeats an idempotent telling.
        S.Unpublished = false;
        if (IsFinal)
        {
            await StopJanitor();
        }
        else
        {
            await StartJanitor();
        }
    }

    /// <summary>The customer hears about receipts and failures; a failure also goes to the Action Center (R13).</summary>
    private async Task Announce()
    {
        var outbox = GrainFactory.GetGrain<INotificationOutboxGrain>(S.HolderUserId);
        var now = time.GetUtcNow();
        if (S.Status == PaymentStatus.Succeeded)
        {
            await outbox.Add(new Notification($"receipt:{OrganizationId}/{PaymentId}", NotificationKind.Receipt, OrganizationId,
                $"Payment received: {Currencies.Format(S.Request!.Amount)} ({S.Request.Description}).", now));
        }
        else if (S.Status == PaymentStatus.Declined)
        {
            await outbox.Add(new Notification($"failed:{OrganizationId}/{PaymentId}", NotificationKind.PaymentFailed, OrganizationId,
                $"Your payment of {Currencies.Format(S.Request!.Amount)} did not go through: {S.DeclineMessage ?? S.DeclineCode}.", now));
            await GrainFactory.GetGrain<IActionCenterGrain>(OrganizationId).Record(new ActionItem(
                $"payment:{PaymentId}", ActionItemKind.PaymentDeclined, S.Request.AccountId,
                $"Payment of {Currencies.Format(S.Request.Amount)} declined ({S.DeclineCode}).", now, PaymentId, DeclineCode: S.DeclineCode));
        }
    }

    private async Task<(string CustomerId, string MethodId, PaymentMethodKind Kind)> ResolveMethod(string holderUserId, PaymentSource? source)
    {
        if (source?.MethodId is { } methodId && source.Token is null)
        {
            var method = await GrainFactory.GetGrain<IWalletGrain>(holderUserId).ResolveChargeable(OrganizationId, Identifiers.Require(methodId, "source.methodId"));
            return (method.ProcessorCustomerId, method.ProcessorMethodId, method.Details.Kind);
        }

        if (source?.Token is { } token && source.MethodId is null)
        {
            // A one-off method (R5, R7): attached to the customer at the processor for this charge, not saved in the wallet.
            var billingAddress = BillingAddresses.Normalize(source.BillingAddress);
            try
            {
                var customerId = await processor.EnsureCustomerAsync(holderUserId, CancellationToken.None);
                var attached = await processor.AttachAsync(customerId, Text.Required(token, "source.token", 255), billingAddress, CancellationToken.None);
                return (customerId, attached.PaymentMethodId, attached.Details.Kind);
            }
            catch (ProcessorException e) when (e.Code == "resource_missing")
            {
                throw DomainException.Invalid("payment_method.token_unknown", "The processor does not know this payment method token.", "source.token");
            }
            catch (Exception e) when (e is not (DomainException or ProcessorException))
            {
                throw DomainException.Unavailable("processor.unavailable", "The payment processor did not answer; try again.");
            }
        }

        throw DomainException.Invalid("payment.source", "Give either a saved method id or a processor token with a billing address.", "source");
    }

    private async Task StartJanitor() =>
        _janitor = await this.RegisterOrUpdateReminder(JanitorReminder, options.Value.ReminderPeriod, options.Value.ReminderPeriod);

    /// <summary>Uses the handle kept since registration when there is one, sparing a reminder-table read per payment.</summary>
    private async Task StopJanitor()
    {
        if ((_janitor ?? await this.GetReminder(JanitorReminder)) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
            _janitor = null;
        }
    }

    private Money Refunded() => S.Refunds.Aggregate(Money.Zero(S.Request!.Amount.Currency), (sum, r) => sum + r.Amount);

    private IAccountLedgerGrain Ledger() => GrainFactory.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(OrganizationId, S.Request!.AccountId));

    private PaymentView View()
    {
        var request = S.Request!;
        return new PaymentView(OrganizationId, PaymentId, request.AccountId, request.Amount, S.Status, S.MethodKind, S.DeclineCode, S.DeclineMessage,
            Refunded(), [.. S.Refunds.Select(r => new RefundView(r.RefundId, r.Amount, r.CreatedAt))],
            request.InvoiceIds, request.LeaveUnreconciled, request.Description, S.CreatedAt);
    }
}
