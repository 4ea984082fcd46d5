namespace SmartRec.Contracts.Wallets;

public enum PaymentMethodKind
{
    Card = 0,
    /// <summary>An e-check: a US ACH or Canadian PAD debit from a bank account.</summary>
    BankAccount = 1,
}
