using SmartRec.Contracts;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.MassInvoices;
using SmartRec.Domain.Billing;
using SmartRec.Domain.Bulk;
using SmartRec.Domain.Validation;

namespace SmartRec.Domain.MassInvoices;

/// <summary>
/// The rules of a mass invoice (R11) that need no grain: validating the request, and the ids that make it idempotent.
/// Batch and invoice ids are derived, never drawn at random on a retry, so the same request creates each invoice once.
/// </summary>
public static class MassInvoicing
{
    /// <summary>The batch an Idempotency-Key names (the organization is part of the batch's grain key); a new one without.</summary>
    public static string BatchIdFor(string? idempotencyKey) => IdempotencyKeys.OperationId("mi", "mass-invoice", idempotencyKey);

    /// <summary>The invoice a batch creates for a target, fixed before the first attempt and reused on every retry.</summary>
    public static string InvoiceIdFor(string batchId, DirectoryKey target) =>
        GeneratedIds.Hashed("inv_", $"{batchId}|{target.AccountId}|{target.PersonId}", 24);

    /// <summary>
    /// Checks a request against the organization's currency and the rules every invoice follows, before the batch is
    /// accepted, and returns it cleaned (trimmed text, distinct ids).
    /// </summary>
    public static MassInvoiceRequest Validate(MassInvoiceRequest request, string currency)
    {
        var description = Text.Required(request.Description, "description", 200);
        var memo = Text.Optional(request.Memo, "memo", 500);
        // The same checks as one invoice's line, so a batch is refused whole instead of failing target by target.
        Amounts.RequirePositive(request.Amount, currency, "amount");

        if (request.DueDate == default)
        {
            throw DomainException.Invalid("field.required", "'dueDate' is required.", "dueDate");
        }

        return request with
        {
            Description = description,
            Memo = memo,
            Selection = BulkSelections.Validate(request.Selection),
        };
    }

    /// <summary>Whether a replayed request is the one first accepted under its key.</summary>
    public static bool SameRequest(MassInvoiceRequest first, MassInvoiceRequest replay) =>
        BulkSelections.Same(first.Selection, replay.Selection)
        && first.Description == replay.Description
        && first.Amount == replay.Amount
        && first.DueDate == replay.DueDate
        && first.Memo == replay.Memo;
}
