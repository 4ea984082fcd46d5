using System.Diagnostics;
using System.Text.Json;

namespace SmartRec.Cli.Tests;

/// <summary>
/// What an operator sees in a real terminal: `watch` drawn in tmux, a pseudo-terminal like an SSH session's, with the
/// progress bar and percentage, then the summary line; a pipe gets plain lines instead (see MassInvoiceCliTests).
/// </summary>
[Collection(CliCollection.Name)]
public sealed class TerminalCliTests(CliFixture fixture)
{
    [Fact]
    public async Task Watch_in_a_terminal_draws_a_progress_bar_to_100_percent()
    {
        var shell = fixture.NewShell();
        Assert.Equal(0, (await shell.RunAsync("login", "--url", fixture.BaseAddress.ToString(), "--dev-subject", "op@tty", "--role", "operator",
            "--org", fixture.Organization)).ExitCode);
        var started = await shell.RunAsync("mass-invoice", "start", "--tab", "accounts", "--amount", "4", "--description", "Lockers",
            "--due-date", "2027-03-01", "--json");
        var batchId = JsonDocument.Parse(started.Output).RootElement.GetProperty("batchId").GetString()!;
        var session = "smartrec-" + Guid.NewGuid().ToString("N")[..8];
        var done = Path.Combine(Path.GetTempPath(), session + ".exit");

        await Tmux("new-session", "-d", "-s", session, "-x", "150", "-y", "10",
            $"SMARTREC_CONFIG='{shell.ProfilePath}' dotnet '{CliFixture.ToolPath}' mass-invoice watch {batchId} --interval 50; echo $? > '{done}'; sleep 60");
        try
        {
            var waited = Stopwatch.StartNew();
            while (!File.Exists(done) && waited.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(100);
            }

            var screen = await Tmux("capture-pane", "-p", "-t", session);
            Assert.Equal("0", (await File.ReadAllTextAsync(done)).Trim());
            Assert.Contains("━━━━━━━━━━", screen, StringComparison.Ordinal);
            Assert.Contains("100%", screen, StringComparison.Ordinal);
            Assert.Contains($"{batchId} completed {CliFixture.Families}/{CliFixture.Families} done, 0 failed", screen, StringComparison.Ordinal);
        }
        finally
        {
            await Tmux("kill-session", "-t", session);
            File.Delete(done);
        }
    }

    /// <summary>Runs tmux; without it the test fails saying how to install it, it never skips.</summary>
    private static async Task<string> Tmux(params string[] arguments)
    {
        var start = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("This test draws the CLI in a terminal with tmux: 'apt-get install -y tmux'.", e);
        }

        using (process)
        {
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return output;
        }
    }
}
