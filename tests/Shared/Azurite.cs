using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace SmartRec.Tests.Shared;

/// <summary>
/// The real Azure Storage emulator, installed from the repository's package.json and started on free loopback ports
/// with in-memory persistence. Stopped with SIGTERM, after the silos that use it: SIGKILL loses its last writes and
/// stopping it first hangs the silos.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    /// <summary>Azurite's fixed development account: public, documented, and accepted by nothing but the emulator.</summary>
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;

    private Azurite(Process process, int blobPort, int tablePort)
    {
        _process = process;
        ConnectionString = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            $"AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";
    }

    public string ConnectionString { get; }

    /// <summary>CPU time the emulator has used so far: where a storage-bound benchmark spends its machine.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<Azurite> StartAsync()
    {
        var root = NodeTools.RepositoryRoot();
        var script = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            await Run("npm", "ci --no-audit --no-fund", root);
        }

        var (blobPort, queuePort, tablePort) = (EngineHost.FreePort(), EngineHost.FreePort(), EngineHost.FreePort());
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
                 {
                     // The same fixes of Azurite as deploy/cluster.sh's (see the file).
                     "-r", Path.Combine(root, "deploy", "azurite-fixes.cjs"),
                     script, "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
                     "--blobHost", "127.0.0.1", "--blobPort", $"{blobPort}",
                     "--queueHost", "127.0.0.1", "--queuePort", $"{queuePort}",
                     "--tableHost", "127.0.0.1", "--tablePort", $"{tablePort}",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new Azurite(process, blobPort, tablePort);
        await azurite.WaitUntilListening(blobPort, tablePort);
        return azurite;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = SendSignal(_process.Id, Sigterm);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private async Task WaitUntilListening(params int[] ports)
    {
        var deadline = Stopwatch.StartNew();
        foreach (var port in ports)
        {
            while (true)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode} before listening.");
                }

                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port);
                    break;
                }
                catch (SocketException) when (deadline.Elapsed < StartTimeout)
                {
                    await Task.Delay(100);
                }
            }
        }
    }

    private static async Task Run(string command, string arguments, string workingDirectory)
    {
        Process process;
        try
        {
            process = Process.Start(new ProcessStartInfo(command, arguments) { WorkingDirectory = workingDirectory })
                ?? throw new InvalidOperationException($"'{command}' did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                "These tests need Azurite, the Azure Storage emulator, which is installed with npm. Install Node.js 20 or later " +
                "(https://nodejs.org, or 'apt-get install nodejs npm'), then run 'npm ci' in the repository root.", e);
        }

        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{command} {arguments}' failed with exit code {process.ExitCode}; run it in {workingDirectory} to see why.");
        }
    }

    private const int Sigterm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
