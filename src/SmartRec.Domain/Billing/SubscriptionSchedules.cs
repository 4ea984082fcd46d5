using SmartRec.Contracts;
using SmartRec.Contracts.Subscriptions;

namespace SmartRec.Domain.Billing;

/// <summary>When a subscription's periods fall, and what a subscription may ask for.</summary>
public static class SubscriptionSchedules
{
    /// <summary>
    /// The date of period <paramref name="number"/> (1-based), counted from the start date so months never drift:
    /// a subscription started on January 31 falls on February 28, then March 31.
    /// </summary>
    public static DateOnly DueDate(DateOnly start, SubscriptionFrequency frequency, int number) => frequency switch
    {
        SubscriptionFrequency.Weekly => start.AddDays(7 * (number - 1)),
        SubscriptionFrequency.Monthly => start.AddMonths(number - 1),
        SubscriptionFrequency.Yearly => start.AddYears(number - 1),
        _ => throw new ArgumentOutOfRangeException(nameof(frequency)),
    };

    /// <summary>The first period due on or after <paramref name="day"/>.</summary>
    public static int FirstPeriodFrom(DateOnly start, SubscriptionFrequency frequency, DateOnly day)
    {
        var number = 1;
        while (DueDate(start, frequency, number) < day)
        {
            number++;
        }

        return number;
    }

    public static void Validate(NewSubscription request, string currency, DateOnly today)
    {
        Amounts.RequirePositive(request.Amount, currency, "amount");
        if (!Enum.IsDefined(request.Frequency))
        {
            throw DomainException.Invalid("subscription.frequency", "The frequency is weekly, monthly or yearly.", "frequency");
        }

        InstallmentSchedules.RequireNotPast(request.StartDate, today, "startDate");
        if (request.EndDate is { } end && end < request.StartDate)
        {
            throw DomainException.Invalid("subscription.end_before_start", "The end date comes before the start date.", "endDate");
        }
    }
}
