using System.ComponentModel;
using System.Globalization;
using System.Runtime.CompilerServices;
using Spectre.Console;
using Spectre.Console.Cli;
using SmartRec.Cli.Api;
using SmartRec.Cli.Infrastructure;

namespace SmartRec.Cli.Commands;

public class MassInvoicePreviewSettings : SelectionSettings
{
    [CommandOption("--amount <AMOUNT>")]
    [Description("Each invoice's amount in the organization's currency, e.g. 20.00.")]
    public string? Amount { get; set; }

    public override ValidationResult Validate() =>
        Amount is not null && !TryParseAmount(Amount, out _) ? ValidationResult.Error("--amount must be a positive amount with at most 2 decimals.") : base.Validate();
}

/// <summary>Counts a selection through the directory, as the batch will resolve it; creates nothing.</summary>
public sealed class MassInvoicePreviewCommand : AsyncCommand<MassInvoicePreviewSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, MassInvoicePreviewSettings settings, CancellationToken cancellationToken)
    {
        using var engine = Engine.Open(settings.Org);
        var (org, s) = (engine.OrganizationId, settings);
        var targets = settings.DirectoryTab == DirectoryTab.Accounts
            ? (await engine.Client.ListAccountsAsync(org, s.SavedCard, s.SavedECheck, s.Program, s.Activity, s.Affiliation, s.Name, limit: "0", cancellationToken: cancellationToken)).Total
            : (await engine.Client.ListPersonsAsync(org, s.SavedCard, s.SavedECheck, s.Program, s.Activity, s.Affiliation, s.Name, limit: "0", cancellationToken: cancellationToken)).Total;
        var currency = (await engine.Client.GetOrganizationAsync(org, cancellationToken)).Currency;
        long? total = SelectionSettings.TryParseAmount(settings.Amount, out var each) ? each * targets : null;

        if (settings.Json)
        {
            Output.Json(new { tab = settings.Tab, targets, total = total is { } t ? new { minor = t, currency } : null });
        }
        else
        {
            Output.Line($"{targets} {settings.Tab} would be invoiced{(total is { } t ? $", {t / 100m:0.00} {currency} in all" : "")}.");
        }

        return ExitCodes.Ok;
    }
}

public sealed class MassInvoiceStartSettings : MassInvoicePreviewSettings
{
    [CommandOption("--description <TEXT>")]
    public string Description { get; set; } = "";

    [CommandOption("--due-date <YYYY-MM-DD>")]
    public string DueDate { get; set; } = "";

    [CommandOption("--memo <TEXT>")]
    public string? Memo { get; set; }

    [CommandOption("--key <IDEMPOTENCY_KEY>")]
    [Description("Send the same key again to get the same batch instead of a second one. Default: a new key.")]
    public string? Key { get; set; }

    public override ValidationResult Validate()
    {
        if (Amount is null || Description.Length == 0 || !DateOnly.TryParseExact(DueDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return ValidationResult.Error("start needs --amount, --description and --due-date YYYY-MM-DD.");
        }

        return base.Validate();
    }
}

public sealed class MassInvoiceStartCommand : AsyncCommand<MassInvoiceStartSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, MassInvoiceStartSettings settings, CancellationToken cancellationToken)
    {
        using var engine = Engine.Open(settings.Org);
        SelectionSettings.TryParseAmount(settings.Amount, out var minor);
        var currency = (await engine.Client.GetOrganizationAsync(engine.OrganizationId, cancellationToken)).Currency;
        var key = settings.Key ?? Guid.NewGuid().ToString("N");
        var progress = await engine.Client.StartMassInvoiceAsync(engine.OrganizationId, new MassInvoiceRequest
        {
            Selection = settings.ToSelection(),
            Description = settings.Description,
            Amount = new Money { Minor = minor, Currency = currency },
            DueDate = DateTimeOffset.ParseExact(settings.DueDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            Memo = settings.Memo,
        }, key, cancellationToken);

        if (settings.Json)
        {
            Output.Json(progress);
        }
        else
        {
            Output.Line($"Started mass invoice {progress.BatchId} ({progress.Targets} targets so far, key {key}).");
            Output.Line($"Follow it: smartrec mass-invoice watch {progress.BatchId}");
        }

        return ExitCodes.Ok;
    }
}

public sealed class WatchSettings : BatchSettings
{
    [CommandOption("--interval <MS>")]
    [Description("How often to ask for progress, in milliseconds. Default: 500.")]
    [DefaultValue(500)]
    public int IntervalMs { get; set; } = 500;

    public override ValidationResult Validate() =>
        IntervalMs is >= 50 and <= 60_000 ? ValidationResult.Success() : ValidationResult.Error("--interval must be 50 to 60000 ms.");
}

/// <summary>Mass invoices publish no event stream, so their progress is polled.</summary>
public sealed class MassInvoiceWatchCommand : AsyncCommand<WatchSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, WatchSettings settings, CancellationToken cancellationToken)
    {
        using var engine = Engine.Open(settings.Org);
        var final = await BatchWatcher.FollowAsync(Poll(engine, settings, cancellationToken), settings.Json, cancellationToken);
        return BatchWatcher.ExitCodeOf(final);
    }

    private static async IAsyncEnumerable<BatchSnapshot> Poll(Engine engine, WatchSettings settings, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            var progress = await engine.Client.GetMassInvoiceAsync(engine.OrganizationId, settings.BatchId, cancellationToken);
            var finished = progress.Status == MassInvoiceStatus.Completed;
            yield return new BatchSnapshot(progress.BatchId, progress.Status.ToString().ToLowerInvariant(), progress.Targets,
                progress.Created + progress.Failed + progress.Skipped, progress.Failed, finished, progress);
            if (finished)
            {
                yield break;
            }

            await Task.Delay(settings.IntervalMs, cancellationToken);
        }
    }
}

/// <summary>Every target's outcome, read page by page.</summary>
public sealed class MassInvoiceResultsCommand : AsyncCommand<ResultsSettings>
{
    private const string PageSize = "500";

    public override async Task<int> ExecuteAsync(CommandContext context, ResultsSettings settings, CancellationToken cancellationToken)
    {
        using var engine = Engine.Open(settings.Org);
        var results = new List<MassInvoiceResult>();
        string? cursor = null;
        do
        {
            var page = await engine.Client.ListMassInvoiceResultsAsync(engine.OrganizationId, settings.BatchId, cursor, PageSize, cancellationToken);
            results.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        string?[] Row(MassInvoiceResult r) => [r.AccountId, r.PersonId, r.InvoiceId, r.Outcome.ToString().ToLowerInvariant(), r.Code];
        if (settings.Json)
        {
            Output.Json(results);
        }
        else if (settings.Csv)
        {
            Output.Line("accountId,personId,invoiceId,outcome,code");
            foreach (var result in results)
            {
                Output.Line(string.Join(',', Row(result).Select(Output.Csv)));
            }
        }
        else
        {
            Output.Table(["account", "person", "invoice", "outcome", "code"], results.Select(Row));
        }

        return results.Any(r => r.Outcome == TargetOutcome.Failed) ? ExitCodes.Failed : ExitCodes.Ok;
    }
}
