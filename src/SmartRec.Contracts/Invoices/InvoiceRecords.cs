namespace SmartRec.Contracts.Invoices;

/// <summary>One billed item; the amount is positive and in the organization's currency.</summary>
[GenerateSerializer, Immutable, Alias("smartrec.NewInvoiceLine")]
public sealed record NewInvoiceLine(
    [property: Id(0)] string Description,
    [property: Id(1)] Money Amount);

/// <summary>
/// An invoice to a client account, optionally for one of its persons (R11: a mass invoice from the Persons tab names
/// the participant; from the Accounts tab it goes to the holder).
/// </summary>
[GenerateSerializer, Immutable, Alias("smartrec.NewInvoice")]
public sealed record NewInvoice(
    [property: Id(0)] string AccountId,
    [property: Id(1)] IReadOnlyList<NewInvoiceLine> Lines,
    [property: Id(2)] DateOnly DueDate,
    [property: Id(3)] string? PersonId = null,
    [property: Id(4)] string? Memo = null);

public enum InvoiceStatus
{
    Open = 0,
    Paid = 1,
    Void = 2,
}

[GenerateSerializer, Immutable, Alias("smartrec.InvoiceLineView")]
public sealed record InvoiceLineView(
    [property: Id(0)] int Number,
    [property: Id(1)] string Description,
    [property: Id(2)] Money Amount);

/// <summary>An invoice with what is paid and what is still owing (total − paid; zero once void).</summary>
[GenerateSerializer, Immutable, Alias("smartrec.InvoiceView")]
public sealed record InvoiceView(
    [property: Id(0)] string OrganizationId,
    [property: Id(1)] string InvoiceId,
    [property: Id(2)] string AccountId,
    [property: Id(3)] string? PersonId,
    [property: Id(4)] IReadOnlyList<InvoiceLineView> Lines,
    [property: Id(5)] Money Total,
    [property: Id(6)] Money Paid,
    [property: Id(7)] Money Owing,
    [property: Id(8)] DateOnly DueDate,
    [property: Id(9)] InvoiceStatus Status,
    [property: Id(10)] DateTimeOffset CreatedAt,
    [property: Id(11)] string? Memo);
