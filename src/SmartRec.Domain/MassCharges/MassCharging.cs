using SmartRec.Contracts;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.MassCharges;
using SmartRec.Domain.Billing;
using SmartRec.Domain.Bulk;
using SmartRec.Domain.Validation;

namespace SmartRec.Domain.MassCharges;

/// <summary>
/// The rules of a mass charge (R12) that need no grain: validating the request, and the ids and keys that make it
/// idempotent. The batch id derives from the Idempotency-Key, and each target's payment id and processor key from the
/// batch, the target and the attempt (decision 12): nothing is drawn at random, so a chunk that restarts asks the
/// processor about the very key it may have sent.
/// </summary>
public static class MassCharging
{
    public const int MaxNotesLength = 200;

    /// <summary>The batch an Idempotency-Key names (the organization is part of the batch's grain key).</summary>
    public static string BatchIdFor(string? idempotencyKey) => IdempotencyKeys.OperationId("mc", "mass-charge", idempotencyKey);

    /// <summary>The processor key of one attempt at one target: "mc:{org}/{batch}:{account}[:{person}]:{attempt}".</summary>
    public static string ProcessorKey(string organizationId, string batchId, DirectoryKey target, int attempt) =>
        target.PersonId is null
            ? $"mc:{organizationId}/{batchId}:{target.AccountId}:{attempt}"
            : $"mc:{organizationId}/{batchId}:{target.AccountId}:{target.PersonId}:{attempt}";

    /// <summary>The payment (and its receipt on the account's ledger) of one attempt at one target.</summary>
    public static string PaymentIdFor(string batchId, DirectoryKey target, int attempt) =>
        GeneratedIds.Hashed("pay_", $"{batchId}|{target.AccountId}|{target.PersonId}|{attempt}", 24);

    /// <summary>A target's one Action Center item, whatever its attempts: each decline updates it, a retry that charges resolves it.</summary>
    public static string ActionItemIdFor(string batchId, DirectoryKey target) =>
        GeneratedIds.Hashed("masscharge.", $"{batchId}|{target.AccountId}|{target.PersonId}", 24);

    /// <summary>The receipt's description: the operator's notes, or a plain default.</summary>
    public static string Description(MassChargeRequest request) => request.Notes ?? "Mass charge";

    /// <summary>
    /// Checks a whole request against the organization's currency before the batch is accepted, the way one payment's
    /// request is checked, and returns it cleaned (trimmed notes, distinct ids).
    /// </summary>
    public static MassChargeRequest Validate(MassChargeRequest request, string currency)
    {
        var selection = BulkSelections.Validate(request.Selection);
        var notes = Text.Optional(request.Notes, "notes", MaxNotesLength);
        if (!Enum.IsDefined(request.MethodPreference))
        {
            throw DomainException.Invalid("mass_charge.method_preference", "'methodPreference' must be card, bankAccount or any.", "methodPreference");
        }

        if (!Enum.IsDefined(request.Allocation))
        {
            throw DomainException.Invalid("mass_charge.allocation", "'allocation' must be unreconciled or oldestInvoices.", "allocation");
        }

        switch (request.AmountRule)
        {
            case AmountRule.Fixed:
                Amounts.RequirePositive(request.Amount ?? throw DomainException.Invalid("field.required", "'amount' (or \"amountRule\": \"balance\") is required.", "amount"),
                    currency, "amount");
                break;
            case AmountRule.Balance when request.Amount is not null:
                throw DomainException.Invalid("mass_charge.amount_and_rule", "Give either 'amount' or \"amountRule\": \"balance\", not both.", "amount");
            case AmountRule.Balance when selection.Tab != DirectoryTab.Accounts:
                // A balance belongs to an account; charging it once per participant would charge it several times.
                throw DomainException.Invalid("mass_charge.balance_on_persons", "\"amountRule\": \"balance\" is for the Accounts tab only.", "amountRule");
            case AmountRule.Balance:
                break;
            default:
                throw DomainException.Invalid("mass_charge.amount_rule", "'amountRule' must be fixed or balance.", "amountRule");
        }

        return request with { Selection = selection, Notes = notes };
    }

    /// <summary>Whether a replayed request is the one first accepted under its key.</summary>
    public static bool SameRequest(MassChargeRequest first, MassChargeRequest replay) =>
        BulkSelections.Same(first.Selection, replay.Selection)
        && first.Amount == replay.Amount
        && first.AmountRule == replay.AmountRule
        && first.MethodPreference == replay.MethodPreference
        && first.Notes == replay.Notes
        && first.Allocation == replay.Allocation;

    /// <summary>
    /// What the balance rule charges an account: what it owes, less money already received but not reconciled (an
    /// earlier mass charge's receipt) and what checkouts in flight hold, so running the rule twice never charges twice.
    /// </summary>
    public static long BalanceToCharge(long balanceOwing, long unallocated, long reserved) =>
        Math.Max(0, balanceOwing - unallocated - reserved);

    /// <summary>A decline worth a new attempt on retry-failed: a soft one (DeclinePolicy), never a hard one.</summary>
    public static bool IsSoftDecline(string? declineCode) => declineCode is not null && !DeclinePolicy.IsHard(declineCode);
}
