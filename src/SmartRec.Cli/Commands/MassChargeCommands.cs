using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using SmartRec.Cli.Infrastructure;

namespace SmartRec.Cli.Commands;

public class MassChargeSettings : SelectionSettings
{
    [CommandOption("--amount <AMOUNT>")]
    [Description("A fixed amount per target, e.g. 20.00.")]
    public string? Amount { get; set; }

    [CommandOption("--balance")]
    [Description("Charge each account its balance owing (Accounts tab) instead of a fixed amount.")]
    public bool Balance { get; set; }

    [CommandOption("--method <METHOD>")]
    [Description("card, bankAccount or any. Default: any.")]
    [DefaultValue("any")]
    public string Method { get; set; } = "any";

    [CommandOption("--notes <TEXT>")]
    [Description("Kept on each receipt (R12).")]
    public string? Notes { get; set; }

    public override ValidationResult Validate()
    {
        if (Balance == (Amount is not null) || (Amount is not null && !TryParseAmount(Amount, out _)))
        {
            return ValidationResult.Error("Give either --amount (a positive amount with at most 2 decimals) or --balance.");
        }

        return Method is "card" or "bankAccount" or "any" ? base.Validate() : ValidationResult.Error("--method must be card, bankAccount or any.");
    }

    /// <summary>The body of preview and launch, as issue 10 names it.</summary>
    public async Task<object> BodyAsync(Engine engine, CancellationToken cancellationToken)
    {
        var currency = (await engine.Client.GetOrganizationAsync(engine.OrganizationId, cancellationToken)).Currency;
        TryParseAmount(Amount, out var minor);
        return new
        {
            selection = ToSelection(),
            amount = Balance ? null : new { minor, currency },
            amountRule = Balance ? "balance" : "fixed",
            method = Method,
            notes = Notes,
        };
    }
}

public sealed class MassChargePreviewCommand : AsyncCommand<MassChargeSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, MassChargeSettings settings, CancellationToken cancellationToken)
    {
        using var engine = Engine.Open(settings.Org);
        var preview = await engine.Routes.PostAsync($"api/orgs/{engine.OrganizationId}/mass-charges/preview", await settings.BodyAsync(engine, cancellationToken),
            cancellationToken: cancellationToken);
        Output.Answer(preview, settings.Json);
        return ExitCodes.Ok;
    }
}

public sealed class MassChargeStartSettings : MassChargeSettings
{
    [CommandOption("--key <IDEMPOTENCY_KEY>")]
    [Description("Send the same key again to get the same batch instead of a second one. Default: a new key.")]
    public string? Key { get; set; }
}

public sealed class MassChargeStartCommand : AsyncCommand<MassChargeStartSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, MassChargeStartSettings settings, CancellationToken cancellationToken)
    {
        using var engine = Engine.Open(settings.Org);
        var key = settings.Key ?? Guid.NewGuid().ToString("N");
        var batch = await engine.Routes.PostAsync($"api/orgs/{engine.OrganizationId}/mass-charges", await settings.BodyAsync(engine, cancellationToken), key, cancellationToken);
        if (settings.Json)
        {
            Output.Json(batch);
        }
        else
        {
            var id = Output.Text(batch, "batchId");
            Output.Line($"Started mass charge {id} (key {key}).");
            Output.Line($"Follow it: smartrec mass-charge watch {id}");
        }

        return ExitCodes.Ok;
    }
}

/// <summary>Follows the batch's Server-Sent Events: the engine pushes each change, so nothing is polled.</summary>
public sealed class MassChargeWatchCommand : AsyncCommand<BatchSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, BatchSettings settings, CancellationToken cancellationToken)
    {
        using var engine = Engine.Open(settings.Org);
        var final = await BatchWatcher.FollowAsync(Snapshots(engine, settings.BatchId, cancellationToken), settings.Json, cancellationToken);
        return BatchWatcher.ExitCodeOf(final);
    }

    private static async IAsyncEnumerable<BatchSnapshot> Snapshots(Engine engine, string batchId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var progress in engine.Routes.EventsAsync($"api/orgs/{engine.OrganizationId}/mass-charges/{Uri.EscapeDataString(batchId)}/events", cancellationToken))
        {
            yield return MassCharges.Snapshot(batchId, progress);
        }
    }
}

public sealed class MassChargeCancelCommand : AsyncCommand<BatchSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, BatchSettings settings, CancellationToken cancellationToken)
    {
        using var engine = Engine.Open(settings.Org);
        Output.Answer(await engine.Routes.PostAsync(MassCharges.Path(engine, settings.BatchId, "cancel"), null, cancellationToken: cancellationToken), settings.Json);
        return ExitCodes.Ok;
    }
}

public sealed class MassChargeRetryCommand : AsyncCommand<BatchSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, BatchSettings settings, CancellationToken cancellationToken)
    {
        using var engine = Engine.Open(settings.Org);
        Output.Answer(await engine.Routes.PostAsync(MassCharges.Path(engine, settings.BatchId, "retry-failed"), null, cancellationToken: cancellationToken), settings.Json);
        return ExitCodes.Ok;
    }
}

/// <summary>The engine writes the CSV itself (Accept: text/csv); JSON is its first page of results.</summary>
public sealed class MassChargeResultsCommand : AsyncCommand<ResultsSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ResultsSettings settings, CancellationToken cancellationToken)
    {
        using var engine = Engine.Open(settings.Org);
        var path = MassCharges.Path(engine, settings.BatchId, "results");
        if (settings.Csv)
        {
            Console.Out.Write(await engine.Routes.GetTextAsync(path, "text/csv", cancellationToken));
        }
        else
        {
            Output.Answer(await engine.Routes.GetAsync(path, cancellationToken), json: true);
        }

        return ExitCodes.Ok;
    }
}

/// <summary>Reading the batch's progress as the engine answers it: the status, and the counts under "counts".</summary>
internal static class MassCharges
{
    public static string Path(Engine engine, string batchId, string action) =>
        $"api/orgs/{engine.OrganizationId}/mass-charges/{Uri.EscapeDataString(batchId)}/{action}";

    public static BatchSnapshot Snapshot(string batchId, JsonElement progress)
    {
        var status = Output.Text(progress, "status") ?? "running";
        var counts = progress.TryGetProperty("counts", out var nested) ? nested : default;
        var targets = Count(counts, "targets");
        return new BatchSnapshot(batchId, status, targets, targets - Count(counts, "pending"),
            Count(counts, "declined") + Count(counts, "unknown"), status is "completed" or "cancelled", progress);
    }

    private static int Count(JsonElement counts, string name) =>
        counts.ValueKind == JsonValueKind.Object && counts.TryGetProperty(name, out var value) && value.TryGetInt32(out var count) ? count : 0;
}
