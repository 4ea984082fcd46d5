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
using SmartRec.Grains.Persistence;
using SmartRec.Grains.Scheduling;

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

    private readonly DueReminder _reminder = new(TickReminder, time, options.Value);

    private PlanState S => state.State;

    private string OrganizationId => OrgScopedKey.Parse(this.GetPrimaryKeyString()).OrganizationId;

    private string PlanId => OrgScopedKey.Parse(this.GetPrimaryKeyString()).Id;

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public async Task<PlanView> Create(NewPlan request)
    {
        var fingerprint = Fingerprints.Of(request);
        if (S.Request is not null)
        {
            if (S.Fingerprint != fingerprint)
            {
                throw DomainException.Conflict("plan.exists", "This plan already exists with other content.");
            }

            // A replay finishes what the first call may have left: the reminder armed and the ledger told.
            await Rearm();

            await GrainFactory.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(OrganizationId, S.Request.AccountId)).RegisterPlan(PlanId);
            return View();
        }

        var accountId = Identifiers.Require(request.AccountId, "accountId");
        var account = await GrainFactory.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(OrganizationId, accountId)).Find()
            ?? throw DomainException.NotFound("Account");
        var organization = await GrainFactory.GetGrain<IOrganizationGrain>(OrganizationId).Find() ?? throw DomainException.NotFound("Organization");
        Amounts.RequirePositive(request.Total, organization.Currency, "amount");
        InstallmentSchedules.Validate(request.Total, request.Installments, Today);
        var method = request.MethodId is null ? null : await Chargeable(account.HolderUserId, request.MethodId);

        List<InstallmentState> installments =
            [.. request.Installments.Select((i, n) => new InstallmentState { Number = n + 1, DueDate = i.DueDate, Amount = i.Amount })];
        // Armed before the plan is stored: a stored plan always has the reminder that charges it.
        await _reminder.Arm(this, NextDue(installments, request.MethodId) ?? time.GetUtcNow());
        await this.Commit(state, s =>
        {
            s.Request = request;
            s.Fingerprint = fingerprint;
            s.HolderUserId = account.HolderUserId;
            s.Installments = installments;
        });
        await GrainFactory.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(OrganizationId, accountId)).RegisterPlan(PlanId);
        if (method is null)
        {
            // R7: a customer who never signed in cannot have a method saved for them; someone must collect one.
            await GrainFactory.GetGrain<IActionCenterGrain>(OrganizationId).Record(new ActionItem(
                NeedsMethodItemId, ActionItemKind.PlanNeedsMethod, accountId,
                "An installment plan has no saved method; ask the customer to sign in and save one.", time.GetUtcNow(), PlanId: PlanId));
        }
        else
        {
            await WarnOfExpiringCards(S.Installments);
        }

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

        await this.Commit(state, s =>
        {
            var draft = s.Installments.First(i => i.Number == number);
            if (edit.DueDate is { } newDate)
            {
                draft.DueDate = newDate;
                if (draft.Status == InstallmentStatus.RetryScheduled)
                {
                    draft.NextAttemptAt = null;
                    draft.Status = InstallmentStatus.Scheduled;
                }
            }

            if (amounts is not null)
            {
                for (var i = 0; i < amounts.Length; i++)
                {
                    s.Installments[i].Amount = new Money(amounts[i], request.Total.Currency);
                }
            }

            if (method is not null)
            {
                draft.MethodId = method.MethodId;
            }
        });
        // A new date or a new method can each put the installment after its card's expiry.
        await WarnOfExpiringCards([S.Installments.First(i => i.Number == number)]);
        if (method is not null && !S.Installments.Any(i => IsUncharged(i) && MethodOf(i) is null))
        {
            await GrainFactory.GetGrain<IActionCenterGrain>(OrganizationId).Resolve(NeedsMethodItemId, null);
        }
        await Rearm();
        return View();
    }

    public async Task<PlanView> Cancel()
    {
        if (S.Request is null)
        {
            throw DomainException.NotFound("Plan");
        }

        var cancelled = S.Installments.Where(IsUncharged).Select(i => i.Number).ToList();
        foreach (var installment in S.Installments.Where(i => cancelled.Contains(i.Number)))
        {
            await EndReservation(installment);
        }

        if (cancelled.Count > 0)
        {
            await this.Commit(state, s =>
            {
                foreach (var draft in s.Installments.Where(i => cancelled.Contains(i.Number)))
                {
                    draft.Status = InstallmentStatus.Cancelled;
                    draft.NextAttemptAt = null;
                }
            });
            logger.LogInformation("Plan {PlanId} of {OrgId}: {Count} installments cancelled", PlanId, OrganizationId, cancelled.Count);
        }

        await Rearm();
        return View();
    }

    public async Task<PlanView> Tick()
    {
        if (S.Request is null)
        {
            throw DomainException.NotFound("Plan");
        }

        var now = time.GetUtcNow();
        foreach (var number in S.Installments.Select(i => i.Number).ToList())
        {
            var installment = S.Installments.First(i => i.Number == number);
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
        await Rearm();
        return View();
    }

    /// <summary>Sets the reminder for the plan's next due moment (decision 14), or removes it when nothing is left.</summary>
    private Task Rearm() => _reminder.Rearm(this, NextDue(S.Installments, S.Request?.MethodId));

    /// <summary>
    /// When the plan next has work: an installment's due date (if it has a method to charge), a retry's time, or
    /// now for an installment whose payment is still being resolved. Null when every installment is settled.
    /// </summary>
    private DateTimeOffset? NextDue(IEnumerable<InstallmentState> installments, string? planMethodId)
    {
        var now = time.GetUtcNow();
        return installments.Select(i => i.Status switch
            {
                InstallmentStatus.Scheduled when (i.MethodId ?? planMethodId) is not null =>
                    new DateTimeOffset(i.DueDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                InstallmentStatus.RetryScheduled => i.NextAttemptAt ?? now,
                InstallmentStatus.Charging => now,
                _ => (DateTimeOffset?)null,
            })
            .Where(due => due is not null)
            .Min();
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
        var number = installment.Number;
        await this.Commit(state, s =>
        {
            var draft = s.Installments.First(i => i.Number == number);
            draft.Attempts++;
            draft.PaymentId = draft.Attempts == 1 ? $"{PlanId}.{number}" : $"{PlanId}.{number}.{draft.Attempts}";
            draft.Status = InstallmentStatus.Charging;
            draft.NextAttemptAt = null;
        });
        var started = S.Installments.First(i => i.Number == number);
        await Apply(started, await Submit(started));
    }

    private async Task<PaymentView?> Submit(InstallmentState installment)
    {
        // Plan ids are unique within an organization only; the processor's keys are shared by all of them.
        var key = installment.Attempts == 1
            ? $"plan:{OrganizationId}/{PlanId}:{installment.Number}"
            : $"plan:{OrganizationId}/{PlanId}:{installment.Number}:{installment.Attempts}";
        var request = new NewPayment(S.Request!.AccountId, new PaymentSource(MethodOf(installment)), installment.Amount,
            $"{S.Request.Description} — installment {installment.Number}", S.Request.InvoiceIds, IdempotencyKey: key, ActionItemId: ItemIdOf(installment));
        try
        {
            return await GrainFactory.GetGrain<IPaymentGrain>(OrgScopedKey.For(OrganizationId, installment.PaymentId!)).Submit(request);
        }
        catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
        {
            // The customer removed the method or withdrew the organization's authorization (R3): only a person can fix that.
            await EndReservation(installment);
            await this.Commit(state, s =>
            {
                var draft = s.Installments.First(i => i.Number == installment.Number);
                draft.Status = InstallmentStatus.Failed;
                draft.LastDeclineCode = "method_unavailable";
            });
            await RecordAction(S.Installments.First(i => i.Number == installment.Number),
                "The installment's method is no longer available to the organization.", willRetry: false);
            return null;
        }
    }

    private async Task Apply(InstallmentState installment, PaymentView? payment)
    {
        if (payment is null)
        {
            return;
        }

        var (status, nextAttemptAt) = payment.Status switch
        {
            PaymentStatus.Succeeded or PaymentStatus.PartiallyRefunded or PaymentStatus.Refunded or PaymentStatus.Disputed => (InstallmentStatus.Paid, (DateTimeOffset?)null),
            PaymentStatus.Declined => DeclinePolicy.RetryDelay(payment.DeclineCode, installment.Attempts) is { } delay
                ? (InstallmentStatus.RetryScheduled, time.GetUtcNow() + delay)
                : (InstallmentStatus.Failed, null),
            _ => (InstallmentStatus.Charging, null),
        };
        if ((installment.Status, installment.NextAttemptAt) == (status, nextAttemptAt))
        {
            return;
        }

        if (status is InstallmentStatus.Paid or InstallmentStatus.Failed)
        {
            // Told before the state is written, so a crash in between tells again (the ledger counts each part once).
            await EndReservation(installment);
        }

        var number = installment.Number;
        await this.Commit(state, s =>
        {
            var draft = s.Installments.First(i => i.Number == number);
            draft.Status = status;
            draft.NextAttemptAt = nextAttemptAt;
            if (payment.Status == PaymentStatus.Declined)
            {
                draft.LastDeclineCode = payment.DeclineCode;
            }
        });
        installment = S.Installments.First(i => i.Number == number);
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
            ItemIdOf(installment), ActionItemKind.InstallmentDeclined, S.Request!.AccountId, message, time.GetUtcNow(),
            installment.PaymentId, PlanId, installment.LastDeclineCode, willRetry, installment.Amount));

    /// <summary>One Action Center item per installment, whatever its attempts: each decline updates it, the payment that succeeds resolves it.</summary>
    private string ItemIdOf(InstallmentState installment) => $"installment.{PlanId}.{installment.Number}";

    private string NeedsMethodItemId => $"plan.{PlanId}.method";

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
