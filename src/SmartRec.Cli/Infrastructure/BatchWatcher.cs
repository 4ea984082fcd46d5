using Spectre.Console;

namespace SmartRec.Cli.Infrastructure;

/// <summary>Where a batch stands: <see cref="Done"/> of <see cref="Targets"/> have an outcome, <see cref="Failed"/> of them a failed one.</summary>
public sealed record BatchSnapshot(string BatchId, string Status, int Targets, int Done, int Failed, bool Finished, object Body)
{
    public string Summary => $"{BatchId} {Status} {Done}/{Targets} done, {Failed} failed";
}

/// <summary>
/// Follows a batch to its end. On a terminal: a live progress bar with the time remaining, estimated from the rate so
/// far. Otherwise (a pipe, a log file, CI): one plain line per change, or one JSON line per change with --json.
/// </summary>
public static class BatchWatcher
{
    public static async Task<BatchSnapshot> FollowAsync(IAsyncEnumerable<BatchSnapshot> snapshots, bool json, CancellationToken cancellationToken)
    {
        if (!json && Output.IsInteractive)
        {
            return await FollowWithProgressBar(snapshots, cancellationToken);
        }

        BatchSnapshot? last = null;
        await foreach (var snapshot in snapshots.WithCancellation(cancellationToken))
        {
            if (last is null || snapshot.Summary != last.Summary)
            {
                if (json)
                {
                    Output.JsonLine(snapshot.Body);
                }
                else
                {
                    Output.Line(snapshot.Summary);
                }
            }

            last = snapshot;
        }

        return last ?? throw new InvalidOperationException("The batch reported no progress.");
    }

    /// <summary>The batch's exit code: failed targets are a failure a script must notice.</summary>
    public static int ExitCodeOf(BatchSnapshot final) => final.Failed > 0 ? ExitCodes.Failed : ExitCodes.Ok;

    private static async Task<BatchSnapshot> FollowWithProgressBar(IAsyncEnumerable<BatchSnapshot> snapshots, CancellationToken cancellationToken)
    {
        BatchSnapshot? last = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("starting", maxValue: 1);
                await foreach (var snapshot in snapshots.WithCancellation(cancellationToken))
                {
                    task.MaxValue = Math.Max(1, snapshot.Targets);
                    task.Value = snapshot.Done;
                    task.Description = Markup.Escape(snapshot.Summary);
                    last = snapshot;
                }

                task.StopTask();
            });
        var final = last ?? throw new InvalidOperationException("The batch reported no progress.");
        Output.Line(final.Summary);
        return final;
    }
}
