namespace SmartRec.StripeEmulator.Model;

/// <summary>
/// Stripe's test payment methods (stripe.com/docs/testing), each with the outcome Stripe documents for it. Attaching
/// one makes a new <c>pm_...</c> object, as at Stripe. Two names Stripe does not have are kept from the engine's
/// in-process simulator so tests and the demo run on both: <c>pm_card_visa_expired</c> and <c>pm_card_visa_lostResponse</c>.
/// </summary>
/// <remarks>
/// Saving a card always succeeds here and the charge is declined. Real Stripe already declines most decline cards when
/// a SetupIntent confirms them; <c>pm_card_chargeCustomerFail</c> is the one it lets save and then declines.
/// </remarks>
internal static class TestPaymentMethods
{
    public static readonly IReadOnlyDictionary<string, TestMethod> All = new Dictionary<string, TestMethod>(StringComparer.Ordinal)
    {
        ["pm_card_visa"] = Card("visa", "4242"),
        ["pm_card_mastercard"] = Card("mastercard", "4444"),
        ["pm_card_amex"] = Card("amex", "8431"),
        ["pm_card_chargeDeclined"] = Card("visa", "0002") with { Decline = new("card_declined", "generic_decline", "Your card was declined.") },
        ["pm_card_chargeCustomerFail"] = Card("visa", "0341") with { Decline = new("card_declined", "generic_decline", "Your card was declined.") },
        ["pm_card_chargeDeclinedInsufficientFunds"] = Card("visa", "9995") with
        {
            Decline = new("card_declined", "insufficient_funds", "Your card has insufficient funds."),
        },
        ["pm_card_chargeDeclinedLostCard"] = Card("visa", "9987") with { Decline = new("card_declined", "lost_card", "Your card was declined.") },
        ["pm_card_chargeDeclinedStolenCard"] = Card("visa", "9979") with { Decline = new("card_declined", "stolen_card", "Your card was declined.") },
        ["pm_card_chargeDeclinedFraudulent"] = Card("visa", "0019") with { Decline = new("card_declined", "fraudulent", "Your card was declined.") },
        ["pm_card_chargeDeclinedExpiredCard"] = Card("visa", "0069") with
        {
            Decline = new("expired_card", "expired_card", "Your card has expired.", Param: "exp_month"),
        },
        ["pm_card_chargeDeclinedIncorrectCvc"] = Card("visa", "0127") with
        {
            Decline = new("incorrect_cvc", "incorrect_cvc", "Your card's security code is incorrect.", Param: "cvc"),
        },
        ["pm_card_chargeDeclinedProcessingError"] = Card("visa", "0119") with
        {
            Decline = new("processing_error", "processing_error", "An error occurred while processing your card. Try again in a little bit."),
        },
        ["pm_card_createDispute"] = Card("visa", "0259") with { DisputedAfterSuccess = true },
        ["pm_card_visa_expired"] = Card("visa", "1881") with { ExpiredOnAttach = true },
        ["pm_card_visa_lostResponse"] = Card("visa", "4000") with { LosesFirstResponse = true },
        ["pm_usBankAccount_success"] = new(PaymentMethodType.UsBankAccount, "6789", BankName: "STRIPE TEST BANK"),
        ["pm_usBankAccount_accountClosed"] = new(PaymentMethodType.UsBankAccount, "1113", BankName: "STRIPE TEST BANK")
        {
            SettlementFailure = new("account_closed", "The customer's bank account has been closed."),
        },
        ["pm_usBankAccount_insufficientFunds"] = new(PaymentMethodType.UsBankAccount, "2227", BankName: "STRIPE TEST BANK")
        {
            SettlementFailure = new("insufficient_funds", "The customer's account has insufficient funds to cover this payment."),
        },
        ["pm_acssDebit_success"] = new(PaymentMethodType.AcssDebit, "6789", BankName: "STRIPE TEST BANK", Country: "CA"),
    };

    private static TestMethod Card(string brand, string last4) => new(PaymentMethodType.Card, last4, Brand: brand);
}

internal enum PaymentMethodType
{
    Card,
    UsBankAccount,
    AcssDebit,
}

/// <param name="Code">Stripe's error code, e.g. <c>card_declined</c> or <c>expired_card</c>.</param>
/// <param name="DeclineCode">The issuer's reason, e.g. <c>insufficient_funds</c>.</param>
internal sealed record Decline(string Code, string? DeclineCode, string Message, string? Param = null);

/// <summary>A bank debit that fails at settlement, days later at a real bank.</summary>
internal sealed record SettlementFailure(string Code, string Message);

internal sealed record TestMethod(PaymentMethodType Type, string Last4, string? Brand = null, string? BankName = null, string Country = "US")
{
    public Decline? Decline { get; init; }

    public SettlementFailure? SettlementFailure { get; init; }

    public bool DisputedAfterSuccess { get; init; }

    public bool ExpiredOnAttach { get; init; }

    /// <summary>The first charge per idempotency key is made, then its connection is dropped.</summary>
    public bool LosesFirstResponse { get; init; }
}
