namespace SmartRec.Contracts.Wallets;

/// <summary>
/// What the processor tells us about a saved method, for display only (R2): never a full number.
/// Card fields are set for cards, bank fields for bank accounts.
/// </summary>
[GenerateSerializer, Immutable, Alias("smartrec.PaymentMethodDetails")]
public sealed record PaymentMethodDetails(
    [property: Id(0)] PaymentMethodKind Kind,
    [property: Id(1)] string Last4,
    [property: Id(2)] string Fingerprint,
    [property: Id(3)] string? Brand = null,
    [property: Id(4)] CardExpiry? Expiry = null,
    [property: Id(5)] string? BankName = null,
    [property: Id(6)] string? Country = null);
