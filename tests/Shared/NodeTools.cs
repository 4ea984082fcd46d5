using System.Diagnostics;

namespace SmartRec.Tests.Shared;

/// <summary>
/// The npm tools the repository pins in package.json (Azurite, the OpenAPI linters), installed with `npm ci` when
/// node_modules lacks them. Without Node.js the caller fails with a message saying how to install it; it never skips.
/// </summary>
public static class NodeTools
{
    private const string MissingNode =
        "These tests need Node.js 20 or later with npm (https://nodejs.org, or 'apt-get install nodejs npm'); " +
        "then run 'npm ci' in the repository root.";

    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    public sealed record Outcome(int ExitCode, string Output, string Errors);

    /// <summary>The path of <paramref name="relativePath"/> under node_modules, after installing the lock file if it is missing.</summary>
    public static async Task<string> RequireAsync(string relativePath)
    {
        var root = RepositoryRoot();
        var path = Path.Combine(root, "node_modules", relativePath);
        await InstallGate.WaitAsync();
        try
        {
            if (!File.Exists(path))
            {
                var install = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], root);
                if (install.ExitCode != 0)
                {
                    throw new InvalidOperationException($"'npm ci' failed with exit code {install.ExitCode} in {root}:\n{install.Output}");
                }
            }
        }
        finally
        {
            InstallGate.Release();
        }

        return File.Exists(path) ? path : throw new InvalidOperationException($"'npm ci' did not install {path}; is it in package.json?");
    }

    /// <summary>Runs a program to its end and returns its exit code, standard output and standard error.</summary>
    public static async Task<Outcome> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"'{program}' did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(MissingNode, e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return new Outcome(process.ExitCode, await output, await errors);
        }
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "package.json")) && File.Exists(Path.Combine(directory.FullName, "SmartRec.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with SmartRec.sln and package.json) is not above the test binaries.");
    }
}
