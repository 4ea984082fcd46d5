using SmartRec.Contracts.MassCharges;

namespace SmartRec.Contracts.Wallets;

/// <summary>
/// One customer user's wallet, shared across organizations, keyed by user id. It is the only authority on
/// whether an organization may see or charge a method (R3): every organization-facing call takes the organization
/// and answers for a method it is not authorized for exactly as for a method that does not exist.
/// </summary>
[Alias("smartrec.IWalletGrain")]
public interface IWalletGrain : IGrainWithStringKey
{
    /// <summary>Records that the customer signed in to their personal account; admins may save methods only after (R7).</summary>
    [Alias("RecordSignIn")]
    Task RecordSignIn();

    [Alias("Get")]
    Task<WalletView> Get();

    /// <summary>Attaches a processor token to the customer and saves it with display data from the processor (R1, R2, R8).</summary>
    [Alias("AddMethod")]
    Task<OwnerPaymentMethod> AddMethod(SavePaymentMethod request);

    [Alias("RemoveMethod")]
    Task RemoveMethod(string methodId);

    [Alias("UpdateCardExpiry")]
    Task<OwnerPaymentMethod> UpdateCardExpiry(string methodId, CardExpiry expiry);

    [Alias("Authorize")]
    Task<OwnerPaymentMethod> Authorize(string methodId, string organizationId);

    [Alias("Revoke")]
    Task<OwnerPaymentMethod> Revoke(string methodId, string organizationId);

    /// <summary>The methods authorized for <paramref name="organizationId"/>; the others are invisible.</summary>
    [Alias("GetForOrganization")]
    Task<IReadOnlyList<OrganizationPaymentMethod>> GetForOrganization(string organizationId);

    /// <summary>An authorized admin updates an expired card's expiry at checkout (R5).</summary>
    [Alias("UpdateCardExpiryForOrganization")]
    Task<OrganizationPaymentMethod> UpdateCardExpiryForOrganization(string organizationId, string methodId, CardExpiry expiry);

    /// <summary>
    /// What a charge needs to reach the processor, for a method <paramref name="organizationId"/> is authorized for.
    /// Asked before every charge (decision 2); an unauthorized method is not found, exactly like a missing one (R3).
    /// </summary>
    [Alias("ResolveChargeable")]
    Task<ChargeableMethod> ResolveChargeable(string organizationId, string methodId);

    /// <summary>
    /// The method a bulk charge of <paramref name="accountId"/> uses now, by <paramref name="preference"/>, among those
    /// authorized for <paramref name="organizationId"/>, or why there is none (decision 2). Asked at charge time, so a
    /// method revoked after a preview is never charged. An account this user does not hold there is not found.
    /// </summary>
    [Alias("ChooseChargeable")]
    Task<ChargeChoice> ChooseChargeable(string organizationId, string accountId, MethodPreference preference);

    /// <summary>
    /// An organization's admin saves a method for the customer at checkout: only once the customer has signed in
    /// (R7), with a billing address (R8); the organization is authorized for it (R6) and the customer notified (R5).
    /// <paramref name="methodId"/> derives from the checkout, so a retry finds the method saved the first time.
    /// </summary>
    [Alias("SaveForOrganization")]
    Task<OrganizationPaymentMethod> SaveForOrganization(string organizationId, SavePaymentMethod request, string methodId);

    /// <summary>
    /// Refuses now what <see cref="SaveForOrganization"/> would refuse later for a method of this kind: a customer who
    /// never signed in (R7) or a full wallet (R1). A checkout asks before it holds any money.
    /// </summary>
    [Alias("EnsureCanSave")]
    Task EnsureCanSave(PaymentMethodKind kind);

    /// <summary>The card network gave a saved card a new expiry (a processor event); an unknown method changes nothing.</summary>
    [Alias("ApplyProcessorExpiry")]
    Task ApplyProcessorExpiry(string processorMethodId, CardExpiry expiry);

    /// <summary>A saved method was detached at the processor: it can no longer be charged, so the wallet lets it go.</summary>
    [Alias("ForgetDetached")]
    Task ForgetDetached(string processorMethodId);

    /// <summary>
    /// Records that the user holds <paramref name="accountId"/> at <paramref name="organizationId"/>, and pushes to that
    /// organization's directory whether the user has a card and an e-check authorized for it, and nothing more (R3).
    /// Called by the account when it opens and on every directory resync; calling it again changes nothing.
    /// </summary>
    [Alias("HoldAccount")]
    Task HoldAccount(string organizationId, string accountId);
}
