namespace SmartRec.StripeEmulator.Http;

/// <summary>
/// What the emulator saw, for tests and benchmarks that check a client's behaviour under limits and faults
/// (served at <c>GET /_emulator/stats</c>).
/// </summary>
public sealed class EmulatorStats
{
    private long _requests;
    private long _rateLimited;
    private long _serverErrors;
    private long _droppedConnections;
    private long _idempotentReplays;
    private long _webhookDeliveries;
    private long _webhookFailures;
    private long _peakPerSecond;
    private long _currentSecond;
    private long _inCurrentSecond;
    private readonly Lock _secondLock = new();

    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Requests over the per-second limit, each answered 429.</summary>
    public long RateLimited => Interlocked.Read(ref _rateLimited);

    public long ServerErrors => Interlocked.Read(ref _serverErrors);

    public long DroppedConnections => Interlocked.Read(ref _droppedConnections);

    public long IdempotentReplays => Interlocked.Read(ref _idempotentReplays);

    public long WebhookDeliveries => Interlocked.Read(ref _webhookDeliveries);

    /// <summary>Deliveries answered with a non-2xx status or not answered at all; each is retried.</summary>
    public long WebhookFailures => Interlocked.Read(ref _webhookFailures);

    /// <summary>The most API requests received within one wall-clock second, accepted or not.</summary>
    public long PeakRequestsPerSecond
    {
        get
        {
            lock (_secondLock)
            {
                return _peakPerSecond;
            }
        }
    }

    internal void Request(long unixSecond)
    {
        Interlocked.Increment(ref _requests);
        lock (_secondLock)
        {
            if (unixSecond != _currentSecond)
            {
                _currentSecond = unixSecond;
                _inCurrentSecond = 0;
            }

            _peakPerSecond = Math.Max(_peakPerSecond, ++_inCurrentSecond);
        }
    }

    internal void RateLimit() => Interlocked.Increment(ref _rateLimited);

    internal void ServerError() => Interlocked.Increment(ref _serverErrors);

    internal void DroppedConnection() => Interlocked.Increment(ref _droppedConnections);

    internal void IdempotentReplay() => Interlocked.Increment(ref _idempotentReplays);

    internal void WebhookDelivered(bool succeeded)
    {
        Interlocked.Increment(ref _webhookDeliveries);
        if (!succeeded)
        {
            Interlocked.Increment(ref _webhookFailures);
        }
    }
}
