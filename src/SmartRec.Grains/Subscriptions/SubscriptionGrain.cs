using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Invoices;
using SmartRec.Contracts.Organizations;
using SmartRec.Contracts.Payments;
using SmartRec.Contracts.Subscriptions;
using SmartRec.Contracts.Wallets;
using SmartRec.Domain.Billing;
using SmartRec.Domain.Monetary;
using SmartRec.Domain.Validation;
using SmartRec.Grains.Billing;
using SmartRec.Grains.Persistence;
using SmartRec.Grains.Scheduling;

namespace SmartRec.Grains.Subscriptions;

/// <summary>
/// Charges a subscription period by period from a reminder set for the next due moment (decisions 8, 14). A period is
/// written as started before it is billed; its invoice, payment and processor key derive from the subscription and
/// the period number (and attempt), so a repeated or late tick finds them instead of making others.
/// </summary>
public sealed class SubscriptionGrain(
    [PersistentState("subscription", StorageNames.Subscriptions)] IPersistentState<SubscriptionState> state,
    TimeProvider time,
    IOptions<BillingOptions> options,
    ILogger<SubscriptionGrain> logger)
    : Grain, ISubscriptionGrain, IRemindable
{
    private const string TickReminder = "periods";

    /// <summary>Settled periods kept for the view; older ones live on in the ledger and the invoices.</summary>
    private const int SettledPeriodsKept = 12;

    private readonly DueReminder _reminder = new(TickReminder, time, options.Value);

    private SubscriptionState S => state.State;

    private string OrganizationId => OrgScopedKey.Parse(this.GetPrimaryKeyString()).OrganizationId;

    private string SubscriptionId => OrgScopedKey.Parse(this.GetPrimaryKeyString()).Id;

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public async Task<SubscriptionView> Create(NewSubscription request)
    {
        var fingerprint = Fingerprints.Of(request);
        if (S.Request is not null)
        {
            if (S.Fingerprint != fingerprint)
            {
                throw DomainException.Conflict("subscription.exists", "This subscription already exists with other content.");
            }

            await Rearm();
            await Ledger().RegisterSubscription(SubscriptionId);
            return View();
        }

        var accountId = Identifiers.Require(request.AccountId, "accountId");
        var account = await GrainFactory.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(OrganizationId, accountId)).Find()
            ?? throw DomainException.NotFound("Account");
        var organization = await GrainFactory.GetGrain<IOrganizationGrain>(OrganizationId).Find() ?? throw DomainException.NotFound("Organization");
        SubscriptionSchedules.Validate(request, organization.Currency, Today);
        Text.Required(request.Description, "description", 200);
        // R6: a subscription needs a saved method the organization may charge.
        await GrainFactory.GetGrain<IWalletGrain>(account.HolderUserId).ResolveChargeable(OrganizationId, Identifiers.Require(request.MethodId, "methodId"));

        // Armed before the subscription is stored: a stored subscription always has the reminder that charges it.
        await _reminder.Arm(this, StartOfDay(request.StartDate));
        await this.Commit(state, s =>
        {
            s.Request = request;
            s.Fingerprint = fingerprint;
            s.HolderUserId = account.HolderUserId;
            s.Status = SubscriptionStatus.Active;
        });
        await Ledger().RegisterSubscription(SubscriptionId);
        logger.LogInformation("Subscription {SubscriptionId} of {OrgId} created, {Frequency}", SubscriptionId, OrganizationId, request.Frequency);
        return View();
    }

    public Task<SubscriptionView?> Find() => Task.FromResult(S.Request is null ? null : View());

    public async Task<SubscriptionView> Pause()
    {
        RequireCreated();
        if (S.Status == SubscriptionStatus.Active)
        {
            await this.Commit(state, s => s.Status = SubscriptionStatus.Paused);
        }

        await Rearm();
        return View();
    }

    public async Task<SubscriptionView> Resume()
    {
        var request = RequireCreated();
        if (S.Status == SubscriptionStatus.Paused)
        {
            var next = Math.Max(S.NextPeriod, SubscriptionSchedules.FirstPeriodFrom(request.StartDate, request.Frequency, Today));
            await this.Commit(state, s =>
            {
                s.Status = SubscriptionStatus.Active;
                s.NextPeriod = next;
            });
        }

        await Rearm();
        return View();
    }

    public async Task<SubscriptionView> Cancel()
    {
        RequireCreated();
        if (S.Status is SubscriptionStatus.Active or SubscriptionStatus.Paused)
        {
            await this.Commit(state, s => s.Status = SubscriptionStatus.Cancelled);
            logger.LogInformation("Subscription {SubscriptionId} of {OrgId} cancelled", SubscriptionId, OrganizationId);
        }

        await Rearm();
        return View();
    }

    public async Task<SubscriptionView> Tick()
    {
        var request = RequireCreated();
        var now = time.GetUtcNow();
        foreach (var number in S.Periods.Where(p => p.Status is PeriodStatus.Charging or PeriodStatus.RetryScheduled).Select(p => p.Number).ToList())
        {
            var period = S.Periods.First(p => p.Number == number);
            if (period.Status == PeriodStatus.Charging)
            {
                var payment = Payment(period);
                await Apply(number, await payment.Find() is null ? await Charge(period) : await payment.Resolve());
            }
            else if (S.Status == SubscriptionStatus.Active && period.NextAttemptAt <= now)
            {
                await this.Commit(state, s =>
                {
                    var draft = s.Periods.First(p => p.Number == number);
                    draft.Attempts++;
                    draft.Status = PeriodStatus.Charging;
                    draft.NextAttemptAt = null;
                });
                await Apply(number, await Charge(S.Periods.First(p => p.Number == number)));
            }
        }

        while (S.Status == SubscriptionStatus.Active && NextPeriodDate() is { } due && due <= Today)
        {
            var number = S.NextPeriod;
            await this.Commit(state, s =>
            {
                s.Periods.Add(new SubscriptionPeriodState { Number = number, DueDate = due, Status = PeriodStatus.Charging, Attempts = 1 });
                s.NextPeriod = number + 1;
            });
            await Apply(number, await Charge(S.Periods.First(p => p.Number == number)));
        }

        if (S.Status == SubscriptionStatus.Active && NextPeriodDate() is null && S.Periods.All(p => p.Status is PeriodStatus.Paid or PeriodStatus.Failed))
        {
            await this.Commit(state, s => s.Status = SubscriptionStatus.Ended);
        }

        await Rearm();
        return View();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (S.Request is null)
        {
            await Rearm();
            return;
        }

        try
        {
            await Tick();
        }
        catch (DomainException e)
        {
            // The next tick tries again; nothing is charged twice because the payment id and key derive from the period.
            logger.LogWarning("Subscription {SubscriptionId} tick stopped: {Code}", SubscriptionId, e.Code);
        }
    }

    /// <summary>Bills the period by its own invoice, then charges it; both are found again by id on a repeated tick.</summary>
    private async Task<PaymentView?> Charge(SubscriptionPeriodState period)
    {
        var request = S.Request!;
        var invoiceId = InvoiceIdOf(period.Number);
        try
        {
            await GrainFactory.GetGrain<IInvoiceGrain>(OrgScopedKey.For(OrganizationId, invoiceId)).Create(new NewInvoice(request.AccountId,
                [new NewInvoiceLine($"{request.Description} — {period.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}", request.Amount)],
                period.DueDate));
            var key = period.Attempts == 1
                ? $"sub:{OrganizationId}/{SubscriptionId}:{period.Number}"
                : $"sub:{OrganizationId}/{SubscriptionId}:{period.Number}:{period.Attempts}";
            return await Payment(period).Submit(new NewPayment(request.AccountId, new PaymentSource(request.MethodId), request.Amount,
                $"{request.Description} — period {period.Number}", [invoiceId], IdempotencyKey: key, ActionItemId: ItemIdOf(period.Number)));
        }
        catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
        {
            // The customer removed the method or withdrew the organization's authorization (R3): only a person can fix that.
            await this.Commit(state, s =>
            {
                var draft = s.Periods.First(p => p.Number == period.Number);
                draft.Status = PeriodStatus.Failed;
                draft.LastDeclineCode = "method_unavailable";
            });
            await RecordAction(S.Periods.First(p => p.Number == period.Number), "The subscription's method is no longer available to the organization.", willRetry: false);
            return null;
        }
    }

    private async Task Apply(int number, PaymentView? payment)
    {
        var period = S.Periods.First(p => p.Number == number);
        if (payment is null)
        {
            return;
        }

        var (status, nextAttemptAt) = payment.Status switch
        {
            PaymentStatus.Succeeded or PaymentStatus.PartiallyRefunded or PaymentStatus.Refunded or PaymentStatus.Disputed => (PeriodStatus.Paid, (DateTimeOffset?)null),
            PaymentStatus.Declined => DeclinePolicy.RetryDelay(payment.DeclineCode, period.Attempts) is { } delay
                ? (PeriodStatus.RetryScheduled, time.GetUtcNow() + delay)
                : (PeriodStatus.Failed, null),
            _ => (PeriodStatus.Charging, null),
        };
        if ((period.Status, period.NextAttemptAt) == (status, nextAttemptAt))
        {
            return;
        }

        await this.Commit(state, s =>
        {
            var draft = s.Periods.First(p => p.Number == number);
            draft.Status = status;
            draft.NextAttemptAt = nextAttemptAt;
            if (payment.Status == PaymentStatus.Declined)
            {
                draft.LastDeclineCode = payment.DeclineCode;
            }

            if (status == PeriodStatus.Paid)
            {
                s.PeriodsPaid++;
            }

            var settled = s.Periods.Where(p => p.Status is PeriodStatus.Paid or PeriodStatus.Failed).OrderBy(p => p.Number).ToList();
            s.Periods.RemoveAll(p => settled.Take(Math.Max(0, settled.Count - SettledPeriodsKept)).Contains(p));
        });
        if (payment.Status == PaymentStatus.Declined)
        {
            var retry = nextAttemptAt is { } at ? $"retried on {at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" : "not retried";
            await RecordAction(S.Periods.First(p => p.Number == number),
                $"Subscription period {number} ({Currencies.Format(S.Request!.Amount)}) declined ({payment.DeclineCode}); {retry}.", nextAttemptAt is not null);
        }
    }

    private Task RecordAction(SubscriptionPeriodState period, string message, bool willRetry) =>
        GrainFactory.GetGrain<IActionCenterGrain>(OrganizationId).Record(new ActionItem(
            ItemIdOf(period.Number), ActionItemKind.SubscriptionPeriodDeclined, S.Request!.AccountId, message, time.GetUtcNow(),
            PaymentIdOf(period), DeclineCode: period.LastDeclineCode, WillRetry: willRetry, Amount: S.Request.Amount, SubscriptionId: SubscriptionId));

    /// <summary>One Action Center item per period, whatever its attempts.</summary>
    private string ItemIdOf(int number) => $"period.{SubscriptionId}.{number}";

    /// <summary>Sets the reminder for the next moment with work (decision 14), or removes it when there is none.</summary>
    private Task Rearm() => _reminder.Rearm(this, NextDue());

    /// <summary>A charge in flight now, a retry at its time, or the next period's date while active.</summary>
    private DateTimeOffset? NextDue()
    {
        if (S.Request is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var active = S.Status == SubscriptionStatus.Active;
        var dues = S.Periods.Select(p => p.Status switch
        {
            PeriodStatus.Charging => now,
            PeriodStatus.RetryScheduled when active => p.NextAttemptAt,
            _ => (DateTimeOffset?)null,
        }).ToList();
        if (active && NextPeriodDate() is { } next)
        {
            dues.Add(StartOfDay(next));
        }

        return dues.Where(d => d is not null).Min();
    }

    /// <summary>The date of the next period to start, or null when the subscription has ended.</summary>
    private DateOnly? NextPeriodDate()
    {
        var request = S.Request!;
        var due = SubscriptionSchedules.DueDate(request.StartDate, request.Frequency, S.NextPeriod);
        return request.EndDate is { } end && due > end ? null : due;
    }

    private static DateTimeOffset StartOfDay(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private NewSubscription RequireCreated() => S.Request ?? throw DomainException.NotFound("Subscription");

    private string InvoiceIdOf(int number) => $"{SubscriptionId}-{number}";

    private string PaymentIdOf(SubscriptionPeriodState period) =>
        period.Attempts == 1 ? $"{SubscriptionId}.{period.Number}" : $"{SubscriptionId}.{period.Number}.{period.Attempts}";

    private IPaymentGrain Payment(SubscriptionPeriodState period) =>
        GrainFactory.GetGrain<IPaymentGrain>(OrgScopedKey.For(OrganizationId, PaymentIdOf(period)));

    private IAccountLedgerGrain Ledger() => GrainFactory.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(OrganizationId, S.Request!.AccountId));

    private SubscriptionView View()
    {
        var request = S.Request!;
        var next = S.Status == SubscriptionStatus.Active ? NextPeriodDate() : null;
        return new SubscriptionView(OrganizationId, SubscriptionId, request.AccountId, request.MethodId, request.Amount, request.Frequency,
            request.StartDate, request.EndDate, request.Description, S.Status, next, S.PeriodsPaid,
            [.. S.Periods.OrderByDescending(p => p.Number).Select(p => new SubscriptionPeriodView(
                p.Number, p.DueDate, InvoiceIdOf(p.Number), p.Status, p.Attempts, PaymentIdOf(p), p.LastDeclineCode, p.NextAttemptAt))]);
    }
}
