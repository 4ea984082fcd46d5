using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;
using SmartRec.Api.Hosting;
using SmartRec.Api.Security;
using SmartRec.Contracts;
using SmartRec.Contracts.Batches;
using SmartRec.Contracts.MassCharges;
using SmartRec.Domain.Directory;
using SmartRec.Domain.MassCharges;
using SmartRec.Domain.Validation;

namespace SmartRec.Api.Endpoints;

/// <summary>
/// Mass charges (R12): a preview, the launch of a whole selection in one operation, and following and steering it
/// (progress, live events, per-target results as JSON or CSV, cancel, retry of soft declines). These names are the
/// contract operators' tools and the admin UI are written against.
/// </summary>
public static class MassChargesApi
{
    /// <summary>Skipped targets a preview lists; the counts by reason cover them all.</summary>
    private const int PreviewSkippedShown = 50;

    /// <summary>How often the event stream looks at the batch; it sends only when something moved.</summary>
    private static readonly TimeSpan EventsPoll = TimeSpan.FromMilliseconds(500);

    /// <summary>Where a launched batch is followed.</summary>
    public sealed record Launched(string BatchId, string Url, MassChargeProgress Progress);

    public static RouteGroupBuilder MapMassChargesApi(this RouteGroupBuilder org)
    {
        var group = org.MapGroup("/mass-charges").WithTags("Mass charges");
        group.MapGet("", List).WithName("listMassCharges").WithSummary("The organization's mass charges, newest first, a page at a time");
        group.MapGet("/{batchId}", Get).WithName("getMassCharge").WithSummary("A batch's status and counts: targets, charged, processing, declined, skipped, unknown, pending, amount and rate");
        group.MapGet("/{batchId}/events", Events)
            .WithName("streamMassChargeEvents")
            .WithSummary("Server-Sent Events: a 'progress' event each time the batch moves, then one 'final' event when it is over");
        group.MapGet("/{batchId}/results", Results)
            .WithName("listMassChargeResults")
            .WithSummary("What happened to each target, a page at a time (outcome=charged|processing|declined|skipped|unknown|pending); Accept: text/csv answers every target as CSV")
            .Produces<MassChargeResults>()
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // The same 200 as CSV, one line per target, for Accept: text/csv.
                if (operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content is { } content)
                {
                    content["text/csv"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
                }

                return Task.CompletedTask;
            });

