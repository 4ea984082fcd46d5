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
using SmartRec.Grains.Persistence;
using SmartRec.Payments;

namespace SmartRec.Grains.Payments;

/// <summary>
/// Not reentrant: the state write before a charge and the one after it are never interleaved with another call, so
/// two charges of the same payment cannot race. Every change goes through <see cref="StateCommits"/> (decision 11).
/// A reminder (the janitor) is armed before anything is stored and finishes whatever a crash or a fault left undone:
/// an outcome the processor has not told us, a pending refund, or a ledger not yet told.
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

    private TimeSpan _janitorPeriod;

    /// <summary>Janitor ticks that found the payment still unsettled in this activation; the period doubles with each.</summary>
    private int _unsettledChecks;

    private PaymentState S => state.State;

    private string OrganizationId => OrgScopedKey.Parse(this.GetPrimaryKeyString()).OrganizationId;

    private string PaymentId => OrgScopedKey.Parse(this.GetPrimaryKeyString()).Id;

    private bool IsFinal => S.Status is PaymentStatus.Succeeded or PaymentStatus.Declined or PaymentStatus.PartiallyRefunded
        or PaymentStatus.Refunded or PaymentStatus.Disputed;

    private bool HasWorkLeft => !IsFinal || S.Unpublished || S.Refunds.Any(r => r.Pending);

    public async Task<PaymentView> Submit(NewPayment request)
    {
        var fingerprint = Fingerprints.Of(request);
        if (S.Request is not null)
        {
            if (S.Fingerprint != fingerprint)
            {
                throw DomainException.Conflict("payment.exists", "This payment was already submitted with other content.");
            }

            // A replay finishes what the first call left undone: it re-arms the janitor, learns or makes the charge
            // with the stored key, and tells the ledger again.
            if (HasWorkLeft)
            {
                await ArmJanitor();
                await Resolve();
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

        var method = await ResolveMethod(account.HolderUserId, request.Source);
        // Armed before the key is stored: a stored payment always has the reminder that finishes it (a failed
        // registration stores nothing; a failed write leaves a reminder that finds no payment and stops).
        await ArmJanitor();
        await this.Commit(state, s =>
        {
            s.Request = request;
            s.Fingerprint = fingerprint;
            s.HolderUserId = account.HolderUserId;
            s.ProcessorCustomerId = method.CustomerId;
            s.ProcessorMethodId = method.MethodId;
            s.MethodKind = method.Details.Kind;
            s.MethodBrand = method.Details.Brand ?? method.Details.BankName;
            s.MethodLast4 = method.Details.Last4;
            s.OneOff = method.CustomerId.Length == 0;
            s.IdempotencyKey = request.IdempotencyKey ?? $"pay:{OrganizationId}/{PaymentId}";
            s.CreatedAt = time.GetUtcNow();
            // The key is fixed before the processor hears of the charge; every later send reuses it (decision 3).
            s.Status = PaymentStatus.Submitted;
        });

        await Charge(processorSawNoCharge: false);
        return View();
    }

    public async Task<PaymentView> Adopt(AdoptedCharge charge)
    {
        if (S.Request is null)
        {
            // The same order as a submission: the janitor that follows the charge exists before the payment is stored.
            await ArmJanitor();
            await this.Commit(state, s =>
            {
                s.Request = charge.Request;
                s.Fingerprint = Fingerprints.Of(charge.Request);
                s.HolderUserId = charge.HolderUserId;
                s.MethodKind = charge.MethodKind;
                s.MethodBrand = charge.MethodBrand;
                s.MethodLast4 = charge.MethodLast4;
                s.IdempotencyKey = charge.Request.IdempotencyKey!;
                s.ChargeId = charge.ChargeId;
                s.CreatedAt = time.GetUtcNow();
                s.Status = charge.Status;
                s.Unpublished = true;
            });
        }

        if (S.Unpublished)
        {
            await Publish();
        }

        return View();
    }

    public async Task<PaymentView> AdoptReceipt(BulkReceipt receipt)
    {
        if (S.Request is not null)
        {
            return View();
        }

        ChargeOutcome? charge;
        try
        {
            charge = await processor.FindChargeAsync(receipt.ProcessorKey, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The processor did not confirm the bulk charge of payment {PaymentId}", PaymentId);
            throw DomainException.Unavailable("processor.unavailable", "The payment processor did not answer; retry.");
        }

        if (charge is not { Status: ChargeStatus.Succeeded })
        {
            // A receipt is only ever written for a succeeded charge; anything else is not this payment.
            throw DomainException.NotFound("Payment");
        }

        var account = await GrainFactory.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(OrganizationId, receipt.AccountId)).Find()
            ?? throw DomainException.NotFound("Account");
        var request = new NewPayment(receipt.AccountId, new PaymentSource(), receipt.Amount, receipt.Description, [], receipt.LeaveUnreconciled,
            IdempotencyKey: receipt.ProcessorKey);
        // The ledger already holds its receipt: nothing is left to tell, so no janitor is armed until a refund needs one.
        await this.Commit(state, s =>
        {
            s.Request = request;
            s.Fingerprint = Fingerprints.Of(request);
            s.HolderUserId = account.HolderUserId;
            s.MethodKind = receipt.MethodKind;
            s.MethodBrand = receipt.MethodBrand;
            s.MethodLast4 = receipt.MethodLast4;
            s.IdempotencyKey = receipt.ProcessorKey;
            s.ChargeId = charge.ChargeId;
            s.CreatedAt = receipt.ReceivedAt;
            s.Status = PaymentStatus.Succeeded;
        });
        logger.LogInformation("Payment {PaymentId} of {OrgId} made of its bulk charge's receipt", PaymentId, OrganizationId);
        return View();
    }

    public Task<PaymentView?> Find() => Task.FromResult(S.Request is null ? null : View());

    public async Task<PaymentView> Resolve()
    {
        if (S.Request is null)
        {
            throw DomainException.NotFound("Payment");
        }

        if (!IsFinal && !await LearnOutcome())
        {
            return View();
        }

        foreach (var refund in S.Refunds.Where(r => r.Pending).ToList())
        {
            try
            {
                await SendRefund(refund.RefundId);
            }
            catch (DomainException e)
            {
                logger.LogWarning("Pending refund of payment {PaymentId} not finished: {Code}", PaymentId, e.Code);
            }
        }

        if (S.Unpublished)
        {
            await Publish();
        }

        return View();
    }

    public async Task<PaymentView> RecordDispute()
    {
        if (S.Request is null)
        {
            throw DomainException.NotFound("Payment");
        }

        if (S.Status is not (PaymentStatus.Succeeded or PaymentStatus.PartiallyRefunded or PaymentStatus.Disputed))
        {
            // The dispute may come before the success it disputes: learn the charge's state first.
            await Resolve();
        }

        if (S.Status is PaymentStatus.Succeeded or PaymentStatus.PartiallyRefunded)
        {
            await this.Commit(state, s =>
            {
                s.Status = PaymentStatus.Disputed;
                s.Unpublished = true;
            });
            logger.LogInformation("Payment {PaymentId} of {OrgId} disputed", PaymentId, OrganizationId);
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

            if (existing.Pending)
            {
                await SendRefund(refundId);
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

        // Pending refunds count: two refunds asked at once can never return more than was paid.
        var committed = S.Refunds.Aggregate(Money.Zero(amount.Currency), (sum, r) => sum + r.Amount);
        if (amount > S.Request.Amount - committed)
        {
            throw DomainException.Rule("refund.over_amount", "That is more than what is left of the payment to refund.", "amount");
        }

        await ArmJanitor();
        await this.Commit(state, s => s.Refunds.Add(new RefundState
        {
            RefundId = refundId, Amount = amount, CreatedAt = time.GetUtcNow(), Pending = true,
        }));
        await SendRefund(refundId);
        return View();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (S.Request is null || !HasWorkLeft)
        {
            await StopJanitor();
            return;
        }

        await Resolve();
        if (HasWorkLeft)
        {
            _unsettledChecks++;
            await ArmJanitor();
        }
    }

    /// <summary>
    /// Asks the processor what became of the stored key before anything else is tried. Returns false when it could
    /// not be asked: the payment stays as it is for the next tick.
    /// </summary>
    private async Task<bool> LearnOutcome()
    {
        ChargeOutcome? outcome;
        try
        {
            outcome = await processor.FindChargeAsync(S.IdempotencyKey, CancellationToken.None);
        }
        catch (Exception e) when (e is not DomainException)
        {
            logger.LogWarning(e, "Could not ask the processor about payment {PaymentId}", PaymentId);
            return false;
        }

        if (outcome is null)
        {
            // The processor never saw the charge: sending it again with the same key cannot charge twice.
            await Charge(processorSawNoCharge: true);
        }
        else
        {
            await Record(outcome);
        }

        return true;
    }

    /// <summary>
    /// Sends the charge with the stored key. Only the processor's decline is a decline. Any other failure leaves the
    /// outcome unknown until the processor has been asked (decision 3); a refusal then, of a charge the processor
    /// says it never made, is final.
    /// </summary>
    private async Task Charge(bool processorSawNoCharge)
    {
        ChargeOutcome outcome;
        try
        {
            outcome = await processor.ChargeAsync(
                new ChargeRequest(S.ProcessorCustomerId, S.ProcessorMethodId, S.Request!.Amount, S.IdempotencyKey, S.Request.Description,
                    $"{OrganizationId}/{PaymentId}"),
                CancellationToken.None);
        }
        catch (ProcessorException e) when (processorSawNoCharge && e.IsRefusal)
        {
            outcome = new ChargeOutcome(ChargeStatus.Declined, "", S.Request!.Amount, e.Code, e.Message);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Payment {PaymentId} is unknown until the processor is asked again", PaymentId);
            if (S.Status != PaymentStatus.Unknown)
            {
                await this.Commit(state, s => s.Status = PaymentStatus.Unknown);
            }

            await Tell(ledger => ledger.RecordPayment(View()));
            return;
        }

        await Record(outcome);
    }

    private async Task Record(ChargeOutcome outcome)
    {
        var status = outcome.Status switch
        {
            ChargeStatus.Succeeded => PaymentStatus.Succeeded,
            ChargeStatus.Processing => PaymentStatus.Processing,
            _ => PaymentStatus.Declined,
        };
        if (status != S.Status)
        {
            await this.Commit(state, s =>
            {
                s.ChargeId = outcome.ChargeId.Length > 0 ? outcome.ChargeId : s.ChargeId;
                s.Status = status;
                s.DeclineCode = outcome.DeclineCode;
                s.DeclineMessage = outcome.Message;
                s.Unpublished = true;
            });
            logger.LogInformation("Payment {PaymentId} of {OrgId} is {Status}", PaymentId, OrganizationId, S.Status);
        }

        if (S.Unpublished)
        {
            await Publish();
        }
    }

    /// <summary>Asks the processor for a stored pending refund, with the key derived from the payment's and the refund's ids.</summary>
    private async Task SendRefund(string refundId)
    {
        var refund = S.Refunds.First(r => r.RefundId == refundId);
        RefundOutcome outcome;
        try
        {
            outcome = await processor.RefundAsync(new RefundRequest(S.ChargeId!, refund.Amount, $"{S.IdempotencyKey}:refund:{refundId}"), CancellationToken.None);
        }
        catch (ProcessorException e) when (e.IsRefusal)
        {
            await this.Commit(state, s => s.Refunds.RemoveAll(r => r.RefundId == refundId));
            throw DomainException.Rule("refund.refused", $"The processor refused the refund ({e.Code}).");
        }
        catch (Exception e) when (e is not DomainException)
        {
            // The refund stays pending: the janitor, or the same refund id retried, sends the same key, so it refunds once.
            logger.LogWarning(e, "The processor did not answer a refund of payment {PaymentId}", PaymentId);
            throw DomainException.Unavailable("processor.unavailable", "The payment processor did not answer; retry with the same Idempotency-Key.");
        }

        await this.Commit(state, s =>
        {
            var stored = s.Refunds.First(r => r.RefundId == refundId);
            stored.Pending = false;
            stored.ProcessorRefundId = outcome.RefundId;
            s.Status = s.Refunds.Sum(r => r.Amount.Minor) == s.Request!.Amount.Minor ? PaymentStatus.Refunded : PaymentStatus.PartiallyRefunded;
            s.Unpublished = true;
        });
        logger.LogInformation("Refunded {Amount} of payment {PaymentId}", refund.Amount.Minor, PaymentId);
        await Publish();
    }

    /// <summary>
    /// Tells the ledger, the customer and the Action Center of the latest status or refund. The money already moved,
    /// so a failure here is not the caller's: the flag stays stored and the janitor tells them again (each telling is
    /// idempotent) until it has succeeded once.
    /// </summary>
    private async Task Publish()
    {
        if (!await Tell(async ledger =>
            {
                await ledger.RecordPayment(View());
                await Announce();
            }))
        {
            return;
        }

        try
        {
            await this.Commit(state, s => s.Unpublished = false);
        }
        catch (Exception e)
        {
            // Storage still says unpublished: the janitor tells again, which changes nothing.
            logger.LogWarning(e, "Payment {PaymentId} was published but could not be marked so", PaymentId);
            return;
        }

        if (!HasWorkLeft)
        {
            await StopJanitor();
        }
    }

    /// <summary>Runs a telling; false, with the janitor armed to tell again, when it failed.</summary>
    private async Task<bool> Tell(Func<IAccountLedgerGrain, Task> telling)
    {
        try
        {
            await telling(GrainFactory.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(OrganizationId, S.Request!.AccountId)));
            return true;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Payment {PaymentId}: the ledger or the customer will be told again by the janitor", PaymentId);
            await ArmJanitor();
            return false;
        }
    }

    /// <summary>The customer hears about receipts and failures; a failure also goes to the Action Center (R13).</summary>
    private async Task Announce()
    {
        var outbox = GrainFactory.GetGrain<INotificationOutboxGrain>(S.HolderUserId);
        var now = time.GetUtcNow();
        var actionCenter = GrainFactory.GetGrain<IActionCenterGrain>(OrganizationId);
        if (S.Status == PaymentStatus.Succeeded)
        {
            await outbox.Add(new Notification($"receipt:{OrganizationId}/{PaymentId}", NotificationKind.Receipt, OrganizationId,
                $"Payment received: {Currencies.Format(S.Request!.Amount)} ({S.Request.Description}).", now));
            if (S.Request.ActionItemId is { } answered)
            {
                await actionCenter.Resolve(answered, PaymentId);
            }
        }
        else if (S.Status == PaymentStatus.Disputed)
        {
            await outbox.Add(new Notification($"disputed:{OrganizationId}/{PaymentId}", NotificationKind.PaymentFailed, OrganizationId,
                $"Your bank disputed your payment of {Currencies.Format(S.Request!.Amount)} ({S.Request.Description}); it is owed again.", now));
            await actionCenter.Record(new ActionItem(
                $"dispute.{PaymentId}", ActionItemKind.PaymentDisputed, S.Request.AccountId,
                $"Payment of {Currencies.Format(S.Request.Amount)} disputed by the customer's bank; its invoices owe again.", now, PaymentId,
                Amount: S.Request.Amount));
        }
        else if (S.Status == PaymentStatus.Declined)
        {
            await outbox.Add(new Notification($"failed:{OrganizationId}/{PaymentId}", NotificationKind.PaymentFailed, OrganizationId,
                $"Your payment of {Currencies.Format(S.Request!.Amount)} did not go through: {S.DeclineMessage ?? S.DeclineCode}.", now));
            if (S.Request.ActionItemId is null)
            {
                // A failed e-check is declined at settlement (R13); either way someone must follow it up.
                await actionCenter.Record(new ActionItem(
                    $"payment.{PaymentId}", S.MethodKind == PaymentMethodKind.BankAccount ? ActionItemKind.EcheckFailed : ActionItemKind.PaymentDeclined,
                    S.Request.AccountId, $"Payment of {Currencies.Format(S.Request.Amount)} declined ({S.DeclineCode}).", now, PaymentId,
                    DeclineCode: S.DeclineCode, Amount: S.Request.Amount));
            }
        }
    }

    private sealed record ResolvedMethod(string CustomerId, string MethodId, PaymentMethodDetails Details);

    private async Task<ResolvedMethod> ResolveMethod(string holderUserId, PaymentSource? source)
    {
        if (source?.MethodId is { } methodId && source.Token is null)
        {
            var method = await GrainFactory.GetGrain<IWalletGrain>(holderUserId).ResolveChargeable(OrganizationId, Identifiers.Require(methodId, "source.methodId"));
            return new ResolvedMethod(method.ProcessorCustomerId, method.ProcessorMethodId, method.Details);
        }

        if (source?.Token is { } token && source.MethodId is null)
        {
            // A one-off method (R5, R7) is charged as a token, attached to no processor customer and saved nowhere.
            BillingAddresses.Normalize(source.BillingAddress);
            var details = await DescribeToken(processor, Text.Required(token, "source.token", 255));
            return new ResolvedMethod("", token, details);
        }

        throw DomainException.Invalid("payment.source", "Give either a saved method id or a processor token with a billing address.", "source");
    }

    /// <summary>The token's display data, or the caller's error when the processor does not know it.</summary>
    internal static async Task<PaymentMethodDetails> DescribeToken(IPaymentProcessor processor, string token)
    {
        try
        {
            return await processor.DescribeAsync(token, CancellationToken.None);
        }
        catch (ProcessorException e) when (e.IsRefusal)
        {
            throw DomainException.Invalid("payment_method.token_unknown", "The processor does not know this payment method token.", "source.token");
        }
        catch (Exception e) when (e is not DomainException)
        {
            throw DomainException.Unavailable("processor.unavailable", "The payment processor did not answer; try again.");
        }
    }

    /// <summary>(Re)registers the janitor for the period this activation has reached; a handle kept spares a reminder-table read.</summary>
    private async Task ArmJanitor()
    {
        var period = WakeSchedule.Recheck(options.Value.ReminderPeriod, _unsettledChecks, options.Value.LongestRecheck);
        if (_janitor is null || _janitorPeriod != period)
        {
            _janitor = await this.RegisterOrUpdateReminder(JanitorReminder, period, period);
            _janitorPeriod = period;
        }
    }

    private async Task StopJanitor()
    {
        if ((_janitor ?? await this.GetReminder(JanitorReminder)) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
            _janitor = null;
        }
    }

    private Money Refunded() => S.Refunds.Where(r => !r.Pending).Aggregate(Money.Zero(S.Request!.Amount.Currency), (sum, r) => sum + r.Amount);

    private PaymentView View()
    {
        var request = S.Request!;
        return new PaymentView(OrganizationId, PaymentId, request.AccountId, request.Amount, S.Status, S.MethodKind, S.DeclineCode, S.DeclineMessage,
            S.Status == PaymentStatus.Disputed ? request.Amount : Refunded(),
            [.. S.Refunds.Select(r => new RefundView(r.RefundId, r.Amount, r.CreatedAt, r.Pending))],
            request.InvoiceIds, request.LeaveUnreconciled, request.Description, S.CreatedAt, request.Source.MethodId, S.MethodBrand, S.MethodLast4);
    }
}
