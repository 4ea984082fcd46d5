using SmartRec.Contracts.Notifications;

namespace SmartRec.Grains.Notifications;

/// <summary>
/// Sends a notification somewhere (e-mail, push). Register any number in DI; with none registered the messages are
/// only kept in the user's outbox, which is the default.
/// </summary>
public interface INotificationDelivery
{
    Task DeliverAsync(string userId, Notification notification, CancellationToken cancellationToken);
}
