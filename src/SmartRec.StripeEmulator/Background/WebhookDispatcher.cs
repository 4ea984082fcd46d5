using System.Text;
using System.Threading.Channels;
using SmartRec.StripeEmulator.Http;

namespace SmartRec.StripeEmulator.Background;

/// <summary>
/// Delivers events to the configured endpoint the way Stripe does: signed, retried with a doubling delay on a non-2xx
/// answer or no answer, and — when configured — sometimes twice and out of order, which Stripe allows and every
/// receiver must survive.
/// </summary>
internal sealed class WebhookDispatcher(EmulatorOptions options, EmulatorStats stats, Dice dice, TimeProvider time, ILogger<WebhookDispatcher> logger)
    : BackgroundService
{
    /// <summary>How long one delivery may take before it counts as failed; Stripe waits a few seconds too.</summary>
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(10);

    private readonly Channel<(string Id, string Payload, int Copies)> _queue = Channel.CreateUnbounded<(string, string, int)>();
    private readonly HttpClient _http = new() { Timeout = DeliveryTimeout };

    /// <summary>Queues an event; whether it is duplicated is decided now, under the settings of the moment it happened.</summary>
    public void Enqueue(string eventId, string payload) =>
        _queue.Writer.TryWrite((eventId, payload, dice.Roll(options.WebhookDuplicateRate) ? 2 : 1));

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var deliveries = new List<Task>();
        try
        {
            await foreach (var (id, payload, copies) in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                if (string.IsNullOrEmpty(options.WebhookUrl))
                {
                    continue;
                }

                deliveries.RemoveAll(d => d.IsCompleted);
                for (var copy = 0; copy < copies; copy++)
                {
                    deliveries.Add(Deliver(options.WebhookUrl, id, payload, stoppingToken));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(deliveries);
    }

    private async Task Deliver(string url, string eventId, string payload, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(dice.UpTo(options.WebhookShuffleWindow), time, stoppingToken);
            var delay = options.WebhookRetryDelay;
            for (var attempt = 1; attempt <= options.WebhookMaxAttempts; attempt++)
            {
                if (await Attempt(url, payload, stoppingToken))
                {
                    return;
                }

                logger.LogInformation("Webhook {EventId} attempt {Attempt} failed; retrying in {Delay}", eventId, attempt, delay);
                await Task.Delay(delay, time, stoppingToken);
                delay *= 2;
            }

            logger.LogWarning("Webhook {EventId} given up after {Attempts} attempts", eventId, options.WebhookMaxAttempts);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> Attempt(string url, string payload, CancellationToken stoppingToken)
    {
        // Each attempt is signed afresh, so a retry is not refused as stale by the receiver's timestamp tolerance.
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Stripe-Signature",
            WebhookSigner.Header(payload, options.WebhookSecret, time.GetUtcNow().ToUnixTimeSeconds()));
        bool succeeded;
        try
        {
            using var response = await _http.SendAsync(request, stoppingToken);
            succeeded = response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
        {
            succeeded = false;
        }

        stats.WebhookDelivered(succeeded);
        return succeeded;
    }
}
