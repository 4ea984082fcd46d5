using SmartRec.Contracts;
using SmartRec.Contracts.Billing;
using SmartRec.Domain.Billing;

namespace SmartRec.Grains.Billing;

/// <summary>
/// The ledger's arithmetic over one <see cref="LedgerState"/>: the stored state when reading, a draft when changing
/// (decision 11), so the same rules serve both and a change is never made on what is stored.
/// </summary>
internal sealed class LedgerBook(LedgerState state)
{
    public LedgerState State => state;

    public void Allocate(ReceiptState receipt, long amount, IReadOnlyList<string> invoiceIds, ISet<string> touched)
    {
        // A payment aimed at invoices that were voided or paid meanwhile keeps the rest unallocated, to reconcile by hand.
        var targets = state.Invoices.Where(i => !i.IsVoid && (invoiceIds.Count == 0 || invoiceIds.Contains(i.InvoiceId))).ToList();
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

            if (!receipt.TouchedInvoices.Contains(allocation.InvoiceId))
            {
                receipt.TouchedInvoices.Add(allocation.InvoiceId);
            }
        }
    }

    public List<AllocationState> Spread(long amount, IReadOnlyList<LedgerInvoiceState> targets, ISet<string> touched)
    {
        var open = targets.Select(i => new OpenInvoice(i.InvoiceId, i.DueDate, i.CreatedAt, Owing(i))).ToList();
        var allocations = new List<AllocationState>();
        foreach (var (invoiceId, share) in Allocations.OldestFirst(open, amount))
        {
            touched.Add(invoiceId);
            allocations.Add(new AllocationState { InvoiceId = invoiceId, Amount = share });
        }

        return allocations;
    }

    /// <summary>A refund takes back unallocated money first, then reopens invoices, newest allocation first.</summary>
    public static void TakeBack(ReceiptState receipt, long amount, ISet<string> touched)
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

    public List<LedgerInvoiceState> Selection(IReadOnlyList<string> invoiceIds)
    {
        if (invoiceIds.Count == 0)
        {
            return [.. state.Invoices.Where(i => !i.IsVoid)];
        }

        return [.. invoiceIds.Distinct(StringComparer.Ordinal).Select(id =>
        {
            var invoice = FindInvoice(id);
            return invoice.IsVoid ? throw DomainException.Rule("invoice.void", $"Invoice '{id}' is void.", "invoiceIds") : invoice;
        })];
    }

    public LedgerInvoiceState FindInvoice(string invoiceId) =>
        state.Invoices.FirstOrDefault(i => i.InvoiceId == invoiceId) ?? throw DomainException.NotFound("Invoice");

    public long AllocatedPaymentsOn(string invoiceId) =>
        state.Receipts.SelectMany(r => r.Allocations).Where(a => a.InvoiceId == invoiceId).Sum(a => a.Amount);

    public long CreditOn(string invoiceId) =>
        state.CreditApplications.Values.SelectMany(a => a).Where(a => a.InvoiceId == invoiceId).Sum(a => a.Amount);

    public long PaidOn(string invoiceId) => AllocatedPaymentsOn(invoiceId) + CreditOn(invoiceId);

    public long Owing(LedgerInvoiceState invoice) => invoice.IsVoid ? 0 : invoice.Total - PaidOn(invoice.InvoiceId);

    /// <summary>What checkouts in flight hold on any of these invoices (all open ones when empty), conservatively.</summary>
    public long ReservedAgainst(IReadOnlyList<string> invoiceIds) =>
        state.Reservations.Where(r => invoiceIds.Count == 0 || r.InvoiceIds.Count == 0 || r.InvoiceIds.Intersect(invoiceIds, StringComparer.Ordinal).Any())
            .Sum(r => r.Amount - r.Ended);

    public static long Unallocated(ReceiptState receipt) => receipt.Received - receipt.Refunded - receipt.Allocations.Sum(a => a.Amount);

    public long CreditAvailable => state.Credits.Values.Sum() - state.CreditApplications.Values.SelectMany(a => a).Sum(a => a.Amount);

    public LedgerView View(string accountId)
    {
        var currency = state.Currency!;
        Money M(long minor) => new(minor, currency);
        var live = state.Invoices.Where(i => !i.IsVoid).ToList();
        var allocated = state.Receipts.Sum(r => r.Allocations.Sum(a => a.Amount));
        var credit = state.CreditApplications.Values.SelectMany(a => a).Sum(a => a.Amount);
        return new LedgerView(
            accountId,
            currency,
            [.. state.Invoices.Select(i => new LedgerInvoice(i.InvoiceId, M(i.Total), M(AllocatedPaymentsOn(i.InvoiceId)), M(CreditOn(i.InvoiceId)), M(Owing(i)), i.DueDate, i.IsVoid))],
            [.. state.Receipts.Select(r => new Receipt(r.PaymentId, M(r.Received), M(r.Refunded), M(Unallocated(r)),
                [.. r.Allocations.Select(a => new Allocation(a.InvoiceId, M(a.Amount)))]))],
            [.. state.PaymentIds],
            [.. state.PlanIds],
            Invoiced: M(live.Sum(i => i.Total)),
            AllocatedPayments: M(allocated),
            AppliedCredit: M(credit),
            BalanceOwing: M(live.Sum(Owing)),
            Received: M(state.Receipts.Sum(r => r.Received)),
            Refunded: M(state.Receipts.Sum(r => r.Refunded)),
            Unallocated: M(state.Receipts.Sum(Unallocated)),
            CreditGranted: M(state.Credits.Values.Sum()),
            CreditAvailable: M(CreditAvailable),
            Reserved: M(state.Reservations.Sum(r => r.Amount - r.Ended)),
            SubscriptionIds: [.. state.SubscriptionIds]);
    }
}
