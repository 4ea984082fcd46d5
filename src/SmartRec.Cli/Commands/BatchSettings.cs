using System.ComponentModel;
using Spectre.Console.Cli;

namespace SmartRec.Cli.Commands;

/// <summary>A command about one batch, named by the id `start` printed.</summary>
public class BatchSettings : OrganizationSettings
{
    [CommandArgument(0, "<BATCH_ID>")]
    [Description("The batch id printed by start.")]
    public string BatchId { get; set; } = "";
}

public sealed class ResultsSettings : BatchSettings
{
    [CommandOption("--csv")]
    [Description("Print CSV, one row per target, with a header line.")]
    public bool Csv { get; set; }
}
