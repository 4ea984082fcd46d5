using Spectre.Console.Cli;
using SmartRec.Cli.Infrastructure;

namespace SmartRec.Cli.Commands;

public sealed class ProgramsCommand : AsyncCommand<OrganizationSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, OrganizationSettings settings, CancellationToken cancellationToken)
    {
        using var engine = Engine.Open(settings.Org);
        var programs = await engine.Client.ListProgramsAsync(engine.OrganizationId, cancellationToken);
        if (settings.Json)
        {
            Output.Json(programs);
        }
        else
        {
            Output.Table(["id", "name"], programs.Select(p => new[] { p.Id, p.Name }));
        }

        return ExitCodes.Ok;
    }
}

public sealed class ActivitiesCommand : AsyncCommand<OrganizationSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, OrganizationSettings settings, CancellationToken cancellationToken)
    {
        using var engine = Engine.Open(settings.Org);
        var activities = await engine.Client.ListActivitiesAsync(engine.OrganizationId, cancellationToken);
        if (settings.Json)
        {
            Output.Json(activities);
        }
        else
        {
            Output.Table(["id", "name", "program"], activities.Select(a => new[] { a.Id, a.Name, a.ProgramId }));
        }

        return ExitCodes.Ok;
    }
}
