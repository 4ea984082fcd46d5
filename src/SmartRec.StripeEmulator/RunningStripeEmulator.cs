using SmartRec.StripeEmulator.Http;

namespace SmartRec.StripeEmulator;

/// <summary>An emulator started inside a test process: its address, its counters, and disposal to stop it.</summary>
public sealed class RunningStripeEmulator(WebApplication app, Uri baseAddress, EmulatorStats stats) : IAsyncDisposable
{
    /// <summary>The API base to give Stripe.net, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; } = baseAddress;

    public EmulatorStats Stats { get; } = stats;

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
