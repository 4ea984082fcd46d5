namespace SmartRec.Contracts.Wallets;

/// <summary>
/// The billing address required for every saved method (R8). Country is ISO 3166-1 alpha-2; the region (state,
/// province) is required where the country's addresses use one.
/// </summary>
[GenerateSerializer, Immutable, Alias("smartrec.BillingAddress")]
public sealed record BillingAddress(
    [property: Id(0)] string Line1,
    [property: Id(2)] string City,
    [property: Id(4)] string PostalCode,
    [property: Id(5)] string Country,
    [property: Id(3)] string? Region = null,
    [property: Id(1)] string? Line2 = null);
