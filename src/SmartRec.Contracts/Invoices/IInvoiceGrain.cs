namespace SmartRec.Contracts.Invoices;

/// <summary>
/// One invoice of a client account, keyed "{organizationId}/{invoiceId}" (see <see cref="OrgScopedKey"/>). It owns its
/// lines and due date; how much of it is paid is decided by the account's ledger (<see cref="Billing.IAccountLedgerGrain"/>),
/// which is the only caller of <see cref="RecordPaid"/> and <see cref="MarkVoid"/>.
/// </summary>
[Alias("smartrec.IInvoiceGrain")]
public interface IInvoiceGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the invoice and registers it with the account's ledger. Creating the same id again with the same
    /// content returns the first invoice and changes nothing, so a mass-invoicing run can be resumed safely; the same
    /// id with other content is a conflict.
    /// </summary>
    [Alias("Create")]
    Task<InvoiceView> Create(NewInvoice request);

    /// <summary>The invoice, or null when it was never created.</summary>
    [Alias("Find")]
    Task<InvoiceView?> Find();

    /// <summary>Sets the amount paid (allocated payments and applied credit) as the ledger computed it.</summary>
    [Alias("RecordPaid")]
    Task<InvoiceView> RecordPaid(Money paid);

    /// <summary>Marks the invoice void once the ledger has accepted voiding it.</summary>
    [Alias("MarkVoid")]
    Task<InvoiceView> MarkVoid();
}
