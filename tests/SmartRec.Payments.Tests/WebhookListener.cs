using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SmartRec.Payments.Tests;

/// <summary>
/// A webhook receiver on a free loopback port that keeps every delivery as sent. It answers 500 to the first
/// delivery of each event, so every event that arrives has been retried.
/// </summary>
public sealed class WebhookListener : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Delivery> _deliveries = new();
    private readonly ConcurrentDictionary<string, byte> _refusedOnce = new(StringComparer.Ordinal);

    private WebhookListener(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyCollection<Delivery> Deliveries => _deliveries;

    public static async Task<WebhookListener> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var listener = new WebhookListener(builder.Build());
        listener._app.MapPost("/hook", listener.Receive);
        await listener._app.StartAsync();
        var address = listener._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        listener.Url = new Uri(new Uri(address), "/hook");
        return listener;
    }

    /// <summary>Waits for the accepted deliveries of events of this type about this object, at least <paramref name="count"/>.</summary>
    public async Task<List<Delivery>> Accepted(string type, string objectId, int count = 1)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var found = _deliveries.Where(d => d.Accepted && d.Type == type && d.ObjectId == objectId).ToList();
            if (found.Count >= count || DateTime.UtcNow > deadline)
            {
                return found;
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> Receive(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        using var json = JsonDocument.Parse(body);
        var id = json.RootElement.GetProperty("id").GetString()!;
        var type = json.RootElement.GetProperty("type").GetString()!;
        var objectId = json.RootElement.GetProperty("data").GetProperty("object").GetProperty("id").GetString()!;
        var accepted = !_refusedOnce.TryAdd(id, 0);
        _deliveries.Enqueue(new Delivery(id, type, objectId, body, request.Headers["Stripe-Signature"].ToString(), accepted));
        return accepted ? Results.Ok() : Results.StatusCode(StatusCodes.Status500InternalServerError);
    }

    public sealed record Delivery(string EventId, string Type, string ObjectId, string Body, string Signature, bool Accepted);
}
