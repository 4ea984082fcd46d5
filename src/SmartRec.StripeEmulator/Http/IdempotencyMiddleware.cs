using System.Collections.Concurrent;

namespace SmartRec.StripeEmulator.Http;

/// <summary>
/// Stripe's <c>Idempotency-Key</c> on POSTs: the first answer is saved and replayed for the same key and parameters
/// (with <c>Idempotent-Replayed: true</c>); other parameters get 400 <c>idempotency_error</c>; a key whose first
/// request is still running gets 409 <c>idempotency_key_in_use</c>. As at Stripe, an answer is saved only once the
/// endpoint started executing: a validation failure (400), a 429 or a refused key saves nothing.
/// </summary>
/// <remarks>
/// This is also where a connection is dropped after the charge (an endpoint asks with <see cref="DropConnectionItem"/>):
/// the answer is saved first, so the client that lost it gets it back by sending the same request again.
/// </remarks>
internal sealed class IdempotencyMiddleware(RequestDelegate next, EmulatorOptions options, EmulatorStats stats, TimeProvider time)
{
    public const string DropConnectionItem = "emulator.drop_connection";

    /// <summary>Stripe keeps keys for at least 24 hours.</summary>
    private static readonly TimeSpan KeyLifetime = TimeSpan.FromHours(24);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await Handle(context);
            return;
        }

        var key = context.Request.Headers["Idempotency-Key"].ToString();
        Entry? mine = null;
        if (key.Length > 0)
        {
            context.Response.Headers["Idempotency-Key"] = key;
            var fingerprint = context.Request.Path + "?" + (await StripeForm.ReadAsync(context.Request)).Fingerprint();
            var now = time.GetUtcNow();
            mine = new Entry(fingerprint, now);
            var entry = _entries.AddOrUpdate(key, mine, (_, existing) => existing.Done && existing.SavedAt + KeyLifetime < now ? mine : existing);
            if (entry != mine)
            {
                await Replay(context, key, fingerprint, entry);
                return;
            }
        }

        var body = new MemoryStream();
        var original = context.Response.Body;
        context.Response.Body = body;
        try
        {
            await Handle(context);
        }
        catch (StripeError error)
        {
            await StripeErrorMiddleware.Write(context, error);
        }
        catch
        {
            // An emulator bug: free the key rather than leave it "in use" for a day.
            Forget(key, mine);
            throw;
        }
        finally
        {
            context.Response.Body = original;
        }

        if (mine is not null)
        {
            if (context.Response.StatusCode is StatusCodes.Status400BadRequest or StatusCodes.Status429TooManyRequests)
            {
                Forget(key, mine);
            }
            else
            {
                mine.Complete(context.Response.StatusCode, context.Response.ContentType, body.ToArray());
            }
        }

        if (context.Items.ContainsKey(DropConnectionItem))
        {
            stats.DroppedConnection();
            context.Abort();
            return;
        }

        body.Position = 0;
        await body.CopyToAsync(original, context.RequestAborted);
    }

    /// <summary>The endpoint, after the configured latency: Stripe's processing time, spent holding the key.</summary>
    private async Task Handle(HttpContext context)
    {
        if (options.Latency > TimeSpan.Zero)
        {
            await Task.Delay(options.Latency, time, context.RequestAborted);
        }

        await next(context);
    }

    private void Forget(string key, Entry? mine)
    {
        if (mine is not null)
        {
            _entries.TryRemove(new KeyValuePair<string, Entry>(key, mine));
        }
    }

    private async Task Replay(HttpContext context, string key, string fingerprint, Entry entry)
    {
        if (entry.Fingerprint != fingerprint)
        {
            throw StripeError.KeyConflict(key);
        }

        if (!entry.Done)
        {
            throw StripeError.KeyInUse();
        }

        stats.IdempotentReplay();
        context.Response.StatusCode = entry.Status;
        context.Response.ContentType = entry.ContentType;
        context.Response.Headers["Idempotent-Replayed"] = "true";
        await context.Response.Body.WriteAsync(entry.Body, context.RequestAborted);
    }

    private sealed class Entry(string fingerprint, DateTimeOffset savedAt)
    {
        private volatile bool _done;

        public string Fingerprint { get; } = fingerprint;

        public DateTimeOffset SavedAt { get; } = savedAt;

        public bool Done => _done;

        public int Status { get; private set; }

        public string? ContentType { get; private set; }

        public byte[] Body { get; private set; } = [];

        public void Complete(int status, string? contentType, byte[] body)
        {
            Status = status;
            ContentType = contentType;
            Body = body;
            _done = true;
        }
    }
}
