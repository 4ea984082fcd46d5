using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using SmartRec.Cli.Api;
using SmartRec.Cli.Infrastructure;

namespace SmartRec.Cli.Commands;

/// <summary>Saves the engine's URL and a token, after checking that the engine accepts them.</summary>
public sealed class LoginCommand : AsyncCommand<LoginCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--url <URL>")]
        [Description("The engine's base URL, e.g. http://localhost:5080.")]
        public string Url { get; set; } = "";

        [CommandOption("--token <TOKEN>")]
        [Description("A bearer token naming an organization role.")]
        public string? Token { get; set; }

        [CommandOption("--dev-subject <SUBJECT>")]
        [Description("Demo only: mint a dev token for this subject (the engine must have dev tokens on).")]
        public string? DevSubject { get; set; }

        [CommandOption("--role <ROLE>")]
        [Description("With --dev-subject: admin, operator or viewer.")]
        public string? Role { get; set; }

        [CommandOption("--org <ORG>")]
        [Description("The organization commands act on by default.")]
        public string? Org { get; set; }

        [CommandOption("--json")]
        public bool Json { get; set; }

        public override ValidationResult Validate()
        {
            if (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                return ValidationResult.Error("--url must be an http or https URL.");
            }

            if ((Token is null) == (DevSubject is null))
            {
                return ValidationResult.Error("Give either --token or --dev-subject (with --role and --org).");
            }

            return DevSubject is not null && (Role is null || Org is null)
                ? ValidationResult.Error("--dev-subject needs --role and --org.")
                : ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var anonymous = Engine.Connect(settings.Url);
        var token = settings.Token ?? (await new SmartRecClient(anonymous).IssueDevTokenAsync(
            new TokenRequest { Subject = settings.DevSubject!, Role = settings.Role!, OrganizationId = settings.Org }, cancellationToken)).Token;

        var profile = new LoginProfile(settings.Url, token, settings.Org);
        profile.Save();
        string? organizationName = null;
        if (settings.Org is { } org)
        {
            // Proves the URL and the token before anything relies on them: a refusal here exits 3.
            using var engine = Engine.Open(org);
            organizationName = (await engine.Client.GetOrganizationAsync(org, cancellationToken)).Name;
        }

        if (settings.Json)
        {
            Output.Json(new { url = settings.Url, organizationId = settings.Org, organizationName, profile = LoginProfile.Path });
        }
        else
        {
            Output.Line($"Signed in to {settings.Url}{(organizationName is null ? "" : $" for {organizationName} ({settings.Org})")}; saved in {LoginProfile.Path}.");
        }

        return ExitCodes.Ok;
    }
}
