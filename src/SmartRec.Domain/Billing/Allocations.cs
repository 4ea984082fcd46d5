namespace SmartRec.Domain.Billing;

/// <summary>An invoice that can still receive money, in the order the allocation rule needs.</summary>
public sealed record OpenInvoice(string InvoiceId, DateOnly DueDate, DateTimeOffset CreatedAt, long Owing);

/// <summary>How money is spread over invoices: the oldest open invoice first (R9, R13).</summary>
public static class Allocations
{
    /// <summary>
    /// Splits <paramref name="amount"/> over the invoices, oldest due date first (then oldest created, then id, so
    /// the order never depends on the input's), each receiving at most what it owes. What is left is not allocated.
    /// </summary>
    public static IReadOnlyList<(string InvoiceId, long Amount)> OldestFirst(IEnumerable<OpenInvoice> invoices, long amount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        var result = new List<(string, long)>();
        var left = amount;
        foreach (var invoice in invoices.Where(i => i.Owing > 0)
                     .OrderBy(i => i.DueDate).ThenBy(i => i.CreatedAt).ThenBy(i => i.InvoiceId, StringComparer.Ordinal))
        {
            if (left == 0)
            {
                break;
            }

            var share = Math.Min(left, invoice.Owing);
            result.Add((invoice.InvoiceId, share));
            left -= share;
        }

        return result;
    }
}
