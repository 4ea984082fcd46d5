using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SmartRec.Api.Hosting;
using SmartRec.Api.Security;
using SmartRec.Contracts;
using SmartRec.Contracts.Batches;
using SmartRec.Contracts.MassInvoices;
using SmartRec.Domain.Directory;
using SmartRec.Domain.MassInvoices;
using SmartRec.Domain.Validation;

namespace SmartRec.Api.Endpoints;

/// <summary>Mass invoicing (R11) of a whole selection in one operation, with progress and per-target results.</summary>
public static class MassInvoicesApi
{
    public static RouteGroupBuilder MapMassInvoicesApi(this RouteGroupBuilder org)
    {
        var group = org.MapGroup("/mass-invoices").WithTags("Mass invoices");
        group.MapPost("", Start).WithName("startMassInvoice")
            .RequireAuthorization(Policies.OrganizationOperator)
            .WithSummary("Invoice a selection (a filter or explicit ids): one invoice per person, or per account to the holder (R11; Idempotency-Key required)")
            .WithDescription("The same Idempotency-Key replays the same batch; each invoice is created once.")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .LimitedAsBulk();
        group.MapPost("/preview", Preview).WithName("previewMassInvoice")
            .RequireAuthorization(Policies.OrganizationOperator)
            .WithSummary("Dry run: the targets, the total, and the targets that would be skipped, counted by reason. Invoices nothing");
        group.MapGet("", List).WithName("listMassInvoices").WithSummary("The organization's mass invoices, newest first, a page at a time");
        group.MapGet("/{batchId}", Get).WithName("getMassInvoice").WithSummary("A batch's progress");
        group.MapGet("/{batchId}/results", GetResults).WithName("listMassInvoiceResults").WithSummary("What happened to each target, a page at a time");
        return org;
    }

    /// <summary>Skipped targets listed in a preview's answer; the rest are counted.</summary>
    private const int PreviewSkippedShown = 50;

    private static async Task<Ok<MassInvoicePreview>> Preview(string orgId, MassInvoiceRequest request, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IMassInvoicePreviewGrain>(orgId).Preview(request, PreviewSkippedShown));

    private static async Task<Accepted<MassInvoiceProgress>> Start(
        string orgId, MassInvoiceRequest request, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey, IGrainFactory grains)
    {
        var batchId = MassInvoicing.BatchIdFor(idempotencyKey);
        var progress = await Batch(grains, orgId, batchId).Start(request);
        return TypedResults.Accepted($"/api/orgs/{orgId}/mass-invoices/{batchId}", progress);
    }

    private static async Task<Ok<Page<MassInvoiceProgress>>> List(string orgId, string? cursor, string? limit, IGrainFactory grains)
    {
        var page = await grains.GetGrain<IBatchListGrain>(BatchListKey.For(orgId, BatchKind.MassInvoice)).List(cursor, Math.Max(1, DirectoryFilters.ParseLimit(limit)));
        var items = await Task.WhenAll(page.Items.Select(e => Batch(grains, orgId, e.BatchId).GetProgress()));
        return TypedResults.Ok(new Page<MassInvoiceProgress>([.. items.OfType<MassInvoiceProgress>()], page.Total, page.NextCursor));
    }

    private static async Task<Ok<MassInvoiceProgress>> Get(string orgId, string batchId, IGrainFactory grains) =>
        TypedResults.Ok(await Batch(grains, orgId, batchId).GetProgress() ?? throw DomainException.NotFound("Mass invoice"));

    private static async Task<Ok<MassInvoiceResults>> GetResults(string orgId, string batchId, string? cursor, string? limit, IGrainFactory grains) =>
        TypedResults.Ok(await Batch(grains, orgId, batchId).GetResults(cursor, Math.Max(1, DirectoryFilters.ParseLimit(limit))));

    private static IMassInvoiceGrain Batch(IGrainFactory grains, string orgId, string batchId) =>
        grains.GetGrain<IMassInvoiceGrain>(OrgScopedKey.For(orgId, batchId));
}