        var operators = group.MapGroup("")
            .RequireAuthorization(Policies.OrganizationOperator)
            .ProducesProblem(StatusCodes.Status409Conflict);
        operators.MapPost("/preview", Preview)
            .WithName("previewMassCharge")
            .WithSummary("Dry run: the targets, the total, and the targets that would be skipped, counted by reason. Charges nothing");
        operators.MapPost("", Launch)
            .WithName("startMassCharge")
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .LimitedAsBulk()
            .WithSummary("Charge a selection (a filter or explicit ids): one payment per person, or per account, each an unreconciled receipt with the notes (R12; Idempotency-Key required)")
            .WithDescription("The same Idempotency-Key is the same batch. The whole request is checked before it is accepted; the batch runs in the background.");
        operators.MapPost("/{batchId}/cancel", Cancel).WithName("cancelMassCharge").WithSummary("Start no new charge; charges already sent finish");
        operators.MapPost("/{batchId}/retry-failed", RetryFailed).WithName("retryFailedMassCharge").WithSummary("Charge soft-declined targets again under a new attempt; hard declines stay declined");
        return org;
    }

    private static async Task<Ok<MassChargePreview>> Preview(string orgId, MassChargeRequest request, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IMassChargePreviewGrain>(orgId).Preview(request, PreviewSkippedShown));

    private static async Task<Accepted<Launched>> Launch(
        string orgId, MassChargeRequest request, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey, IGrainFactory grains)
    {
        var batchId = MassCharging.BatchIdFor(idempotencyKey);
        var progress = await Batch(grains, orgId, batchId).Start(request);
        var url = $"/api/orgs/{orgId}/mass-charges/{batchId}";
        return TypedResults.Accepted(url, new Launched(batchId, url, progress));
    }

    private static async Task<Ok<Page<MassChargeProgress>>> List(string orgId, string? cursor, string? limit, IGrainFactory grains)
    {
        var page = await grains.GetGrain<IBatchListGrain>(BatchListKey.For(orgId, BatchKind.MassCharge)).List(cursor, Math.Max(1, DirectoryFilters.ParseLimit(limit)));
        var items = await Task.WhenAll(page.Items.Select(e => Batch(grains, orgId, e.BatchId).GetProgress()));
        return TypedResults.Ok(new Page<MassChargeProgress>([.. items.OfType<MassChargeProgress>()], page.Total, page.NextCursor));
    }

    private static async Task<Ok<MassChargeProgress>> Get(string orgId, string batchId, IGrainFactory grains) =>
        TypedResults.Ok(await Progress(grains, orgId, batchId));

    private static async Task<ServerSentEventsResult<MassChargeProgress>> Events(string orgId, string batchId, IGrainFactory grains, CancellationToken cancellationToken)
    {
        // Asked before the stream starts, so a missing batch answers 404 rather than an empty stream.
        var first = await Progress(grains, orgId, batchId);
        return TypedResults.ServerSentEvents(Stream(grains, orgId, batchId, first, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<MassChargeProgress>> Stream(
        IGrainFactory grains, string orgId, string batchId, MassChargeProgress first, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var last = first;
        yield return new SseItem<MassChargeProgress>(last, "progress");
        while (!IsOver(last))
        {
            await Task.Delay(EventsPoll, cancellationToken);
            var now = await Progress(grains, orgId, batchId);
            if (now.Status != last.Status || now.Counts != last.Counts)
            {
                last = now;
                yield return new SseItem<MassChargeProgress>(last, IsOver(last) ? "final" : "progress");
            }
        }

        if (IsOver(first))
        {
            yield return new SseItem<MassChargeProgress>(first, "final");
        }
    }

    private static async Task<Results<Ok<MassChargeResults>, PushStreamHttpResult>> Results(
        string orgId, string batchId, string? outcome, string? cursor, string? limit, HttpRequest http, IGrainFactory grains)
    {
        var batch = Batch(grains, orgId, batchId);
        var only = ParseOutcome(outcome);
        if (!http.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)))
        {
            return TypedResults.Ok(await batch.GetResults(only, cursor, Math.Max(1, DirectoryFilters.ParseLimit(limit))));
        }

        // Every target, a page at a time from the chunks, written as it is read: a 100,000-target batch never sits in memory whole.
        var firstPage = await batch.GetResults(only, null, MassChargeCsv.PageSize);
        return TypedResults.Stream(body => MassChargeCsv.Write(body, batch, only, firstPage), "text/csv; charset=utf-8", $"{batchId}.csv");
    }

    private static async Task<Ok<MassChargeProgress>> Cancel(string orgId, string batchId, IGrainFactory grains)
    {
        await Progress(grains, orgId, batchId);
        return TypedResults.Ok(await Batch(grains, orgId, batchId).Cancel());
    }

    private static async Task<Ok<MassChargeProgress>> RetryFailed(string orgId, string batchId, IGrainFactory grains)
    {
        await Progress(grains, orgId, batchId);
        return TypedResults.Ok(await Batch(grains, orgId, batchId).RetryFailed());
    }

    private static ChargeTargetOutcome? ParseOutcome(string? outcome) =>
        string.IsNullOrEmpty(outcome) ? null
        : Enum.TryParse<ChargeTargetOutcome>(outcome, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(outcome, out _) ? parsed
        : throw DomainException.Invalid("mass_charge.outcome", "'outcome' must be charged, processing, declined, skipped, unknown or pending.", "outcome");

    private static bool IsOver(MassChargeProgress progress) => progress.Status is MassChargeStatus.Completed or MassChargeStatus.Cancelled;

    private static async Task<MassChargeProgress> Progress(IGrainFactory grains, string orgId, string batchId) =>
        await Batch(grains, orgId, batchId).GetProgress() ?? throw DomainException.NotFound("Mass charge");

    private static IMassChargeGrain Batch(IGrainFactory grains, string orgId, string batchId) =>
        grains.GetGrain<IMassChargeGrain>(OrgScopedKey.For(orgId, batchId));
}
