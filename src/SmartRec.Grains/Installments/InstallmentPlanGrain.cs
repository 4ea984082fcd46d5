using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Installments;
using SmartRec.Contracts.Notifications;
using SmartRec.Contracts.Organizations;
using SmartRec.Contracts.Payments;
using SmartRec.Contracts.Wallets;
using SmartRec.Domain.Billing;
using SmartRec.Domain.Monetary;
using SmartRec.Domain.Validation;
using SmartRec.Domain.Wallets;
using SmartRec.Grains.Billing;

namespace SmartRec.Grains.Installments;

/// <summary>
/// Charges a plan's installments from a grain reminder (decision 8). A tick may come late, twice, or not at all:
/// the installment's payment id and processor key are written before it is charged and derive only from the plan
/// and installment number (and attempt), so a repeated tick finds the same payment instead of making another.
/// </summary>
public sealed class InstallmentPlanGrain(
    [PersistentState("plan", StorageNames.Plans)] IPersistentState<PlanState> state,
    TimeProvider time,
    IOptions<BillingOptions> options,
    ILogger<InstallmentPlanGrain> logger)
    : Grain, IInstallmentPlanGrain, IRemindable
{
    private const string TickReminder = "installments";

    private PlanState S => state.State;

    private string OrganizationId => OrgScopedKey.Parse(this.GetPrimaryKeyString()).OrganizationId;

    private string PlanId => OrgScopedKey.Parse(this.GetPrimaryKeyString()).Id;

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public async Task<PlanView> Create(NewPlan request)
    {
        var fingerprint = Fingerprints.Of(request);
        if (S.Request is not null)
        {
            return S.Fingerprint == fingerprint ? View() : throw DomainException.Conflict("plan.exists", "This plan already exists with other content.");
        }

        var accountId = Identifiers.Require(request.AccountId, "accountId");
        var account = await GrainFactory.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(OrganizationId, accountId)).Find()
            ?? throw DomainException.NotFound("Account");
        var organization = await GrainFactory.GetGrain<IOrganizationGrain>(OrganizationId).Find() ?? throw DomainException.NotFound("Organization");
        Amounts.RequirePositive(request.Total, organization.Currency, "amount");
        InstallmentSchedules.Validate(request.Total, request.Installments, Today);
        var method = request.MethodId is null ? null : await Chargeable(account.HolderUserId, request.MethodId);

        S.Request = request;
        S.Fingerprint = fingerprint;
        S.HolderUserId = account.HolderUserId;
        S.Installments = [.. request.Installments.Select((i, n) => new InstallmentState { Number = n + 1, DueDate = i.DueDate, Amount = i.Amount })];
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(OrganizationId, accountId)).RegisterPlan(PlanId);
        if (method is null)
        {
            // R7: a customer who never signed in cannot have a method saved for them; someone must collect one.
            await GrainFactory.GetGrain<IActionCenterGrain>(OrganizationId).Record(new ActionItem(
                $"plan:{PlanId}:method", ActionItemKind.PlanNeedsMethod, accountId,
                "An installment plan has no saved method; ask the customer to sign in and save one.", time.GetUtcNow(), PlanId: PlanId));
        }
        else
        {
            await WarnOfExpiringCards(S.Installments);
        }

        await this.RegisterOrUpdateReminder(TickReminder, options.Value.ReminderPeriod, options.Value.ReminderPeriod);
        logger.LogInformation("Plan {PlanId} of {OrgId} created with {Count} installments", PlanId, OrganizationId, S.Installments.Count);
        return View();
    }

    public Task<PlanView?> Find() => Task.FromResult(S.Request is null ? null : View());

    public async Task<PlanView> Edit(int number, InstallmentEdit edit)
    {
        var request = S.Request ?? throw DomainException.NotFound("Plan");
        var installment = S.Installments.FirstOrDefault(i => i.Number == number) ?? throw DomainException.NotFound("Installment");
        if (!IsUncharged(installment))
        {
            throw DomainException.Conflict("installment.charged", "This installment was already charged; it can no longer be changed (R10).");
        }

        if (edit.DueDate is { } dueDate)
        {
            InstallmentSchedules.RequireNotPast(dueDate, Today, "dueDate");
        }

        long[]? amounts = null;
        if (edit.Amount is { } amount)
        {
            Amounts.RequireCurrency(amount, request.Total.Currency, "amount");
            amounts = InstallmentSchedules.Rebalance(
                [.. S.Installments.Select(i => i.Amount.Minor)], [.. S.Installments.Select(i => !IsUncharged(i))], S.Installments.IndexOf(installment), amount.Minor);
        }

        var method = edit.MethodId is null ? null : await Chargeable(S.HolderUserId, edit.MethodId);

        if (edit.DueDate is { } newDate)
        {
            installment.DueDate = newDate;
            if (installment.Status == InstallmentStatus.RetryScheduled)
            {
                installment.NextAttemptAt = null;
                installment.Status = InstallmentStatus.Scheduled;
            }
        }

        if (amounts is not null)
        {
            for (var i = 0; i < amounts.Length; i++)
            {
                S.Installments[i].Amount = new Money(amounts[i], request.Total.Currency);
            }
        }

        if (method is not null)
        {
            installment.MethodId = method.MethodId;
        }

        await state.WriteStateAsync();
        // A new date or a new method can each put the installment after its card's expiry.
        await WarnOfExpiringCards([installment]);
        return View();
    }

    public async Task<PlanView> Cancel()
    {
        if (S.Request is null)
        {
            throw DomainException.NotFound("Plan");
        }

        var cancelled = S.Installments.Where(IsUncharged).ToList();
        foreach (var installment in cancelled)
        {
            await EndReservation(installment);
            installment.Status = InstallmentStatus.Cancelled;
            installment.NextAttemptAt = null;
        }

        if (cancelled.Count > 0)
        {
            await state.WriteStateAsync();
            logger.LogInformation("Plan {PlanId} of {OrgId}: {Count} installments cancelled", PlanId, OrganizationId, cancelled.Count);
        }

        await StopWhenSettled();
        return View();
    }

    public async Task<PlanView> Tick()
    {
        if (S.Request is null)
        {
            throw DomainException.NotFound("Plan");
        }

        var now = time.GetUtcNow();
        foreach (var installment in S.Installments)
        {
            var due = installment.Status switch
            {
                InstallmentStatus.Scheduled => installment.DueDate <= DateOnly.FromDateTime(now.UtcDateTime) && MethodOf(installment) is not null,
                InstallmentStatus.RetryScheduled => installment.NextAttemptAt <= now,
                _ => false,
            };
            if (due)
            {
                await StartAttempt(installment);
            }
            else if (installment.Status == InstallmentStatus.Charging)
            {
                var payment = GrainFactory.GetGrain<IPaymentGrain>(OrgScopedKey.For(OrganizationId, installment.PaymentId!));
                await Apply(installment, await payment.Find() is null ? await Submit(installment) : await payment.Resolve());
            }
        }

        // Checked on every tick, not only when the plan is made: the card's expiry can change in the customer's wallet.
        await WarnOfExpiringCards(S.Installments);
        await StopWhenSettled();
        return View();
    }

    /// <summary>Nothing left to charge or resolve: the reminder has no more work.</summary>
    private async Task StopWhenSettled()
    {
        if (S.Installments.All(i => i.Status is InstallmentStatus.Paid or InstallmentStatus.Failed or InstallmentStatus.Cancelled)
            && await this.GetReminder(TickReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        try
        {
            await Tick();
        }
        catch (DomainException e)
        {
            // The next tick tries again; nothing was charged twice because the payment id is already written.
            logger.LogWarning("Plan {PlanId} tick stopped: {Code}", PlanId, e.Code);
        }
    }

    private async Task StartAttempt(InstallmentState installment)
    {
        installment.Attempts++;
        installment.PaymentId = installment.Attempts == 1
            ? $"{PlanId}.{installment.Number}"
            : $"{PlanId}.{installment.Number}.{installment.Attempts}";
        installment.Status = InstallmentStatus.Charging;
        installment.NextAttemptAt = null;
        await state.WriteStateAsync();
        await Apply(installment, await Submit(installment));
    }

    private async Task<PaymentView?> Submit(InstallmentState installment)
    {
        // Plan ids are unique within an organization only; the processor's keys are shared by all of them.
        var key = installment.Attempts == 1
            ? $"plan:{OrganizationId}/{PlanId}:{installment.Number}"
            : $"plan:{OrganizationId}/{PlanId}:{installment.Number}:{installment.Attempts}";
        var request = new NewPayment(S.Request!.AccountId, new PaymentSource(MethodOf(installment)), installment.Amount,
            $"{S.Request.Description} — installment {installment.Number}", S.Request.InvoiceIds, IdempotencyKey: key);
        try
        {
            return await GrainFactory.GetGrain<IPaymentGrain>(OrgScopedKey.For(OrganizationId, installment.PaymentId!)).Submit(request);
        }
        catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
        {
            // The customer removed the method or withdrew the organization's authorization (R3): only a person can fix that.
            installment.Status = InstallmentStatus.Failed;
            installment.LastDeclineCode = "method_unavailable";
            await EndReservation(installment);
            await state.WriteStateAsync();
            await RecordAction(installment, "The installment's method is no longer available to the organization.", willRetry: false);
            return null;
        }
    }

    private async Task Apply(InstallmentState installment, PaymentView? payment)
    {
        if (payment is null)
        {
            return;
        }

        var before = (installment.Status, installment.NextAttemptAt);
        switch (payment.Status)
        {
            case PaymentStatus.Succeeded or PaymentStatus.PartiallyRefunded or PaymentStatus.Refunded:
                installment.Status = InstallmentStatus.Paid;
                break;
            case PaymentStatus.Declined:
                installment.LastDeclineCode = payment.DeclineCode;
                var delay = DeclinePolicy.RetryDelay(payment.DeclineCode, installment.Attempts);
                installment.Status = delay is null ? InstallmentStatus.Failed : InstallmentStatus.RetryScheduled;
                installment.NextAttemptAt = delay is null ? null : time.GetUtcNow() + delay.Value;
                break;
            default:
                installment.Status = InstallmentStatus.Charging;
                break;
        }

        if (before == (installment.Status, installment.NextAttemptAt))
        {
            return;
        }

        if (installment.Status is InstallmentStatus.Paid or InstallmentStatus.Failed)
        {
            await EndReservation(installment);
        }

        await state.WriteStateAsync();
        if (payment.Status == PaymentStatus.Declined)
        {
            var retry = installment.NextAttemptAt is { } at ? $"retried on {at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" : "not retried";
            await RecordAction(installment, $"Installment {installment.Number} declined ({payment.DeclineCode}); {retry}.", installment.NextAttemptAt is not null);
        }
    }

    /// <summary>
    /// A paid installment is a receipt now and a failed one will not be charged: either way the checkout that made the
    /// plan (same id) no longer holds its amount. Told before the state is written, so a crash in between tells again.
    /// </summary>
    private Task EndReservation(InstallmentState installment) =>
        GrainFactory.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(OrganizationId, S.Request!.AccountId))
            .EndReservationPart(PlanId, installment.Number.ToString(CultureInfo.InvariantCulture), installment.Amount);

    private Task RecordAction(InstallmentState installment, string message, bool willRetry) =>
        GrainFactory.GetGrain<IActionCenterGrain>(OrganizationId).Record(new ActionItem(
            $"payment:{installment.PaymentId}", ActionItemKind.PaymentDeclined, S.Request!.AccountId, message, time.GetUtcNow(),
            installment.PaymentId, PlanId, installment.LastDeclineCode, willRetry));

    /// <summary>
    /// Tells the customer when the card meant to pay an upcoming installment expires before it is due. The
    /// notification id names the installment and the card's expiry, so repeated ticks notify once per installment,
    /// and again only if the card changes and still expires too early.
    /// </summary>
    private async Task WarnOfExpiringCards(IEnumerable<InstallmentState> installments)
    {
        var methods = new Dictionary<string, ChargeableMethod?>(StringComparer.Ordinal);
        foreach (var installment in installments.Where(IsUncharged))
        {
            if (MethodOf(installment) is not { } methodId)
            {
                continue;
            }

            if (!methods.TryGetValue(methodId, out var method))
            {
                method = methods[methodId] = await FindChargeable(methodId);
            }

            var dueAt = new DateTimeOffset(installment.DueDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            if (method?.Details.Expiry is not { } expiry || !CardExpiries.IsExpired(expiry, dueAt))
            {
                continue;
            }

            await GrainFactory.GetGrain<INotificationOutboxGrain>(S.HolderUserId).Add(new Notification(
                $"expiry:{OrganizationId}/{PlanId}:{installment.Number}:{method.MethodId}:{expiry.Year}-{expiry.Month}",
                NotificationKind.CardExpiresBeforeInstallment, OrganizationId,
                $"Your {method.Details.Brand} card ending {method.Details.Last4} expires before installment {installment.Number} "
                + $"({Currencies.Format(installment.Amount)}, due {installment.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}); please update it.",
                time.GetUtcNow()));
        }
    }

    /// <summary>The method as the wallet has it now, or null when the organization may no longer use it (the charge will say so).</summary>
    private async Task<ChargeableMethod?> FindChargeable(string methodId)
    {
        try
        {
            return await Chargeable(S.HolderUserId, methodId);
        }
        catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
        {
            return null;
        }
    }

    private async Task<ChargeableMethod> Chargeable(string holderUserId, string methodId) =>
        await GrainFactory.GetGrain<IWalletGrain>(holderUserId).ResolveChargeable(OrganizationId, Identifiers.Require(methodId, "methodId"));

    private string? MethodOf(InstallmentState installment) => installment.MethodId ?? S.Request!.MethodId;

    private static bool IsUncharged(InstallmentState installment) =>
        installment.Status is InstallmentStatus.Scheduled or InstallmentStatus.RetryScheduled;

    private PlanView View()
    {
        var request = S.Request!;
        return new PlanView(OrganizationId, PlanId, request.AccountId, request.Total,
            NeedsFollowUp: S.Installments.Any(i => IsUncharged(i) && MethodOf(i) is null),
            [.. S.Installments.Select(i => new InstallmentView(i.Number, i.DueDate, i.Amount, MethodOf(i), i.Status, i.Attempts, i.PaymentId, i.LastDeclineCode, i.NextAttemptAt))],
            request.Description);
    }
}
