namespace SmartRec.Domain.Billing;

/// <summary>
/// Whether and when a declined installment is charged again, by the processor's decline code. A hard decline (the
/// card is stolen, lost, expired or closed) is never retried: retrying it cannot succeed and card networks penalize
/// merchants who insist. Soft declines are retried a bounded number of times, spaced out.
/// </summary>
public static class DeclinePolicy
{
    private static readonly HashSet<string> Hard = new(StringComparer.Ordinal)
    {
        "stolen_card", "lost_card", "pickup_card", "fraudulent", "expired_card", "incorrect_number", "invalid_account",
        "account_closed", "card_not_supported", "restricted_card", "revocation_of_authorization", "no_account",
    };

    /// <summary>The delay before the next attempt, or null when the decline must not be retried.</summary>
    /// <param name="attemptsSoFar">Charges already made for this installment, the declined one included.</param>
    public static TimeSpan? RetryDelay(string? declineCode, int attemptsSoFar)
    {
        if (declineCode is null || Hard.Contains(declineCode))
        {
            return null;
        }

        var (maxAttempts, delay) = declineCode switch
        {
            // Funds usually arrive with the next pay cycle.
            "insufficient_funds" => (4, TimeSpan.FromDays(3)),
            "processing_error" or "try_again_later" or "issuer_not_available" => (4, TimeSpan.FromHours(6)),
            _ => (3, TimeSpan.FromDays(1)),
        };
        return attemptsSoFar < maxAttempts ? delay : null;
    }

    public static bool IsHard(string? declineCode) => declineCode is not null && Hard.Contains(declineCode);
}
