using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using SmartRec.Cli.Infrastructure;

namespace SmartRec.Cli.Commands;

public sealed class ActionCenterListSettings : OrganizationSettings
{
    [CommandOption("--state <STATE>")]
    [Description("open, resolved or dismissed; default: every state.")]
    public string? State { get; set; }

    [CommandOption("--kind <KIND>")]
    [Description("paymentDeclined, echeckFailed, paymentDisputed, installmentDeclined, subscriptionPeriodDeclined, massChargeDeclined or planNeedsMethod.")]
    public string? Kind { get; set; }

    [CommandOption("--cursor <CURSOR>")]
    [Description("The next page: the cursor the previous page printed.")]
    public string? Cursor { get; set; }

    [CommandOption("--limit <N>")]
    [Description("Items per page, 1 to 500 (default 50).")]
    public int? Limit { get; set; }
}

public sealed class ActionCenterListCommand : AsyncCommand<ActionCenterListSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ActionCenterListSettings settings, CancellationToken cancellationToken)
    {
        using var engine = Engine.Open(settings.Org);
        var page = await engine.Client.ListActionCenterItemsAsync(engine.OrganizationId, settings.Kind, settings.State, settings.Cursor,
            settings.Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        if (settings.Json)
        {
            Output.Json(page);
        }
        else
        {
            Output.Table(["id", "state", "kind", "family", "amount", "decline", "attempts", "will retry"],
                page.Items.Select(i => new[]
                {
                    i.Item.Id, i.State.ToString(), i.Item.Kind.ToString(), i.HolderName ?? i.Item.AccountId,
                    i.Item.Amount is { } amount ? $"{amount.Minor / 100m:0.00} {amount.Currency}" : "", i.Item.DeclineCode ?? "",
                    i.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture), i.Item.WillRetry ? "yes" : "no",
                }));
            AnsiConsole.MarkupLineInterpolated(
                $"{page.Total} matching (open {page.Counts.Open}, resolved {page.Counts.Resolved}, dismissed {page.Counts.Dismissed}){(page.NextCursor is { } next ? $"; next page: --cursor {next}" : "")}");
        }

        return ExitCodes.Ok;
    }
}

public class ActionItemSettings : OrganizationSettings
{
    [CommandArgument(0, "<ITEM_ID>")]
    [Description("The item's id, as list prints it.")]
    public string ItemId { get; set; } = "";
}

public sealed class RetrySettings : ActionItemSettings
{
    [CommandOption("--method <METHOD_ID>")]
    [Description("Charge another method the customer authorized for this organization; default: the same method.")]
    public string? Method { get; set; }

    [CommandOption("--key <IDEMPOTENCY_KEY>")]
    [Description("Send the same key again to replay the first retry instead of charging twice. Default: a new key.")]
    public string? Key { get; set; }
}

public sealed class ActionCenterRetryCommand : AsyncCommand<RetrySettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, RetrySettings settings, CancellationToken cancellationToken)
    {
        using var engine = Engine.Open(settings.Org);
        var answer = await engine.Routes.PostAsync(ActionItems.Path(engine, settings.ItemId, "retry"), new { methodId = settings.Method },
            settings.Key ?? Guid.NewGuid().ToString("N"), cancellationToken);
        Output.Answer(answer, settings.Json);
        return ExitCodes.Ok;
    }
}

public sealed class DismissSettings : ActionItemSettings
{
    [CommandOption("--note <TEXT>")]
    [Description("Why the item needs nothing more; kept on the item.")]
    public string Note { get; set; } = "";

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Note) ? ValidationResult.Error("dismiss needs --note saying why.") : ValidationResult.Success();
}

public sealed class ActionCenterDismissCommand : AsyncCommand<DismissSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, DismissSettings settings, CancellationToken cancellationToken)
    {
        using var engine = Engine.Open(settings.Org);
        var answer = await engine.Routes.PostAsync(ActionItems.Path(engine, settings.ItemId, "dismiss"), new { note = settings.Note }, cancellationToken: cancellationToken);
        Output.Answer(answer, settings.Json);
        return ExitCodes.Ok;
    }
}

internal static class ActionItems
{
    public static string Path(Engine engine, string itemId, string action) =>
        $"api/orgs/{engine.OrganizationId}/action-center/{Uri.EscapeDataString(itemId)}/{action}";
}
