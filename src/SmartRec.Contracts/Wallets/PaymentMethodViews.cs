namespace SmartRec.Contracts.Wallets;

/// <summary>A saved method as its owner sees it, with every organization it is authorized for.</summary>
[GenerateSerializer, Immutable, Alias("smartrec.OwnerPaymentMethod")]
public sealed record OwnerPaymentMethod(
    [property: Id(0)] string Id,
    [property: Id(1)] PaymentMethodDetails Details,
    [property: Id(2)] BillingAddress BillingAddress,
    [property: Id(3)] string? Nickname,
    [property: Id(4)] bool IsExpired,
    [property: Id(5)] IReadOnlyList<string> AuthorizedOrganizations,
    [property: Id(6)] DateTimeOffset AddedAt);

/// <summary>The owner's whole wallet.</summary>
[GenerateSerializer, Immutable, Alias("smartrec.WalletView")]
public sealed record WalletView(
    [property: Id(0)] string UserId,
    [property: Id(1)] bool HasSignedIn,
    [property: Id(2)] IReadOnlyList<OwnerPaymentMethod> Methods);

/// <summary>
/// A saved method as an authorized organization sees it: no other organization's authorizations, no processor token.
/// </summary>
[GenerateSerializer, Immutable, Alias("smartrec.OrganizationPaymentMethod")]
public sealed record OrganizationPaymentMethod(
    [property: Id(0)] string Id,
    [property: Id(1)] PaymentMethodDetails Details,
    [property: Id(2)] BillingAddress BillingAddress,
    [property: Id(3)] bool IsExpired);

/// <summary>A request to save a method that the processor already tokenized on the customer's device.</summary>
[GenerateSerializer, Immutable, Alias("smartrec.SavePaymentMethod")]
public sealed record SavePaymentMethod(
    [property: Id(0)] string ProcessorToken,
    [property: Id(1)] BillingAddress BillingAddress,
    [property: Id(2)] string? Nickname = null);

/// <summary>The processor ids to charge a method. Grain-to-grain only: it never leaves the engine (R2).</summary>
[GenerateSerializer, Immutable, Alias("smartrec.ChargeableMethod")]
public sealed record ChargeableMethod(
    [property: Id(0)] string MethodId,
    [property: Id(1)] string ProcessorCustomerId,
    [property: Id(2)] string ProcessorMethodId,
    [property: Id(3)] PaymentMethodDetails Details);

/// <summary>The method a bulk charge uses, or the reason (a <see cref="MassCharges.SkipReasons"/> code) it has none.</summary>
[GenerateSerializer, Immutable, Alias("smartrec.ChargeChoice")]
public sealed record ChargeChoice(
    [property: Id(0)] ChargeableMethod? Method,
    [property: Id(1)] string? SkipReason);
