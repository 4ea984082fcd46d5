using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Timers;

namespace SmartRec.Grains.Tests;

/// <summary>
/// Fails the next reminder registrations of one grain, as a registration does when the reminder table's partition
/// sat on a silo that was just killed. Wraps the silo's own registry, so every other registration is real.
/// </summary>
public sealed class FailingReminders(IReminderRegistry inner) : IReminderRegistry
{
    private static readonly ConcurrentDictionary<string, int> Pending = new(StringComparer.Ordinal);

    /// <summary>Fails the next <paramref name="times"/> registrations of the grain keyed <paramref name="grainKey"/>.</summary>
    public static void Fail(string grainKey, int times = 1) => Pending[grainKey] = times;

    /// <summary>Puts this wrapper around the registry the silo registered.</summary>
    public static void Install(IServiceCollection services)
    {
        var original = services.Last(d => d.ServiceType == typeof(IReminderRegistry));
        services.Remove(original);
        services.Add(ServiceDescriptor.Describe(typeof(IReminderRegistry), sp => new FailingReminders(Create(sp, original)), original.Lifetime));
    }

    public Task<IGrainReminder> RegisterOrUpdateReminder(GrainId callingGrainId, string reminderName, TimeSpan dueTime, TimeSpan period)
    {
        var key = callingGrainId.Key.ToString()!;
        while (Pending.TryGetValue(key, out var left) && left > 0)
        {
            if (Pending.TryUpdate(key, left - 1, left))
            {
                throw new TimeoutException($"Registering reminder '{reminderName}' failed by the test.");
            }
        }

        return inner.RegisterOrUpdateReminder(callingGrainId, reminderName, dueTime, period);
    }

    public Task UnregisterReminder(GrainId callingGrainId, IGrainReminder reminder) => inner.UnregisterReminder(callingGrainId, reminder);

    public Task<IGrainReminder?> GetReminder(GrainId callingGrainId, string reminderName) => inner.GetReminder(callingGrainId, reminderName);

    public Task<List<IGrainReminder>> GetReminders(GrainId callingGrainId) => inner.GetReminders(callingGrainId);

    private static IReminderRegistry Create(IServiceProvider services, ServiceDescriptor descriptor) =>
        (IReminderRegistry)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
