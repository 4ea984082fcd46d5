using SmartRec.Contracts.Wallets;

namespace SmartRec.Payments.Simulated;

/// <summary>
/// The tokens the simulated processor accepts, named like Stripe's test payment methods so the same demo and tests
/// read naturally against Stripe's test mode.
/// </summary>
public static class SimulatedTestMethods
{
    public const string Visa = "pm_card_visa";
    public const string Mastercard = "pm_card_mastercard";
    public const string Declined = "pm_card_chargeDeclined";
    public const string InsufficientFunds = "pm_card_chargeDeclinedInsufficientFunds";
    public const string ExpiredCardDecline = "pm_card_chargeDeclinedExpiredCard";
    public const string StolenCard = "pm_card_chargeDeclinedStolenCard";
    /// <summary>Simulator only: a Visa whose saved expiry is already past, to exercise updating an expired card (R5).</summary>
    public const string VisaExpired = "pm_card_visa_expired";
    /// <summary>Simulator only: a Visa whose first charge per idempotency key succeeds but its answer is lost (a timeout).</summary>
    public const string VisaLostResponse = "pm_card_visa_lostResponse";
    /// <summary>A US ACH debit that settles after the configured delay.</summary>
    public const string UsBankAccount = "pm_usBankAccount_success";
    /// <summary>A US ACH debit that fails at settlement with "account_closed".</summary>
    public const string UsBankAccountClosed = "pm_usBankAccount_accountClosed";
    /// <summary>A Canadian pre-authorized debit (PAD) that settles after the configured delay.</summary>
    public const string CaBankAccount = "pm_acssDebit_success";

    internal sealed record TestMethod(
        PaymentMethodKind Kind,
        string Last4,
        string? Brand = null,
        string? BankName = null,
        string Country = "US",
        string? DeclineCode = null,
        bool ExpiredOnAttach = false,
        bool LosesFirstResponse = false);

    internal static readonly IReadOnlyDictionary<string, TestMethod> All = new Dictionary<string, TestMethod>(StringComparer.Ordinal)
    {
        [Visa] = new(PaymentMethodKind.Card, "4242", Brand: "visa"),
        [Mastercard] = new(PaymentMethodKind.Card, "4444", Brand: "mastercard"),
        [Declined] = new(PaymentMethodKind.Card, "0002", Brand: "visa", DeclineCode: "generic_decline"),
        [InsufficientFunds] = new(PaymentMethodKind.Card, "9995", Brand: "visa", DeclineCode: "insufficient_funds"),
        [ExpiredCardDecline] = new(PaymentMethodKind.Card, "0069", Brand: "visa", DeclineCode: "expired_card"),
        [StolenCard] = new(PaymentMethodKind.Card, "9979", Brand: "visa", DeclineCode: "stolen_card"),
        [VisaExpired] = new(PaymentMethodKind.Card, "1881", Brand: "visa", ExpiredOnAttach: true),
        [VisaLostResponse] = new(PaymentMethodKind.Card, "4000", Brand: "visa", LosesFirstResponse: true),
        [UsBankAccount] = new(PaymentMethodKind.BankAccount, "6789", BankName: "STRIPE TEST BANK"),
        [UsBankAccountClosed] = new(PaymentMethodKind.BankAccount, "5556", BankName: "STRIPE TEST BANK", DeclineCode: "account_closed"),
        [CaBankAccount] = new(PaymentMethodKind.BankAccount, "3456", BankName: "TEST INSTITUTION", Country: "CA"),
    };
}
