namespace SmartRec.StripeEmulator.Http;

/// <summary>
/// What the emulator saw, for tests and benchmarks that check a client's behaviour under limits and faults
/// (served at <c>GET /_emulator/stats</c>).
/// </summary>
public sealed class EmulatorStats
{
    /// <summary>Seconds of traffic kept for <see cref="Seconds"/>: an hour, so a long run's counts stay bounded.</summary>
    private const int SecondsKept = 3600;

    private long _requests;
    private long _served;
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
    private readonly SortedDictionary<long, SecondOfTraffic> _seconds = [];

    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Requests let through the rate limit (and authenticated): what the processor worked on.</summary>
    public long Served => Interlocked.Read(ref _served);

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

    /// <summary>
    /// Requests served and refused over the limit in each wall-clock second of the last hour, oldest first: a
    /// benchmark reads the sustained rate of its steady part from these, without the ramp-up and the tail.
    /// </summary>
    public IReadOnlyList<SecondOfTraffic> Seconds()
    {
        lock (_secondLock)
        {
            return [.. _seconds.Values];
        }
    }

    internal void Serve(long unixSecond)
    {
        Interlocked.Increment(ref _served);
        Count(unixSecond, served: 1, refused: 0);
    }

    internal void RateLimit(long unixSecond)
    {
        Interlocked.Increment(ref _rateLimited);
        Count(unixSecond, served: 0, refused: 1);
    }

    private void Count(long unixSecond, int served, int refused)
    {
        lock (_secondLock)
        {
            var second = _seconds.GetValueOrDefault(unixSecond) ?? new SecondOfTraffic(unixSecond, 0, 0);
            _seconds[unixSecond] = second with { Served = second.Served + served, Refused = second.Refused + refused };
            while (_seconds.Count > SecondsKept)
            {
                _seconds.Remove(_seconds.Keys.First());
            }
        }
    }

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

/// <summary>One wall-clock second at the emulator: requests served, and requests refused with 429 over the limit.</summary>
public sealed record SecondOfTraffic(long UnixSecond, long Served, long Refused);
