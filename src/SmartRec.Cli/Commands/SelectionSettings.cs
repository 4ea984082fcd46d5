using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using SmartRec.Cli.Api;

namespace SmartRec.Cli.Commands;

/// <summary>A selection as the Accounts and Persons tabs filter it (R4): a whole tab, narrowed by any of these.</summary>
public class SelectionSettings : OrganizationSettings
{
    [CommandOption("--tab <TAB>")]
    [Description("persons (one target per participant) or accounts (one per family). Default: persons.")]
    [DefaultValue("persons")]
    public string Tab { get; set; } = "persons";

    [CommandOption("--program <ID>")]
    public string? Program { get; set; }

    [CommandOption("--activity <ID>")]
    public string? Activity { get; set; }

    [CommandOption("--affiliation <ID>")]
    public string? Affiliation { get; set; }

    [CommandOption("--saved-card <YES_NO>")]
    public string? SavedCard { get; set; }

    [CommandOption("--saved-echeck <YES_NO>")]
    public string? SavedECheck { get; set; }

    [CommandOption("--name <TEXT>")]
    [Description("Only rows whose name holds this text.")]
    public string? Name { get; set; }

    public DirectoryTab DirectoryTab => Tab == "accounts" ? DirectoryTab.Accounts : DirectoryTab.Persons;

    public DirectorySelection ToSelection() => new()
    {
        Tab = DirectoryTab,
        Filter = new DirectoryFilter
        {
            SavedCard = SavedCard switch { "yes" => DirectoryFilterSavedCard.Yes, "no" => DirectoryFilterSavedCard.No, _ => null },
            SavedECheck = SavedECheck switch { "yes" => DirectoryFilterSavedECheck.Yes, "no" => DirectoryFilterSavedECheck.No, _ => null },
            ProgramId = Program, ActivityId = Activity, AffiliationId = Affiliation, Name = Name,
        },
    };

    public override ValidationResult Validate()
    {
        if (Tab is not ("persons" or "accounts"))
        {
            return ValidationResult.Error("--tab must be persons or accounts.");
        }

        return SavedCard is null or "yes" or "no" && SavedECheck is null or "yes" or "no"
            ? ValidationResult.Success()
            : ValidationResult.Error("--saved-card and --saved-echeck take yes or no.");
    }

    /// <summary>
    /// Reads an amount in major units ("20", "20.5", "20.50") into minor units. Every currency the engine serves
    /// today has two decimals; the engine refuses a currency that is not the organization's.
    /// </summary>
    public static bool TryParseAmount(string? text, out long minor)
    {
        minor = 0;
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var major) || major <= 0 || decimal.Round(major, 2) != major)
        {
            return false;
        }

        minor = (long)(major * 100);
        return true;
    }
}
