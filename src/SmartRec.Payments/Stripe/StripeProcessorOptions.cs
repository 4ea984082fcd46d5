namespace SmartRec.Payments.Stripe;

/// <summary>The Stripe processor's settings, bound from <c>SmartRec:Processor:Stripe</c>.</summary>
public sealed class StripeProcessorOptions
{
    public const string Section = "SmartRec:Processor:Stripe";

    /// <summary>The secret key (<c>sk_test_...</c> or <c>sk_live_...</c>). Never logged.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>Stripe's API, or the emulator's address (e.g. <c>http://127.0.0.1:12111</c>).</summary>
    public string ApiBase { get; set; } = "https://api.stripe.com";

    /// <summary>The webhook endpoint's signing secret (<c>whsec_...</c>), for the webhook endpoint.</summary>
    public string WebhookSecret { get; set; } = "";

    /// <summary>
    /// How long one request may take before its outcome counts as unknown. Stripe answers in well under a second;
    /// a grain call waits 30 s by default, so this must stay below that.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How far back a charge is looked for by listing when Stripe's search is unavailable (it is not offered in every
    /// country). The janitor resolves unknown payments within minutes; a week is a wide margin.
    /// </summary>
    public TimeSpan ListLookback { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// PAD (acss_debit) mandate schedule: "sporadic" fits admins charging at checkout, on balances and installments.
    /// </summary>
    public string PadPaymentSchedule { get; set; } = "sporadic";

    /// <summary>PAD mandate transaction type: "personal" for families, "business" for companies.</summary>
    public string PadTransactionType { get; set; } = "personal";

    /// <summary>Refuses settings the processor cannot work with, so a host fails at start rather than at its first charge.</summary>
    public void EnsureValid()
    {
        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            throw new InvalidOperationException($"The Stripe processor needs a secret key: set {Section}:ApiKey.");
        }

        if (!Uri.TryCreate(ApiBase, UriKind.Absolute, out _))
        {
            throw new InvalidOperationException($"{Section}:ApiBase must be an absolute URL, e.g. https://api.stripe.com.");
        }
    }
}
