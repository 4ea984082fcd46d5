using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SmartRec.Api.Security;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Installments;
using SmartRec.Contracts.Invoices;
using SmartRec.Contracts.Payments;
using SmartRec.Contracts.Subscriptions;
using SmartRec.Domain.Validation;

namespace SmartRec.Api.Endpoints;

/// <summary>
/// An account's billing: invoices, credit, payments (checkout on behalf and paying a balance, R5–R9), installment
/// plans (R10), refunds and the Action Center's record. Requests that move money accept an Idempotency-Key header:
/// the same key replays the first answer.
/// </summary>
public static class BillingApi
{
    public sealed record CreateInvoiceRequest(IReadOnlyList<NewInvoiceLine> Lines, DateOnly DueDate, string? InvoiceId = null, string? PersonId = null, string? Memo = null);

    public sealed record GrantCreditRequest(Money Amount, string Reason);

    public sealed record CreditsView(Money Granted, Money Applied, Money Available);

    /// <param name="InvoiceIds">The invoices to pay; empty or absent means every open invoice, oldest first.</param>
    /// <param name="ApplyCredit">Account credit to apply first (R9).</param>
    /// <param name="Installments">Spread <paramref name="Amount"/> into these installments instead of paying it now.</param>
    public sealed record PayRequest(
        Money Amount,
        IReadOnlyList<string>? InvoiceIds = null,
        Money? ApplyCredit = null,
        PaymentSource? Source = null,
        bool SaveMethod = false,
        IReadOnlyList<NewInstallment>? Installments = null);

    public sealed record RefundRequest(Money Amount);

    /// <summary>Another installment whose amount an edit changed, to keep the plan's total.</summary>
    public sealed record InstallmentAdjustment(int Number, Money From, Money To);

    /// <param name="Adjusted">Where an amount edit's difference went; empty when only a date or method changed.</param>
    public sealed record InstallmentEdited(PlanView Plan, IReadOnlyList<InstallmentAdjustment> Adjusted);

    public sealed record ReconcileRequest(IReadOnlyList<string>? InvoiceIds = null);

    /// <summary>
    /// What the account will be charged without anyone asking: installment plans, a page at a time, and its
    /// subscriptions (few per account, and paged on their own route).
    /// </summary>
    public sealed record UpcomingPayments(Page<PlanView> Plans, IReadOnlyList<SubscriptionView> Subscriptions);

    public static RouteGroupBuilder MapBillingApi(this RouteGroupBuilder org)
    {
        var account = org.MapGroup("/accounts/{accountId}").WithTags("Billing");
        account.MapGet("/balance", GetBalance).WithName("getBalance").WithSummary("The account's statement: invoices, receipts, credit, balance owing");
        account.MapGet("/invoices", ListInvoices).WithName("listInvoices").WithSummary("The account's invoices, a page at a time, with the total count");
        account.MapGet("/invoices/{invoiceId}", GetInvoice).WithName("getInvoice").WithSummary("One invoice with what is paid and owing");
        account.MapGet("/credits", GetCredits).WithName("getCredits").WithSummary("Account credit granted, applied and available");
        account.MapGet("/payments", ListPayments).WithName("listPayments").WithSummary("The account's payments, a page at a time, with the total count");
        account.MapGet("/payments/{paymentId}", GetPayment).WithName("getPayment").WithSummary("One payment");
        account.MapGet("/upcoming-payments", ListUpcoming).WithName("listUpcomingPayments").WithSummary("Installment plans with their installments (R10), a page at a time, and subscriptions");

        var admin = account.MapGroup("")
            .RequireAuthorization(Policies.OrganizationAdmin)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        admin.MapPost("/invoices", CreateInvoice).WithName("createInvoice").WithSummary("Create an invoice; the same invoiceId and content again returns it");
        admin.MapPost("/invoices/{invoiceId}/void", VoidInvoice).WithName("voidInvoice").WithSummary("Void an invoice that has nothing paid on it");
        admin.MapPost("/credits", GrantCredit).WithName("grantCredit").WithSummary("Grant account credit (Idempotency-Key required)");
        admin.MapPost("/payments", Pay).WithName("payBalance")
            .WithSummary("Pay a balance on the customer's behalf: credit, a saved or new method, or installments (R5–R9; Idempotency-Key required)")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        admin.MapPost("/payments/{paymentId}/refunds", Refund).WithName("refundPayment")
            .WithSummary("Refund part or all of a succeeded payment; its invoices reopen (Idempotency-Key required)")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        admin.MapPost("/payments/{paymentId}/reconcile", Reconcile).WithName("reconcilePayment").WithSummary("Allocate a receipt's unreconciled money to invoices, oldest first");
        admin.MapPatch("/upcoming-payments/{planId}/installments/{number:int}", EditInstallment).WithName("editInstallment")
            .WithSummary("Change an installment's date, amount or method until it is charged (R10)");
        admin.MapPost("/upcoming-payments/{planId}/cancel", CancelPlan).WithName("cancelPlan")
            .WithSummary("Call off the installments not charged yet; their share of the balance can then be paid another way");
        return org;
    }

