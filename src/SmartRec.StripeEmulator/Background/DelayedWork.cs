namespace SmartRec.StripeEmulator.Background;

/// <summary>What happens after the answer: bank debits settling or failing, disputes. Stopped with the emulator.</summary>
internal sealed class DelayedWork(TimeProvider time, IHostApplicationLifetime lifetime, ILogger<DelayedWork> logger)
{
    public void After(TimeSpan delay, Action work) => _ = Run(delay, work);

    private async Task Run(TimeSpan delay, Action work)
    {
        try
        {
            await Task.Delay(delay, time, lifetime.ApplicationStopping);
            work();
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "Delayed work failed");
        }
    }
}
