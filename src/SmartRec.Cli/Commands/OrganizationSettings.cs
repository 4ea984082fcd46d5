using System.ComponentModel;
using Spectre.Console.Cli;

namespace SmartRec.Cli.Commands;

/// <summary>What every command after login accepts.</summary>
public class OrganizationSettings : CommandSettings
{
    [CommandOption("--org <ORG>")]
    [Description("The organization to act on; by default the one the login token belongs to.")]
    public string? Org { get; set; }

    [CommandOption("--json")]
    [Description("Print JSON for scripts instead of tables and progress bars.")]
    public bool Json { get; set; }
}
