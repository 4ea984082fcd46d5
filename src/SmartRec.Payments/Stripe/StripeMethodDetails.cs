using SmartRec.Contracts.Wallets;
using StripePaymentMethod = Stripe.PaymentMethod;

namespace SmartRec.Payments.Stripe;

/// <summary>Stripe's payment method as the engine keeps it: display data only, never a full number (R2).</summary>
internal static class StripeMethodDetails
{
    public const string Card = "card";
    public const string UsBankAccount = "us_bank_account";
    public const string AcssDebit = "acss_debit";

    public static PaymentMethodDetails From(StripePaymentMethod method) => method.Type switch
    {
        Card => new PaymentMethodDetails(
            PaymentMethodKind.Card, method.Card.Last4, method.Card.Fingerprint ?? "", method.Card.Brand,
            new CardExpiry((int)method.Card.ExpMonth, (int)method.Card.ExpYear), Country: method.Card.Country),
        UsBankAccount => new PaymentMethodDetails(
            PaymentMethodKind.BankAccount, method.UsBankAccount.Last4, method.UsBankAccount.Fingerprint ?? "",
            BankName: method.UsBankAccount.BankName, Country: "US"),
        AcssDebit => new PaymentMethodDetails(
            PaymentMethodKind.BankAccount, method.AcssDebit.Last4, method.AcssDebit.Fingerprint ?? "",
            BankName: method.AcssDebit.BankName, Country: "CA"),
        _ => throw new ProcessorException("payment_method_type_unsupported",
            $"Payment methods of type {method.Type} cannot be saved; cards, us_bank_account and acss_debit can."),
    };

    /// <summary>
    /// The types a PaymentIntent may charge in this currency: a saved method can be any of them, and Stripe refuses a
    /// type that does not take the currency (ACH is USD only, PAD is CAD only).
    /// </summary>
    public static List<string> TypesFor(string currency) => currency.ToLowerInvariant() switch
    {
        "usd" => [Card, UsBankAccount],
        "cad" => [Card, AcssDebit],
        _ => [Card],
    };
}
