namespace SmartRec.StripeEmulator;

/// <summary>
/// The emulator's knobs, bound from the <c>Emulator</c> configuration section (e.g. <c>--Emulator:RequestsPerSecond=100</c>).
/// Read on every request, so an in-process test may change them while the emulator runs.
/// </summary>
public sealed class EmulatorOptions
{
    public const string Section = "Emulator";

    /// <summary>The only secret key accepted in <c>Authorization: Bearer</c>.</summary>
    public string ApiKey { get; set; } = "sk_test_smartrec_emulator";

    /// <summary>
    /// Time every API request takes. It passes while the request holds its idempotency key, as Stripe's own
    /// processing does, so a concurrent request with the same key meets 409 <c>idempotency_key_in_use</c>.
    /// </summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    /// <summary>API requests accepted per second before answering 429; 0 means no limit.</summary>
    public int RequestsPerSecond { get; set; }

    /// <summary>Share of API requests (0..1) answered 500 before anything is done.</summary>
    public double ServerErrorRate { get; set; }

    /// <summary>Share of PaymentIntent creations (0..1) whose connection is dropped after the charge is made.</summary>
    public double DropAfterChargeRate { get; set; }

    /// <summary>
    /// Answer PaymentIntent search with 400, as Stripe does for accounts in countries where search is not offered, so
    /// clients' fallbacks can be tested.
    /// </summary>
    public bool SearchUnavailable { get; set; }

    /// <summary>How long a bank debit (us_bank_account, acss_debit) stays processing before it settles or fails.</summary>
    public TimeSpan BankSettlementDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long after success the dispute test card is disputed.</summary>
    public TimeSpan DisputeDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Where events are POSTed; none are sent when empty.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The endpoint secret events are signed with, as Stripe's <c>whsec_...</c>.</summary>
    public string WebhookSecret { get; set; } = "whsec_smartrec_emulator";

    /// <summary>Attempts per event before delivery is given up.</summary>
    public int WebhookMaxAttempts { get; set; } = 8;

    /// <summary>The wait before the first retry of a failed delivery; doubled for each next one.</summary>
    public TimeSpan WebhookRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Share of events (0..1) delivered twice, as Stripe may.</summary>
    public double WebhookDuplicateRate { get; set; }

    /// <summary>Each delivery waits a random time up to this, so events arrive out of order, as Stripe allows.</summary>
    public TimeSpan WebhookShuffleWindow { get; set; } = TimeSpan.Zero;

    /// <summary>The <c>api_version</c> of events when the request that caused them sent no <c>Stripe-Version</c>.</summary>
    public string ApiVersion { get; set; } = "2026-10-28.endive";

    /// <summary>Seed for the fault dice, so a chaos run can be replayed.</summary>
    public int RandomSeed { get; set; } = 7;
}