    private static async Task<Ok<LedgerView>> GetBalance(string orgId, string accountId, IGrainFactory grains)
    {
        await RequireAccount(grains, orgId, accountId);
        return TypedResults.Ok(await Ledger(grains, orgId, accountId).Get());
    }

    private static async Task<Ok<Page<InvoiceView>>> ListInvoices(string orgId, string accountId, string? cursor, string? limit, IGrainFactory grains)
    {
        await RequireAccount(grains, orgId, accountId);
        var ids = (await Ledger(grains, orgId, accountId).Get()).Invoices.Select(i => i.InvoiceId).ToList();
        return TypedResults.Ok(await Paging.LoadAsync(ids, cursor, limit,
            async id => await Invoice(grains, orgId, id).Find() ?? throw DomainException.NotFound("Invoice")));
    }

    private static async Task<Ok<InvoiceView>> GetInvoice(string orgId, string accountId, string invoiceId, IGrainFactory grains)
    {
        var invoice = await Invoice(grains, orgId, invoiceId).Find();
        return invoice is not null && invoice.AccountId == accountId ? TypedResults.Ok(invoice) : throw DomainException.NotFound("Invoice");
    }

    private static async Task<Created<InvoiceView>> CreateInvoice(string orgId, string accountId, CreateInvoiceRequest request, IGrainFactory grains)
    {
        var invoiceId = request.InvoiceId is null ? NewId("inv") : Identifiers.Require(request.InvoiceId, "invoiceId");
        var invoice = await Invoice(grains, orgId, invoiceId).Create(new NewInvoice(accountId, request.Lines, request.DueDate, request.PersonId, request.Memo));
        return TypedResults.Created($"/api/orgs/{orgId}/accounts/{accountId}/invoices/{invoiceId}", invoice);
    }

    private static async Task<Ok<InvoiceView>> VoidInvoice(string orgId, string accountId, string invoiceId, IGrainFactory grains)
    {
        await GetInvoice(orgId, accountId, invoiceId, grains);
        return TypedResults.Ok(await Ledger(grains, orgId, accountId).VoidInvoice(invoiceId));
    }

    private static async Task<Ok<CreditsView>> GetCredits(string orgId, string accountId, IGrainFactory grains)
    {
        await RequireAccount(grains, orgId, accountId);
        return TypedResults.Ok(Credits(await Ledger(grains, orgId, accountId).Get()));
    }

    private static async Task<Created<CreditsView>> GrantCredit(
        string orgId, string accountId, GrantCreditRequest request, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey, IGrainFactory grains)
    {
        await RequireAccount(grains, orgId, accountId);
        var creditId = IdempotencyKeys.OperationId("cr", accountId, idempotencyKey);
        var ledger = await Ledger(grains, orgId, accountId).GrantCredit(creditId, request.Amount, request.Reason);
        return TypedResults.Created($"/api/orgs/{orgId}/accounts/{accountId}/credits", Credits(ledger));
    }

