using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using SmartRec.Cli.Infrastructure;

namespace SmartRec.Cli.Commands;

public sealed class ActionCenterListCommand : AsyncCommand<OrganizationSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, OrganizationSettings settings, CancellationToken cancellationToken)
    {
        using var engine = Engine.Open(settings.Org);
        var items = await engine.Client.ListActionCenterItemsAsync(engine.OrganizationId, cancellationToken);
        if (settings.Json)
        {
            Output.Json(items);
        }
        else
        {
            Output.Table(["id", "kind", "account", "decline", "will retry", "message"],
                items.Select(i => new[] { i.Id, i.Kind.ToString(), i.AccountId, i.DeclineCode, i.WillRetry ? "yes" : "no", i.Message }));
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
