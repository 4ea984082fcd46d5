namespace SmartRec.Payments.Tests;

/// <summary>An emulator that sends its events to a <see cref="WebhookListener"/>.</summary>
public sealed class WebhookStripe : EmulatedStripe
{
    public WebhookListener Listener { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Listener = await WebhookListener.StartAsync();
        Options.WebhookUrl = Listener.Url.ToString();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Listener.DisposeAsync();
    }
}