    private static async Task<Created<CheckoutResult>> Pay(
        string orgId, string accountId, PayRequest request, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey, IGrainFactory grains)
    {
        var checkoutId = IdempotencyKeys.OperationId("chk", accountId, idempotencyKey);
        var result = await grains.GetGrain<ICheckoutGrain>(OrgScopedKey.For(orgId, checkoutId)).PayBalance(new PayBalance(
            accountId, request.InvoiceIds ?? [], request.ApplyCredit ?? Money.Zero(request.Amount.Currency), request.Amount,
            request.Source, request.SaveMethod, request.Installments));
        return TypedResults.Created($"/api/orgs/{orgId}/accounts/{accountId}/payments/{checkoutId}", result);
    }

    private static async Task<Ok<Page<PaymentView>>> ListPayments(string orgId, string accountId, string? cursor, string? limit, IGrainFactory grains)
    {
        await RequireAccount(grains, orgId, accountId);
        var ledger = await Ledger(grains, orgId, accountId).Get();
        return TypedResults.Ok(await Paging.LoadAsync(ledger.PaymentIds, cursor, limit,
            async id => WithAllocations(await FindPayment(grains, orgId, accountId, id) ?? throw DomainException.NotFound("Payment"), ledger)));
    }

    private static async Task<Ok<PaymentView>> GetPayment(string orgId, string accountId, string paymentId, IGrainFactory grains)
    {
        var payment = await RequirePayment(grains, orgId, accountId, paymentId);
        return TypedResults.Ok(WithAllocations(payment, await Ledger(grains, orgId, accountId).Get()));
    }

    /// <summary>
    /// A payment names the invoices its money went to, as the ledger allocated it: also those the caller did not name
    /// ("every open invoice, oldest first") and those a later reconcile chose. Until allocated, the ones it was asked for.
    /// </summary>
    private static PaymentView WithAllocations(PaymentView payment, LedgerView ledger) =>
        ledger.Receipts.FirstOrDefault(r => r.PaymentId == payment.PaymentId) is { Allocations.Count: > 0 } receipt
            ? payment with { InvoiceIds = [.. receipt.Allocations.Select(a => a.InvoiceId).Distinct()] }
            : payment;

    private static async Task<Created<PaymentView>> Refund(
        string orgId, string accountId, string paymentId, RefundRequest request, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey, IGrainFactory grains)
    {
        await RequirePayment(grains, orgId, accountId, paymentId);
        var refunded = await Payment(grains, orgId, paymentId).Refund(IdempotencyKeys.OperationId("re", paymentId, idempotencyKey), request.Amount);
        return TypedResults.Created($"/api/orgs/{orgId}/accounts/{accountId}/payments/{paymentId}", refunded);
    }

    private static async Task<Ok<LedgerView>> Reconcile(string orgId, string accountId, string paymentId, ReconcileRequest request, IGrainFactory grains)
    {
        await RequirePayment(grains, orgId, accountId, paymentId);
        return TypedResults.Ok(await Ledger(grains, orgId, accountId).Reconcile(paymentId, request.InvoiceIds ?? []));
    }

    private static async Task<Ok<UpcomingPayments>> ListUpcoming(string orgId, string accountId, string? cursor, string? limit, IGrainFactory grains)
    {
        await RequireAccount(grains, orgId, accountId);
        var ledger = await Ledger(grains, orgId, accountId).Get();
        var plans = await Paging.LoadAsync(ledger.PlanIds, cursor, limit,
            async id => await Plan(grains, orgId, id).Find() ?? throw DomainException.NotFound("Plan"));
        var subscriptions = await Task.WhenAll((ledger.SubscriptionIds ?? []).Select(id =>
            grains.GetGrain<ISubscriptionGrain>(OrgScopedKey.For(orgId, id)).Find()));
        return TypedResults.Ok(new UpcomingPayments(plans, [.. subscriptions.Select(s => s ?? throw DomainException.NotFound("Subscription"))]));
    }

