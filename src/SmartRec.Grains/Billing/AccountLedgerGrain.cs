using Microsoft.Extensions.Logging;
using SmartRec.Contracts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Invoices;
using SmartRec.Contracts.Organizations;
using SmartRec.Contracts.Payments;
using SmartRec.Domain.Billing;
using SmartRec.Domain.Validation;
using SmartRec.Grains.Persistence;

namespace SmartRec.Grains.Billing;

/// <summary>
/// Not reentrant: every change to an account's money is one turn that checks, changes a copy and stores it
/// (decision 11), so the account's invariants hold between turns. Invoices are told their paid amount after the write,
/// and told again on every replay, so an invoice never disagrees with the ledger for longer than a retry.
/// </summary>
public sealed class AccountLedgerGrain(
    [PersistentState("ledger", StorageNames.Ledgers)] IPersistentState<LedgerState> state,
    TimeProvider time,
    ILogger<AccountLedgerGrain> logger)
    : Grain, IAccountLedgerGrain
{
    private string? _currency;

    private LedgerState S => state.State;

    private LedgerBook Book => new(S);

    private string OrganizationId => OrgScopedKey.Parse(this.GetPrimaryKeyString()).OrganizationId;

    private string AccountId => OrgScopedKey.Parse(this.GetPrimaryKeyString()).Id;

    public async Task RegisterInvoice(LedgerInvoiceEntry invoice)
    {
        var currency = await Currency();
        if (S.Invoices.Any(i => i.InvoiceId == invoice.InvoiceId))
        {
            return;
        }

        Amounts.RequirePositive(invoice.Total, currency, "total");
        await Change(book => book.State.Invoices.Add(new LedgerInvoiceState
        {
            InvoiceId = invoice.InvoiceId, Total = invoice.Total.Minor, DueDate = invoice.DueDate, CreatedAt = invoice.CreatedAt,
        }));
    }

    public async Task<InvoiceView> VoidInvoice(string invoiceId)
    {
        var invoice = Book.FindInvoice(invoiceId);
        if (Book.PaidOn(invoiceId) > 0)
        {
            throw DomainException.Rule("invoice.has_payments", "An invoice with payments or credit applied cannot be voided; refund first.");
        }

        if (!invoice.IsVoid)
        {
            await Change(book => book.FindInvoice(invoiceId).IsVoid = true);
            logger.LogInformation("Voided invoice {InvoiceId} of {OrgId}", invoiceId, OrganizationId);
        }

        return await GrainFactory.GetGrain<IInvoiceGrain>(OrgScopedKey.For(OrganizationId, invoiceId)).MarkVoid();
    }

    public Task RecordPayment(PaymentView payment) => Record([(payment, null)]);

    public Task RecordBulkPayments(IReadOnlyList<BulkPayment> payments)
    {
        foreach (var payment in payments)
        {
            ArgumentException.ThrowIfNullOrEmpty(payment.ProcessorKey);
        }

        return Record([.. payments.Select(p => (p.Payment, (string?)p.ProcessorKey))]);
    }

    public async Task<BulkReceipt?> FindBulkReceipt(string paymentId)
    {
        var currency = await Currency();
        return S.Receipts.FirstOrDefault(r => r.PaymentId == paymentId) is { Bulk: { } bulk } receipt
            ? new BulkReceipt(paymentId, AccountId, new Money(receipt.Received, currency), bulk.ProcessorKey, bulk.Description,
                bulk.MethodKind, bulk.LeaveUnreconciled, bulk.ReceivedAt, bulk.MethodBrand, bulk.MethodLast4)
            : null;
    }

    /// <summary>
    /// Records payments' latest states in one write (none when nothing changes: a replay), then tells the invoices they
    /// touched. A payment with a processor key is a bulk charge's: its receipt keeps the key.
    /// </summary>
    private async Task Record(IReadOnlyList<(PaymentView Payment, string? ProcessorKey)> payments)
    {
        var currency = await Currency();
        foreach (var (payment, _) in payments.Where(p => IsNewReceipt(S, p.Payment)))
        {
            Amounts.RequirePositive(payment.Amount, currency, "amount");
        }

        var touched = new HashSet<string>(StringComparer.Ordinal);
        if (payments.Any(p => Changes(S, p.Payment)))
        {
            // Decided against the draft one payment at a time, so a payment listed twice is recorded once.
            var received = await Change(book => payments.Where(p => Apply(book, p.Payment, p.ProcessorKey, touched)).Select(p => p.Payment.PaymentId).ToList());
            foreach (var paymentId in received)
            {
                logger.LogInformation("Receipt of payment {PaymentId} for {OrgId}", paymentId, OrganizationId);
            }
        }

        foreach (var (payment, _) in payments)
        {
            if (S.Receipts.FirstOrDefault(r => r.PaymentId == payment.PaymentId) is { } stored)
            {
                touched.UnionWith(stored.TouchedInvoices);
                touched.UnionWith(stored.Allocations.Select(a => a.InvoiceId));
            }
        }

        await TellInvoices(touched);
    }

    private static bool IsNewReceipt(LedgerState s, PaymentView payment) =>
        payment.HasSettled && s.Receipts.All(r => r.PaymentId != payment.PaymentId);

    /// <summary>A checkout's payment carries the checkout's id: once settled its receipt counts instead, once declined it is released.</summary>
    private static bool EndsReservation(LedgerState s, PaymentView payment) =>
        (payment.HasSettled || payment.Status == PaymentStatus.Declined) && s.Reservations.Any(r => r.ReservationId == payment.PaymentId);

    private static bool RefundsMore(LedgerState s, PaymentView payment) =>
        s.Receipts.FirstOrDefault(r => r.PaymentId == payment.PaymentId) is { } receipt && payment.Refunded.Minor > receipt.Refunded;

    private static bool Changes(LedgerState s, PaymentView payment) =>
        !s.PaymentIds.Contains(payment.PaymentId) || IsNewReceipt(s, payment) || EndsReservation(s, payment) || RefundsMore(s, payment);

    /// <summary>Applies one payment's state to the draft; answers whether it became a new receipt.</summary>
    private static bool Apply(LedgerBook book, PaymentView payment, string? processorKey, HashSet<string> touched)
    {
        var s = book.State;
        var (newReceipt, endsReservation, refundsMore) = (IsNewReceipt(s, payment), EndsReservation(s, payment), RefundsMore(s, payment));
        if (!s.PaymentIds.Contains(payment.PaymentId))
        {
            s.PaymentIds.Add(payment.PaymentId);
        }

        var draft = s.Receipts.FirstOrDefault(r => r.PaymentId == payment.PaymentId);
        if (newReceipt)
        {
            draft = new ReceiptState
            {
                PaymentId = payment.PaymentId,
                Received = payment.Amount.Minor,
                Bulk = processorKey is null ? null : new BulkReceiptState
                {
                    ProcessorKey = processorKey, Description = payment.Description, MethodKind = payment.MethodKind,
                    LeaveUnreconciled = payment.LeaveUnreconciled, ReceivedAt = payment.CreatedAt,
                    MethodBrand = payment.MethodBrand, MethodLast4 = payment.MethodLast4,
                },
            };
            s.Receipts.Add(draft);
            if (!payment.LeaveUnreconciled)
            {
                book.Allocate(draft, draft.Received, payment.InvoiceIds, touched);
            }
        }

        if (endsReservation)
        {
            s.Reservations.RemoveAll(r => r.ReservationId == payment.PaymentId);
        }

        if (refundsMore)
        {
            LedgerBook.TakeBack(draft!, payment.Refunded.Minor - draft!.Refunded, touched);
            draft.Refunded = payment.Refunded.Minor;
        }

        return newReceipt;
    }

    public async Task RegisterPlan(string planId)
    {
        if (!S.PlanIds.Contains(planId))
        {
            await Change(book => book.State.PlanIds.Add(planId));
        }
    }

    public async Task RegisterSubscription(string subscriptionId)
    {
        if (!S.SubscriptionIds.Contains(subscriptionId))
        {
            await Change(book => book.State.SubscriptionIds.Add(subscriptionId));
        }
    }

    public async Task<LedgerView> GrantCredit(string creditId, Money amount, string reason)
    {
        var currency = await Currency();
        Identifiers.Require(creditId, "creditId");
        Amounts.RequirePositive(amount, currency, "amount");
        Text.Required(reason, "reason", 200);
        if (S.Credits.TryGetValue(creditId, out var granted))
        {
            return granted == amount.Minor
                ? View()
                : throw DomainException.Conflict("credit.exists", "This credit was already granted with another amount.");
        }

        await Change(book => book.State.Credits[creditId] = amount.Minor);
        logger.LogInformation("Granted credit {CreditId} to an account of {OrgId}", creditId, OrganizationId);
        return View();
    }

    public async Task<LedgerView> ApplyCredit(string applicationId, Money amount, IReadOnlyList<string> invoiceIds)
    {
        var currency = await Currency();
        if (S.CreditApplications.TryGetValue(applicationId, out var applied))
        {
            await TellInvoices(applied.Select(a => a.InvoiceId));
            return View();
        }

        Amounts.RequirePositive(amount, currency, "applyCredit");
        var selection = Book.Selection(invoiceIds);
        if (amount.Minor > Book.CreditAvailable)
        {
            throw DomainException.Rule("credit.insufficient", $"Only {Book.CreditAvailable} (minor units) of credit is available.", "applyCredit");
        }

        if (amount.Minor > selection.Sum(Book.Owing) - Book.ReservedAgainst(invoiceIds))
        {
            throw DomainException.Rule("credit.over_balance", "That is more credit than the chosen invoices still owe.", "applyCredit");
        }

        var touched = new HashSet<string>(StringComparer.Ordinal);
        await Change(book => book.State.CreditApplications[applicationId] = book.Spread(amount.Minor, book.Selection(invoiceIds), touched));
        await TellInvoices(touched);
        return View();
    }

    public async Task<LedgerView> Reserve(string reservationId, Money credit, Money amount, IReadOnlyList<string> invoiceIds)
    {
        var currency = await Currency();
        Identifiers.Require(reservationId, "reservationId");
        var creditId = CreditIdOf(reservationId);
        var existing = S.Reservations.FirstOrDefault(r => r.ReservationId == reservationId);
        if (existing is not null || (!amount.IsPositive && S.CreditApplications.ContainsKey(creditId)))
        {
            if (existing is not null && existing.Amount != amount.Minor)
            {
                throw DomainException.Conflict("reservation.exists", "This checkout already holds another amount.");
            }

            await TellInvoices(S.CreditApplications.GetValueOrDefault(creditId, []).Select(a => a.InvoiceId));
            return View();
        }

        Amounts.RequireNotNegative(credit, currency, "applyCredit");
        Amounts.RequireNotNegative(amount, currency, "amount");
        var selection = Book.Selection(invoiceIds);
        if (credit.Minor > Book.CreditAvailable)
        {
            throw DomainException.Rule("credit.insufficient", $"Only {Book.CreditAvailable} (minor units) of credit is available.", "applyCredit");
        }

        var free = selection.Sum(Book.Owing) - Book.ReservedAgainst(invoiceIds);
        if ((credit + amount).Minor > free)
        {
            throw DomainException.Rule("payment.over_balance",
                $"The chosen invoices owe {Math.Max(free, 0)} (minor units); credit plus amount may not be more.", "amount");
        }

        var touched = new HashSet<string>(StringComparer.Ordinal);
        await Change(book =>
        {
            if (credit.IsPositive)
            {
                book.State.CreditApplications[creditId] = book.Spread(credit.Minor, book.Selection(invoiceIds), touched);
            }

            if (amount.IsPositive)
            {
                book.State.Reservations.Add(new ReservationState
                {
                    ReservationId = reservationId, Amount = amount.Minor, InvoiceIds = [.. invoiceIds], CreatedAt = time.GetUtcNow(),
                });
            }
        });
        await TellInvoices(touched);
        return View();
    }

    public async Task<LedgerView> Release(string reservationId)
    {
        await Currency();
        var creditId = CreditIdOf(reservationId);
        var credited = S.CreditApplications.GetValueOrDefault(creditId, []).Select(a => a.InvoiceId).ToList();
        if (S.Reservations.Any(r => r.ReservationId == reservationId) || S.CreditApplications.ContainsKey(creditId))
        {
            await Change(book =>
            {
                book.State.Reservations.RemoveAll(r => r.ReservationId == reservationId);
                book.State.CreditApplications.Remove(creditId);
            });
            logger.LogInformation("Released checkout {ReservationId} of {OrgId}", reservationId, OrganizationId);
        }

        await TellInvoices(credited);
        return View();
    }

    public async Task EndReservationPart(string reservationId, string partId, Money amount)
    {
        var reservation = S.Reservations.FirstOrDefault(r => r.ReservationId == reservationId);
        if (reservation is null || reservation.EndedParts.Contains(partId))
        {
            return;
        }

        await Change(book =>
        {
            var draft = book.State.Reservations.First(r => r.ReservationId == reservationId);
            draft.Ended += Math.Max(0, amount.Minor);
            draft.EndedParts.Add(partId);
            if (draft.Ended >= draft.Amount)
            {
                book.State.Reservations.Remove(draft);
            }
        });
    }

    public async Task<LedgerView> Reconcile(string paymentId, IReadOnlyList<string> invoiceIds)
    {
        var receipt = S.Receipts.FirstOrDefault(r => r.PaymentId == paymentId) ?? throw DomainException.NotFound("Payment receipt");
        Book.Selection(invoiceIds);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        if (LedgerBook.Unallocated(receipt) > 0)
        {
            await Change(book =>
            {
                var draft = book.State.Receipts.First(r => r.PaymentId == paymentId);
                book.Allocate(draft, LedgerBook.Unallocated(draft), invoiceIds, touched);
            });
        }

        await TellInvoices(touched.Union(receipt.Allocations.Select(a => a.InvoiceId)));
        return View();
    }

    public async Task<LedgerView> Get()
    {
        await Currency();
        return View();
    }

    private static string CreditIdOf(string reservationId) => $"{reservationId}:credit";

    private Task Change(Action<LedgerBook> change) => Change(book =>
    {
        change(book);
        return true;
    });

    private Task<TResult> Change<TResult>(Func<LedgerBook, TResult> change) =>
        this.Commit(state, draft =>
        {
            draft.Currency ??= _currency;
            return change(new LedgerBook(draft));
        });

    private async Task TellInvoices(IEnumerable<string> invoiceIds)
    {
        var currency = await Currency();
        foreach (var invoiceId in invoiceIds.Distinct(StringComparer.Ordinal).ToList())
        {
            await GrainFactory.GetGrain<IInvoiceGrain>(OrgScopedKey.For(OrganizationId, invoiceId)).RecordPaid(new Money(Book.PaidOn(invoiceId), currency));
        }
    }

    /// <summary>The organization's currency, stored with the ledger's first change.</summary>
    private async Task<string> Currency()
    {
        if (S.Currency is not null)
        {
            return S.Currency;
        }

        if (_currency is null)
        {
            var organization = await GrainFactory.GetGrain<IOrganizationGrain>(OrganizationId).Find() ?? throw DomainException.NotFound("Organization");
            _currency = organization.Currency;
        }

        return _currency;
    }

    private LedgerView View()
    {
        if (S.Currency is not null)
        {
            return Book.View(AccountId);
        }

        // Nothing stored yet: the view of an empty ledger in the organization's currency.
        return new LedgerBook(new LedgerState { Currency = _currency }).View(AccountId);
    }
}
