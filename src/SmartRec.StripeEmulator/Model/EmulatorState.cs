using System.Text.Json.Nodes;
using SmartRec.StripeEmulator.Background;
using SmartRec.StripeEmulator.Http;

namespace SmartRec.StripeEmulator.Model;

/// <summary>
/// Every object the emulator holds, in memory. One lock guards all of them: a request reads and changes several
/// objects (an intent, its charge, its events) and must never be seen half done; the emulator's throughput is far
/// above what one engine test or cluster asks of it.
/// </summary>
internal sealed class EmulatorState(TimeProvider time, WebhookDispatcher webhooks)
{
    public Lock Gate { get; } = new();

    public ObjectList<CustomerRecord> Customers { get; } = new();

    public ObjectList<PaymentMethodRecord> PaymentMethods { get; } = new();

    public ObjectList<MandateRecord> Mandates { get; } = new();

    public ObjectList<SetupIntentRecord> SetupIntents { get; } = new();

    public ObjectList<PaymentIntentRecord> PaymentIntents { get; } = new();

    public ObjectList<ChargeRecord> Charges { get; } = new();

    public ObjectList<RefundRecord> Refunds { get; } = new();

    public ObjectList<DisputeRecord> Disputes { get; } = new();

    public ObjectList<EventRecord> Events { get; } = new();

    public long Now => time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>Records an event and sends it to the webhook endpoint. Call inside <see cref="Gate"/>.</summary>
    public void Publish(string type, IStripeObject subject, EventOrigin origin)
    {
        var record = new EventRecord(Ids.New("evt"), Now, type, subject.ToJson(), origin.ApiVersion, origin.RequestId, origin.IdempotencyKey);
        Events.Add(record);
        webhooks.Enqueue(record.Id, record.ToJson().ToJsonString());
    }

    public CustomerRecord Customer(string id, string param = "customer") =>
        Customers.Find(id) ?? throw StripeError.Missing("customer", id, param);

    public PaymentMethodRecord PaymentMethod(string id, string param = "payment_method") =>
        PaymentMethods.Find(id) ?? throw StripeError.Missing("PaymentMethod", id, param);

    public PaymentIntentRecord PaymentIntent(string id, string param = "intent") =>
        PaymentIntents.Find(id) ?? throw StripeError.Missing("payment_intent", id, param);

    /// <summary>The object with its expandable fields replaced by the objects, for <c>expand[]=</c>.</summary>
    public JsonObject Expand(IStripeObject subject, IReadOnlyCollection<string> expand)
    {
        var json = subject.ToJson();
        foreach (var field in expand)
        {
            if (json[field] is JsonValue value && value.TryGetValue<string>(out var id) && Lookup(id) is { } expanded)
            {
                json[field] = expanded.ToJson();
            }
        }

        return json;
    }

    private IStripeObject? Lookup(string id) => id[..Math.Max(0, id.IndexOf('_'))] switch
    {
        "pm" => PaymentMethods.Find(id),
        "cus" => Customers.Find(id),
        "ch" or "py" => Charges.Find(id),
        "mandate" => Mandates.Find(id),
        "pi" => PaymentIntents.Find(id),
        _ => null,
    };
}

/// <summary>Who caused an event: the request's id, idempotency key and API version, as Stripe reports them.</summary>
internal sealed record EventOrigin(string ApiVersion, string? RequestId, string? IdempotencyKey)
{
    public static EventOrigin Of(HttpContext context, EmulatorOptions options)
    {
        var version = context.Request.Headers["Stripe-Version"].ToString();
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        return new EventOrigin(
            version.Length > 0 ? version : options.ApiVersion,
            context.Response.Headers["Request-Id"].ToString(),
            key.Length > 0 ? key : null);
    }

    /// <summary>Events of what happens later, e.g. a settlement: no request caused them.</summary>
    public static EventOrigin Later(string apiVersion) => new(apiVersion, null, null);
}
