using System.Diagnostics;

namespace SmartRec.Api.Tests;

/// <summary>deploy/cluster.sh answers an operator even when nothing runs (issue 12, defect 11).</summary>
public sealed class ClusterScriptTests : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("smartrec-cluster-").FullName;

    public void Dispose() => Directory.Delete(_state, recursive: true);

    [Fact]
    public async Task Status_says_so_when_nothing_runs()
    {
        var (exitCode, output) = await ClusterScript("status");

        Assert.Equal(0, exitCode);
        Assert.StartsWith("nothing running", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_names_a_silo_that_died_and_where_its_log_is()
    {
        using var exited = Process.Start(new ProcessStartInfo("true"))!;
        await exited.WaitForExitAsync();
        await File.WriteAllTextAsync(Path.Combine(_state, "silo-2.pid"), $"{exited.Id}\n");

        var (_, output) = await ClusterScript("status");

        Assert.Equal($"silo-2 not running (stale pid file; its log is {_state}/silo-2.log)", output.Trim());
    }

    [Fact]
    public async Task Usage_lists_the_commands_logs_and_ports()
    {
        var (exitCode, output) = await ClusterScript("help");

        Assert.Equal(2, exitCode);
        Assert.Contains("deploy/cluster.sh status", output, StringComparison.Ordinal);
        Assert.Contains("previous run's log is kept as .log.1", output, StringComparison.Ordinal);
        Assert.DoesNotContain("set -euo", output, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Output)> ClusterScript(string command)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot(), "deploy", "cluster.sh"), command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["SMARTREC_CLUSTER_STATE"] = _state },
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "SmartRec.sln")))
        {
            directory = directory.Parent ?? throw new InvalidOperationException("SmartRec.sln not found above the test's directory.");
        }

        return directory.FullName;
    }
}