    /// <summary>
    /// The edited plan and the other installments whose amount the edit changed: the plan keeps its total, so a new
    /// amount moves the difference onto installments not yet charged, and the answer says where it went.
    /// </summary>
    private static async Task<Ok<InstallmentEdited>> EditInstallment(
        string orgId, string accountId, string planId, int number, InstallmentEdit edit, IGrainFactory grains)
    {
        var plan = await AccountPlan(grains, orgId, accountId, planId);
        var before = await plan.Find() ?? throw DomainException.NotFound("Plan");
        var after = await plan.Edit(number, edit);
        var moved = after.Installments
            .Where(i => i.Number != number)
            .Join(before.Installments, i => i.Number, i => i.Number, (now, was) => new InstallmentAdjustment(now.Number, was.Amount, now.Amount))
            .Where(change => change.From != change.To)
            .ToList();
        return TypedResults.Ok(new InstallmentEdited(after, moved));
    }

    private static async Task<Ok<PlanView>> CancelPlan(string orgId, string accountId, string planId, IGrainFactory grains) =>
        TypedResults.Ok(await (await AccountPlan(grains, orgId, accountId, planId)).Cancel());

    /// <summary>The plan, if it belongs to this account: another account's plan answers like a missing one.</summary>
    private static async Task<IInstallmentPlanGrain> AccountPlan(IGrainFactory grains, string orgId, string accountId, string planId)
    {
        var plan = Plan(grains, orgId, planId);
        var found = await plan.Find();
        return found is not null && found.AccountId == accountId ? plan : throw DomainException.NotFound("Plan");
    }

    /// <summary>A random id in the style every generated id has: a kind prefix, an underscore, lowercase letters.</summary>
    private static string NewId(string prefix) => GeneratedIds.Random(prefix + "_", 12);

    private static CreditsView Credits(LedgerView ledger) => new(ledger.CreditGranted, ledger.AppliedCredit, ledger.CreditAvailable);

    private static async Task RequireAccount(IGrainFactory grains, string orgId, string accountId)
    {
        if (await grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(orgId, accountId)).Find() is null)
        {
            throw DomainException.NotFound("Account");
        }
    }

    private static async Task<PaymentView> RequirePayment(IGrainFactory grains, string orgId, string accountId, string paymentId)
    {
        var payment = await FindPayment(grains, orgId, accountId, paymentId);
        return payment is not null && payment.AccountId == accountId ? payment : throw DomainException.NotFound("Payment");
    }

    /// <summary>
    /// The payment, or the one a mass charge's receipt on this account is made into: a mass charge writes no payment per
    /// charge, so its payment is made the first time one is asked for (to list, read, refund or reconcile it).
    /// </summary>
    private static async Task<PaymentView?> FindPayment(IGrainFactory grains, string orgId, string accountId, string paymentId) =>
        await Payment(grains, orgId, paymentId).Find()
        ?? (await Ledger(grains, orgId, accountId).FindBulkReceipt(paymentId) is { } receipt
            ? await Payment(grains, orgId, paymentId).AdoptReceipt(receipt)
            : null);

    private static IAccountLedgerGrain Ledger(IGrainFactory grains, string orgId, string accountId) =>
        grains.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(orgId, accountId));

    private static IInvoiceGrain Invoice(IGrainFactory grains, string orgId, string invoiceId) =>
        grains.GetGrain<IInvoiceGrain>(OrgScopedKey.For(orgId, invoiceId));

    private static IPaymentGrain Payment(IGrainFactory grains, string orgId, string paymentId) =>
        grains.GetGrain<IPaymentGrain>(OrgScopedKey.For(orgId, paymentId));

    private static IInstallmentPlanGrain Plan(IGrainFactory grains, string orgId, string planId) =>
        grains.GetGrain<IInstallmentPlanGrain>(OrgScopedKey.For(orgId, planId));
}
