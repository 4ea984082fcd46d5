using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Invoices;
using SmartRec.Contracts.Organizations;
using SmartRec.Domain.Billing;
using SmartRec.Domain.Validation;
using SmartRec.Grains.Billing;
using SmartRec.Grains.Persistence;

namespace SmartRec.Grains.Invoices;

public sealed class InvoiceGrain(
    [PersistentState("invoice", StorageNames.Invoices)] IPersistentState<InvoiceState> state,
    TimeProvider time)
    : Grain, IInvoiceGrain
{
    /// <summary>An invoice is read whole on every screen; a longer bill is several invoices.</summary>
    private const int MaxLines = 100;

    private InvoiceState S => state.State;

    private string OrganizationId => OrgScopedKey.Parse(this.GetPrimaryKeyString()).OrganizationId;

    private string InvoiceId => OrgScopedKey.Parse(this.GetPrimaryKeyString()).Id;

    public async Task<InvoiceView> Create(NewInvoice request)
    {
        var normalized = await Normalize(request);
        var fingerprint = Fingerprints.Of(normalized);
        if (S.Request is null)
        {
            var total = normalized.Lines.Aggregate(Money.Zero(normalized.Lines[0].Amount.Currency), (sum, line) => sum + line.Amount);
            await this.Commit(state, s =>
            {
                s.Request = normalized;
                s.Fingerprint = fingerprint;
                s.Total = total;
                s.Paid = Money.Zero(total.Currency);
                s.CreatedAt = time.GetUtcNow();
            });
        }
        else if (S.Fingerprint != fingerprint)
        {
            throw DomainException.Conflict("invoice.exists", "An invoice with this id already exists with other content.");
        }

        // Registered on the first call, or on a replay after a crash between the two writes: never twice, so a replay
        // never waits on a ledger that may be waiting on this invoice.
        if (!S.RegisteredWithLedger)
        {
            await Ledger().RegisterInvoice(new LedgerInvoiceEntry(InvoiceId, S.Total, normalized.DueDate, S.CreatedAt));
            await this.Commit(state, s => s.RegisteredWithLedger = true);
        }

        return View();
    }

    public Task<InvoiceView?> Find() => Task.FromResult(S.Request is null ? null : View());

    public async Task<InvoiceView> RecordPaid(Money paid)
    {
        EnsureCreated();
        if (paid != S.Paid)
        {
            await this.Commit(state, s => s.Paid = paid);
        }

        return View();
    }

    public async Task<InvoiceView> MarkVoid()
    {
        EnsureCreated();
        if (!S.IsVoid)
        {
            await this.Commit(state, s => s.IsVoid = true);
        }

        return View();
    }

    private async Task<NewInvoice> Normalize(NewInvoice request)
    {
        var accountId = Identifiers.Require(request.AccountId, "accountId");
        var organization = await GrainFactory.GetGrain<IOrganizationGrain>(OrganizationId).Find() ?? throw DomainException.NotFound("Organization");
        var account = await GrainFactory.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(OrganizationId, accountId)).Find()
            ?? throw DomainException.NotFound("Account");
        if (request.PersonId is not null && account.Persons.All(p => p.Id != request.PersonId))
        {
            throw DomainException.NotFound("Person");
        }

        if (request.Lines is null || request.Lines.Count is 0 or > MaxLines)
        {
            throw DomainException.Invalid("invoice.lines", $"An invoice has 1 to {MaxLines} lines.", "lines");
        }

        if (request.Lines.Any(line => line is null))
        {
            throw DomainException.Invalid("invoice.line_missing", "Every line must be a line with a description and an amount, not null.", "lines");
        }

        var lines = request.Lines.Select((line, i) => new NewInvoiceLine(
            Text.Required(line.Description, $"lines[{i}].description", 200),
            Amounts.RequirePositive(line.Amount, organization.Currency, $"lines[{i}].amount"))).ToList();
        return new NewInvoice(accountId, lines, request.DueDate, request.PersonId, Text.Optional(request.Memo, "memo", 500));
    }

    private IAccountLedgerGrain Ledger() =>
        GrainFactory.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(OrganizationId, S.Request!.AccountId));

    private void EnsureCreated()
    {
        if (S.Request is null)
        {
            throw DomainException.NotFound("Invoice");
        }
    }

    private InvoiceView View()
    {
        var request = S.Request!;
        var owing = S.IsVoid ? Money.Zero(S.Total.Currency) : S.Total - S.Paid;
        var status = S.IsVoid ? InvoiceStatus.Void : owing.Minor == 0 ? InvoiceStatus.Paid : InvoiceStatus.Open;
        return new InvoiceView(OrganizationId, InvoiceId, request.AccountId, request.PersonId,
            [.. request.Lines.Select((line, i) => new InvoiceLineView(i + 1, line.Description, line.Amount))],
            S.Total, S.Paid, owing, request.DueDate, status, S.CreatedAt, request.Memo);
    }
}
