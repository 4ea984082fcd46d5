using System.ComponentModel;
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

public sealed class ActionCenterRetryCommand : AsyncCommand<ActionItemSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ActionItemSettings settings, CancellationToken cancellationToken)
    {
        using var engine = Engine.Open(settings.Org);
        var answer = await engine.Routes.PostAsync(ActionItems.Path(engine, settings.ItemId, "retry"), null, Guid.NewGuid().ToString("N"), cancellationToken);
        Output.Answer(answer, settings.Json);
        return ExitCodes.Ok;
    }
}

public sealed class ActionCenterDismissCommand : AsyncCommand<ActionItemSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ActionItemSettings settings, CancellationToken cancellationToken)
    {
        using var engine = Engine.Open(settings.Org);
        var answer = await engine.Routes.PostAsync(ActionItems.Path(engine, settings.ItemId, "dismiss"), null, cancellationToken: cancellationToken);
        Output.Answer(answer, settings.Json);
        return ExitCodes.Ok;
    }
}

internal static class ActionItems
{
    public static string Path(Engine engine, string itemId, string action) =>
        $"api/orgs/{engine.OrganizationId}/action-center/{Uri.EscapeDataString(itemId)}/{action}";
}
