using System.Text.Json;

namespace SmartRec.Cli.Infrastructure;

/// <summary>
/// What `smartrec login` saves and every other command reads: the engine's URL, the bearer token, and the organization
/// commands act on unless --org says otherwise. Kept in $SMARTREC_CONFIG, else ~/.config/smartrec/profile.json,
/// readable by its owner only because the token is a credential.
/// </summary>
public sealed record LoginProfile(string Url, string Token, string? OrganizationId)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string Path => Environment.GetEnvironmentVariable("SMARTREC_CONFIG") is { Length: > 0 } path
        ? path
        : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config", "smartrec", "profile.json");

    public static LoginProfile Load()
    {
        if (!File.Exists(Path))
        {
            throw new NotSignedInException($"not signed in: run 'smartrec login --url URL --token TOKEN' first (no {Path}).");
        }

        return JsonSerializer.Deserialize<LoginProfile>(File.ReadAllText(Path), Json)
            ?? throw new NotSignedInException($"{Path} is empty: run 'smartrec login' again.");
    }

    public void Save()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var file = new FileStream(Path, options);
        JsonSerializer.Serialize(file, this, Json);
    }
}
