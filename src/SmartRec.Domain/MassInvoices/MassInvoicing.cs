using SmartRec.Contracts;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.MassInvoices;
using SmartRec.Domain.Billing;
using SmartRec.Domain.Validation;

namespace SmartRec.Domain.MassInvoices;

/// <summary>
/// The rules of a mass invoice (R11) that need no grain: validating the request, and the ids that make it idempotent.
/// Batch and invoice ids are derived, never drawn at random on a retry, so the same request creates each invoice once.
/// </summary>
public static class MassInvoicing
{
    /// <summary>An explicit selection is a person's pick from the tabs; anything larger is a filter.</summary>
    public const int MaxExplicitIds = 5_000;

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

        var selection = request.Selection ?? throw DomainException.Invalid("field.required", "'selection' is required.", "selection");
        if (!Enum.IsDefined(selection.Tab))
        {
            throw DomainException.Invalid("selection.tab", "'tab' must be accounts or persons.", "tab");
        }

        if (selection.Filter is not null && selection.Ids is not null)
        {
            throw DomainException.Invalid("selection.shape", "A selection is either a filter or a list of ids, not both.", "selection");
        }

        // Neither a filter nor ids is the whole tab, as an unfiltered tab lists everyone: no "filter":{} needed.
        return request with
        {
            Description = description,
            Memo = memo,
            Selection = selection.Ids is { } ids
                ? selection with { Ids = ValidateIds(selection.Tab, ids) }
                : selection with { Filter = selection.Filter ?? DirectoryFilter.All },
        };
    }

    /// <summary>Whether a replayed request is the one first accepted under its key.</summary>
    public static bool SameRequest(MassInvoiceRequest first, MassInvoiceRequest replay) =>
        first.Selection.Tab == replay.Selection.Tab
        && first.Selection.Filter == replay.Selection.Filter
        && (first.Selection.Ids ?? []).SequenceEqual(replay.Selection.Ids ?? [])
        && first.Description == replay.Description
        && first.Amount == replay.Amount
        && first.DueDate == replay.DueDate
        && first.Memo == replay.Memo;

    /// <summary>Results are read chunk by chunk; a cursor is "{chunk}.{offset}" of the next result.</summary>
    public static string EncodeResultsCursor(int chunk, int offset) => $"{chunk}.{offset}";

    public static (int Chunk, int Offset) DecodeResultsCursor(string? cursor, int chunkCount)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return (0, 0);
        }

        var parts = cursor.Split('.');
        return parts.Length == 2 && int.TryParse(parts[0], out var chunk) && int.TryParse(parts[1], out var offset)
               && chunk >= 0 && chunk < chunkCount && offset >= 0
            ? (chunk, offset)
            : throw DomainException.Invalid("mass_invoice.cursor", "'cursor' is not a cursor this list handed out.", "cursor");
    }

    private static IReadOnlyList<DirectoryKey> ValidateIds(DirectoryTab tab, IReadOnlyList<DirectoryKey> ids)
    {
        if (ids.Count is 0 or > MaxExplicitIds)
        {
            throw DomainException.Invalid("selection.ids", $"'ids' must list 1 to {MaxExplicitIds} rows; select more with a filter.", "ids");
        }

        foreach (var id in ids)
        {
            var wellFormed = id is not null && Identifiers.IsValid(id.AccountId)
                && (tab == DirectoryTab.Persons ? Identifiers.IsValid(id.PersonId) : id.PersonId is null);
            if (!wellFormed)
            {
                throw DomainException.Invalid("selection.ids",
                    tab == DirectoryTab.Persons ? "Every id names an account and one of its persons." : "Every id names an account, and no person.", "ids");
            }
        }

        return [.. ids.Distinct()];
    }
}
