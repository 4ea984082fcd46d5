namespace SmartRec.Contracts.Notifications;

/// <summary>A user's outbox of messages, keyed by user id. Adding the same notification id twice keeps one.</summary>
[Alias("smartrec.INotificationOutboxGrain")]
public interface INotificationOutboxGrain : IGrainWithStringKey
{
    [Alias("Add")]
    Task Add(Notification notification);

    /// <summary>The most recent messages, newest first.</summary>
    [Alias("List")]
    Task<IReadOnlyList<Notification>> List();
}

public enum NotificationKind
{
    /// <summary>An organization's admin saved a method to the customer's wallet at checkout (R5).</summary>
    MethodSavedByOrganization = 0,
    Receipt = 1,
    PaymentFailed = 2,
    /// <summary>The card of a scheduled installment expires before the installment is due.</summary>
    CardExpiresBeforeInstallment = 3,
}

/// <param name="Id">Derived from what caused it (e.g. "receipt:{paymentId}"), so a repeated cause notifies once.</param>
[GenerateSerializer, Immutable, Alias("smartrec.Notification")]
public sealed record Notification(
    [property: Id(0)] string Id,
    [property: Id(1)] NotificationKind Kind,
    [property: Id(2)] string OrganizationId,
    [property: Id(3)] string Message,
    [property: Id(4)] DateTimeOffset CreatedAt);
