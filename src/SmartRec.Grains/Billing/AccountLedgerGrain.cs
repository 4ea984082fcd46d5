using Microsoft.Extensions.Logging;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Invoices;
using SmartRec.Contracts.Organizations;
using SmartRec.Contracts.Payments;
using SmartRec.Domain.Billing;
using SmartRec.Domain.Validation;

namespace SmartRec.Grains.Billing;

/// <summary>
/// Not reentrant: every change to an account's money is one turn that checks, changes and writes, so the account's
/// invariants hold between turns. Invoices are told their paid amount after the write; telling them again is harmless.
/// </summary>
public sealed class AccountLedgerGrain(
    [PersistentState("ledger", StorageNames.Ledgers)] IPersistentState<LedgerState> state,
    ILogger<AccountLedgerGrain> logger)
    : Grain, IAccountLedgerGrain
{
    private LedgerState S => state.State;

    private string OrganizationId => OrgScopedKey.Parse(this.GetPrimaryKeyString()).OrganizationId;

    private string AccountId => OrgScopedKey.Parse(this.GetPrimaryKeyString()).Id;

    public async Task RegisterInvoice(LedgerInvoiceEntry invoice)
    {
        await EnsureCurrency();
        if (S.Invoices.Any(i => i.InvoiceId == invoice.InvoiceId))
        {
            return;
        }

        Amounts.RequirePositive(invoice.Total, S.Currency!, "total");
        S.Invoices.Add(new LedgerInvoiceState
        {
            InvoiceId = invoice.InvoiceId, Total = invoice.Total.Minor, DueDate = invoice.DueDate, CreatedAt = invoice.CreatedAt,
        });
        await state.WriteStateAsync();
    }

    public async Task<InvoiceView> VoidInvoice(string invoiceId)
    {
        var invoice = FindInvoice(invoiceId);
        if (PaidOn(invoiceId) > 0)
        {
            throw DomainException.Rule("invoice.has_payments", "An invoice with payments or credit applied cannot be voided; refund first.");
        }

        if (!invoice.IsVoid)
        {
            invoice.IsVoid = true;
            await state.WriteStateAsync();
            logger.LogInformation("Voided invoice {InvoiceId} of {OrgId}", invoiceId, OrganizationId);
        }

        return await GrainFactory.GetGrain<IInvoiceGrain>(OrgScopedKey.For(OrganizationId, invoiceId)).MarkVoid();
    }

    public async Task RecordPayment(PaymentView payment)
    {
        await EnsureCurrency();
        var touched = new HashSet<string>(StringComparer.Ordinal);
        var changed = false;
        if (!S.PaymentIds.Contains(payment.PaymentId))
        {
            S.PaymentIds.Add(payment.PaymentId);
            changed = true;
        }

        var receipt = S.Receipts.FirstOrDefault(r => r.PaymentId == payment.PaymentId);
        if (receipt is null && payment.HasSettled)
        {
            Amounts.RequirePositive(payment.Amount, S.Currency!, "amount");
            receipt = new ReceiptState { PaymentId = payment.PaymentId, Received = payment.Amount.Minor };
            S.Receipts.Add(receipt);
            if (!payment.LeaveUnreconciled)
            {
                Allocate(receipt, receipt.Received, payment.InvoiceIds, touched);
            }

            changed = true;
            logger.LogInformation("Receipt of payment {PaymentId} for {OrgId}", payment.PaymentId, OrganizationId);
        }

        // A checkout's payment carries the checkout's id: once settled its receipt counts instead, once declined it is released.
        var reservation = S.Reservations.FirstOrDefault(r => r.ReservationId == payment.PaymentId);
        if (reservation is not null && (payment.HasSettled || payment.Status == PaymentStatus.Declined))
        {
            S.Reservations.Remove(reservation);
            changed = true;
        }

        if (receipt is not null && payment.Refunded.Minor > receipt.Refunded)
        {
            TakeBack(receipt, payment.Refunded.Minor - receipt.Refunded, touched);
            receipt.Refunded = payment.Refunded.Minor;
            changed = true;
        }

        if (changed)
        {
            await state.WriteStateAsync();
        }

        await TellInvoices(touched);
    }

    public async Task RegisterPlan(string planId)
    {
        if (!S.PlanIds.Contains(planId))
        {
            S.PlanIds.Add(planId);
            await state.WriteStateAsync();
        }
    }

    public async Task<LedgerView> GrantCredit(string creditId, Money amount, string reason)
    {
        await EnsureCurrency();
        Identifiers.Require(creditId, "creditId");
        Amounts.RequirePositive(amount, S.Currency!, "amount");
        Text.Required(reason, "reason", 200);
        if (S.Credits.TryGetValue(creditId, out var granted))
        {
            return granted == amount.Minor
                ? View()
                : throw DomainException.Conflict("credit.exists", "This credit was already granted with another amount.");
        }

        S.Credits[creditId] = amount.Minor;
        await state.WriteStateAsync();
        logger.LogInformation("Granted credit {CreditId} to an account of {OrgId}", creditId, OrganizationId);
        return View();
    }

    public async Task<LedgerView> ApplyCredit(string applicationId, Money amount, IReadOnlyList<string> invoiceIds)
    {
        await EnsureCurrency();
        if (S.CreditApplications.ContainsKey(applicationId))
        {
            return View();
        }

        Amounts.RequirePositive(amount, S.Currency!, "applyCredit");
        var selection = Selection(invoiceIds);
        if (amount.Minor > CreditAvailable)
        {
            throw DomainException.Rule("credit.insufficient", $"Only {CreditAvailable} (minor units) of credit is available.", "applyCredit");
        }

        if (amount.Minor > selection.Sum(Owing) - ReservedAgainst(invoiceIds))
        {
            throw DomainException.Rule("credit.over_balance", "That is more credit than the chosen invoices still owe.", "applyCredit");
        }

        var touched = new HashSet<string>(StringComparer.Ordinal);
        S.CreditApplications[applicationId] = [.. Spread(amount.Minor, selection, touched)];
        await state.WriteStateAsync();
        await TellInvoices(touched);
        return View();
    }

    public async Task<LedgerView> Reserve(string reservationId, Money credit, Money amount, IReadOnlyList<string> invoiceIds)
    {
        await EnsureCurrency();
        Identifiers.Require(reservationId, "reservationId");
        var creditId = $"{reservationId}:credit";
        var existing = S.Reservations.FirstOrDefault(r => r.ReservationId == reservationId);
        if (existing is not null || (!amount.IsPositive && S.CreditApplications.ContainsKey(creditId)))
        {
            return existing is null || existing.Amount == amount.Minor
                ? View()
                : throw DomainException.Conflict("reservation.exists", "This checkout already holds another amount.");
        }

        Amounts.RequireNotNegative(credit, S.Currency!, "applyCredit");
        Amounts.RequireNotNegative(amount, S.Currency!, "amount");
        var selection = Selection(invoiceIds);
        if (credit.Minor > CreditAvailable)
        {
            throw DomainException.Rule("credit.insufficient", $"Only {CreditAvailable} (minor units) of credit is available.", "applyCredit");
        }

        var free = selection.Sum(Owing) - ReservedAgainst(invoiceIds);
        if ((credit + amount).Minor > free)
        {
            throw DomainException.Rule("payment.over_balance",
                $"The chosen invoices owe {Math.Max(free, 0)} (minor units); credit plus amount may not be more.", "amount");
        }

        var touched = new HashSet<string>(StringComparer.Ordinal);
        if (credit.IsPositive)
        {
            S.CreditApplications[creditId] = [.. Spread(credit.Minor, selection, touched)];
        }

        if (amount.IsPositive)
        {
            S.Reservations.Add(new ReservationState { ReservationId = reservationId, Amount = amount.Minor, InvoiceIds = [.. invoiceIds] });
        }

        await state.WriteStateAsync();
        await TellInvoices(touched);
        return View();
    }

    public async Task EndReservationPart(string reservationId, string partId, Money amount)
    {
        var reservation = S.Reservations.FirstOrDefault(r => r.ReservationId == reservationId);
        if (reservation is null || reservation.EndedParts.Contains(partId))
        {
            return;
        }

        reservation.Ended += Math.Max(0, amount.Minor);
        reservation.EndedParts.Add(partId);
        if (reservation.Ended >= reservation.Amount)
        {
            S.Reservations.Remove(reservation);
        }

        await state.WriteStateAsync();
    }

    public async Task<LedgerView> Reconcile(string paymentId, IReadOnlyList<string> invoiceIds)
    {
        var receipt = S.Receipts.FirstOrDefault(r => r.PaymentId == paymentId) ?? throw DomainException.NotFound("Payment receipt");
        Selection(invoiceIds);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        Allocate(receipt, Unallocated(receipt), invoiceIds, touched);
        if (touched.Count > 0)
        {
            await state.WriteStateAsync();
            await TellInvoices(touched);
        }

        return View();
    }

    public async Task<LedgerView> Get()
    {
        await EnsureCurrency();
        return View();
    }

    private void Allocate(ReceiptState receipt, long amount, IReadOnlyList<string> invoiceIds, HashSet<string> touched)
    {
        // A payment aimed at invoices that were voided or paid meanwhile keeps the rest unallocated, to reconcile by hand.
        var targets = S.Invoices.Where(i => !i.IsVoid && (invoiceIds.Count == 0 || invoiceIds.Contains(i.InvoiceId))).ToList();
        foreach (var allocation in Spread(amount, targets, touched))
        {
            var existing = receipt.Allocations.LastOrDefault();
            if (existing is not null && existing.InvoiceId == allocation.InvoiceId)
            {
                existing.Amount += allocation.Amount;
            }
            else
            {
                receipt.Allocations.Add(allocation);
            }
        }
    }

    private IEnumerable<AllocationState> Spread(long amount, IReadOnlyList<LedgerInvoiceState> targets, HashSet<string> touched)
    {
        var open = targets.Select(i => new OpenInvoice(i.InvoiceId, i.DueDate, i.CreatedAt, Owing(i)));
        foreach (var (invoiceId, share) in Allocations.OldestFirst(open, amount))
        {
            touched.Add(invoiceId);
            yield return new AllocationState { InvoiceId = invoiceId, Amount = share };
        }
    }

    /// <summary>A refund takes back unallocated money first, then reopens invoices, newest allocation first.</summary>
    private static void TakeBack(ReceiptState receipt, long amount, HashSet<string> touched)
    {
        var left = amount - Math.Min(amount, Unallocated(receipt));
        for (var i = receipt.Allocations.Count - 1; i >= 0 && left > 0; i--)
        {
            var allocation = receipt.Allocations[i];
            var share = Math.Min(left, allocation.Amount);
            allocation.Amount -= share;
            left -= share;
            touched.Add(allocation.InvoiceId);
            if (allocation.Amount == 0)
            {
                receipt.Allocations.RemoveAt(i);
            }
        }
    }

    private List<LedgerInvoiceState> Selection(IReadOnlyList<string> invoiceIds)
    {
        if (invoiceIds.Count == 0)
        {
            return [.. S.Invoices.Where(i => !i.IsVoid)];
        }

        return [.. invoiceIds.Distinct(StringComparer.Ordinal).Select(id =>
        {
            var invoice = FindInvoice(id);
            return invoice.IsVoid ? throw DomainException.Rule("invoice.void", $"Invoice '{id}' is void.", "invoiceIds") : invoice;
        })];
    }

    private LedgerInvoiceState FindInvoice(string invoiceId) =>
        S.Invoices.FirstOrDefault(i => i.InvoiceId == invoiceId) ?? throw DomainException.NotFound("Invoice");

    private async Task TellInvoices(IEnumerable<string> invoiceIds)
    {
        foreach (var invoiceId in invoiceIds)
        {
            await GrainFactory.GetGrain<IInvoiceGrain>(OrgScopedKey.For(OrganizationId, invoiceId)).RecordPaid(new Money(PaidOn(invoiceId), S.Currency!));
        }
    }

    private async Task EnsureCurrency()
    {
        if (S.Currency is null)
        {
            var organization = await GrainFactory.GetGrain<IOrganizationGrain>(OrganizationId).Find() ?? throw DomainException.NotFound("Organization");
            S.Currency = organization.Currency;
        }
    }

    private long AllocatedPaymentsOn(string invoiceId) =>
        S.Receipts.SelectMany(r => r.Allocations).Where(a => a.InvoiceId == invoiceId).Sum(a => a.Amount);

    private long CreditOn(string invoiceId) =>
        S.CreditApplications.Values.SelectMany(a => a).Where(a => a.InvoiceId == invoiceId).Sum(a => a.Amount);

    private long PaidOn(string invoiceId) => AllocatedPaymentsOn(invoiceId) + CreditOn(invoiceId);

    private long Owing(LedgerInvoiceState invoice) => invoice.IsVoid ? 0 : invoice.Total - PaidOn(invoice.InvoiceId);

    /// <summary>What checkouts in flight hold on any of these invoices (all open ones when empty), conservatively.</summary>
    private long ReservedAgainst(IReadOnlyList<string> invoiceIds) =>
        S.Reservations.Where(r => invoiceIds.Count == 0 || r.InvoiceIds.Count == 0 || r.InvoiceIds.Intersect(invoiceIds, StringComparer.Ordinal).Any())
            .Sum(r => r.Amount - r.Ended);

    private static long Unallocated(ReceiptState receipt) => receipt.Received - receipt.Refunded - receipt.Allocations.Sum(a => a.Amount);

    private long CreditAvailable => S.Credits.Values.Sum() - S.CreditApplications.Values.SelectMany(a => a).Sum(a => a.Amount);

    private LedgerView View()
    {
        var currency = S.Currency!;
        Money M(long minor) => new(minor, currency);
        var live = S.Invoices.Where(i => !i.IsVoid).ToList();
        var allocated = S.Receipts.Sum(r => r.Allocations.Sum(a => a.Amount));
        var credit = S.CreditApplications.Values.SelectMany(a => a).Sum(a => a.Amount);
        return new LedgerView(
            AccountId,
            currency,
            [.. S.Invoices.Select(i => new LedgerInvoice(i.InvoiceId, M(i.Total), M(AllocatedPaymentsOn(i.InvoiceId)), M(CreditOn(i.InvoiceId)), M(Owing(i)), i.DueDate, i.IsVoid))],
            [.. S.Receipts.Select(r => new Receipt(r.PaymentId, M(r.Received), M(r.Refunded), M(Unallocated(r)),
                [.. r.Allocations.Select(a => new Allocation(a.InvoiceId, M(a.Amount)))]))],
            [.. S.PaymentIds],
            [.. S.PlanIds],
            Invoiced: M(live.Sum(i => i.Total)),
            AllocatedPayments: M(allocated),
            AppliedCredit: M(credit),
            BalanceOwing: M(live.Sum(Owing)),
            Received: M(S.Receipts.Sum(r => r.Received)),
            Refunded: M(S.Receipts.Sum(r => r.Refunded)),
            Unallocated: M(S.Receipts.Sum(Unallocated)),
            CreditGranted: M(S.Credits.Values.Sum()),
            CreditAvailable: M(CreditAvailable),
            Reserved: M(S.Reservations.Sum(r => r.Amount - r.Ended)));
    }
}
