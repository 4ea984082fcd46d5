using Spectre.Console.Cli;
using SmartRec.Cli.Api;
using SmartRec.Cli.Commands;
using SmartRec.Cli.Infrastructure;

namespace SmartRec.Cli;

/// <summary>The command tree, and the one place where what went wrong becomes an exit code a script can act on.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("smartrec");
            config.PropagateExceptions();
            config.AddCommand<LoginCommand>("login").WithDescription("Sign in to an engine: its URL and a bearer token (or a dev token in the demo).");
            config.AddCommand<ProgramsCommand>("programs").WithDescription("The organization's programs.");
            config.AddCommand<ActivitiesCommand>("activities").WithDescription("The organization's activities.");
            config.AddBranch("mass-invoice", branch =>
            {
                branch.SetDescription("Invoice a whole selection: one invoice per person, or per account to the holder (R11).");
                branch.AddCommand<MassInvoicePreviewCommand>("preview").WithDescription("How many targets a selection holds, and the total.");
                branch.AddCommand<MassInvoiceStartCommand>("start").WithDescription("Start a mass invoice; prints the batch id.");
                branch.AddCommand<MassInvoiceWatchCommand>("watch").WithDescription("Follow a batch to its end with a progress bar and an ETA.");
                branch.AddCommand<MassInvoiceResultsCommand>("results").WithDescription("What happened to each target (table, --csv or --json).");
            });
            config.AddBranch("mass-charge", branch =>
            {
                branch.SetDescription("Charge a whole selection: one payment per person, or per account (R12).");
                branch.AddCommand<MassChargePreviewCommand>("preview").WithDescription("Who would be charged, the total, who is skipped and why.");
                branch.AddCommand<MassChargeStartCommand>("start").WithDescription("Start a mass charge; prints the batch id.");
                branch.AddCommand<MassChargeWatchCommand>("watch").WithDescription("Follow a batch's event stream to its end with a progress bar and an ETA.");
                branch.AddCommand<MassChargeCancelCommand>("cancel").WithDescription("Start no new charge; those in flight finish.");
                branch.AddCommand<MassChargeRetryCommand>("retry-failed").WithDescription("A new attempt for the soft declines.");
                branch.AddCommand<MassChargeResultsCommand>("results").WithDescription("What happened to each target (--csv or --json).");
            });
            config.AddBranch("action-center", branch =>
            {
                branch.SetDescription("Payments and plans that need a person.");
                branch.AddCommand<ActionCenterListCommand>("list").WithDescription("The items waiting for someone.");
                branch.AddCommand<ActionCenterRetryCommand>("retry").WithDescription("Try an item's payment again.");
                branch.AddCommand<ActionCenterDismissCommand>("dismiss").WithDescription("Close an item without acting on it.");
            });
        });

        try
        {
            return await app.RunAsync(args);
        }
        catch (CommandAppException e)
        {
            Console.Error.WriteLine($"smartrec: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (ApiException e)
        {
            Console.Error.WriteLine($"smartrec: {Problem.Describe(e)}");
            return e.StatusCode == 401 || e.StatusCode >= 500 ? ExitCodes.Unreachable : ExitCodes.Failed;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or NotSignedInException)
        {
            Console.Error.WriteLine($"smartrec: {e.Message}");
            return ExitCodes.Unreachable;
        }
    }
}
