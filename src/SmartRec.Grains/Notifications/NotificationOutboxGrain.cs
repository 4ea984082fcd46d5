using Microsoft.Extensions.Logging;
using SmartRec.Contracts.Notifications;
using SmartRec.Grains.Persistence;

namespace SmartRec.Grains.Notifications;

[GenerateSerializer, Alias("smartrec.OutboxState")]
public sealed class OutboxState
{
    [Id(0)] public List<Notification> Messages { get; set; } = [];
}

public sealed class NotificationOutboxGrain(
    [PersistentState("outbox", StorageNames.Notifications)] IPersistentState<OutboxState> state,
    IEnumerable<INotificationDelivery> deliveries,
    ILogger<NotificationOutboxGrain> logger)
    : Grain, INotificationOutboxGrain
{
    /// <summary>An outbox is a recent history, not an archive: it stays one small storage row.</summary>
    private const int MaxMessages = 200;

    public async Task Add(Notification notification)
    {
        if (state.State.Messages.Any(m => m.Id == notification.Id))
        {
            return;
        }

        await this.Commit(state, s =>
        {
            s.Messages.Insert(0, notification);
            if (s.Messages.Count > MaxMessages)
            {
                s.Messages.RemoveRange(MaxMessages, s.Messages.Count - MaxMessages);
            }
        });
        foreach (var delivery in deliveries)
        {
            try
            {
                await delivery.DeliverAsync(this.GetPrimaryKeyString(), notification, CancellationToken.None);
            }
            catch (Exception e)
            {
                // The message stays in the outbox; a failed channel must not fail the payment that caused it.
                logger.LogWarning(e, "Delivery of notification {Kind} failed", notification.Kind);
            }
        }
    }

    public Task<IReadOnlyList<Notification>> List() => Task.FromResult<IReadOnlyList<Notification>>([.. state.State.Messages]);
}
