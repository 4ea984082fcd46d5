using SmartRec.Contracts.Installments;
using SmartRec.Contracts.Payments;

namespace SmartRec.Contracts.Billing;

/// <summary>
/// One checkout on behalf of a customer (R5–R9), keyed "{organizationId}/{checkoutId}" where the checkout id derives
/// from the request's Idempotency-Key: the same request again returns the first result, other content is a conflict.
/// </summary>
[Alias("smartrec.ICheckoutGrain")]
public interface ICheckoutGrain : IGrainWithStringKey
{
    [Alias("PayBalance")]
    Task<CheckoutResult> PayBalance(PayBalance request);
}

/// <summary>
/// Pay a balance (R9): the chosen invoices (all open ones when empty), credit to apply, an amount to pay now with a
/// source, or the same amount spread into installments. With a token, <see cref="SaveMethod"/> saves it to the
/// customer's wallet and authorizes the organization (R5, R6), which needs a customer who has signed in (R7).
/// </summary>
[GenerateSerializer, Immutable, Alias("smartrec.PayBalance")]
public sealed record PayBalance(
    [property: Id(0)] string AccountId,
    [property: Id(1)] IReadOnlyList<string> InvoiceIds,
    [property: Id(2)] Money ApplyCredit,
    [property: Id(3)] Money Amount,
    [property: Id(4)] PaymentSource? Source = null,
    [property: Id(5)] bool SaveMethod = false,
    [property: Id(6)] IReadOnlyList<NewInstallment>? Installments = null);

[GenerateSerializer, Immutable, Alias("smartrec.CheckoutResult")]
public sealed record CheckoutResult(
    [property: Id(0)] string CheckoutId,
    [property: Id(1)] Money CreditApplied,
    [property: Id(2)] PaymentView? Payment,
    [property: Id(3)] PlanView? Plan,
    [property: Id(4)] string? SavedMethodId);
