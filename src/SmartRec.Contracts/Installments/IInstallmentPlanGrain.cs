namespace SmartRec.Contracts.Installments;

/// <summary>
/// An installment plan of a client account, keyed "{organizationId}/{planId}". A grain reminder charges each due
/// installment; every tick is idempotent: installment n is charged with the processor key "plan:{organizationId}/{planId}:{n}"
/// (and "…:{n}:{attempt}" for a retry after a decline), so it is charged at most once whatever the reminders do (R6, R10).
/// </summary>
[Alias("smartrec.IInstallmentPlanGrain")]
public interface IInstallmentPlanGrain : IGrainWithStringKey
{
    /// <summary>Creates the plan; the same request again returns it unchanged.</summary>
    [Alias("Create")]
    Task<PlanView> Create(NewPlan request);

    [Alias("Find")]
    Task<PlanView?> Find();

    /// <summary>Changes an installment not yet charged (R10). A new amount moves the difference to the next uncharged installment, so the total stays the same.</summary>
    [Alias("Edit")]
    Task<PlanView> Edit(int number, InstallmentEdit edit);

    /// <summary>
    /// Calls off every installment not charged yet and frees its share of the balance; one in flight still finishes.
    /// Cancelling again changes nothing.
    /// </summary>
    [Alias("Cancel")]
    Task<PlanView> Cancel();

    /// <summary>Charges what is due now; what the reminder calls. Safe to call any number of times.</summary>
    [Alias("Tick")]
    Task<PlanView> Tick();
}
