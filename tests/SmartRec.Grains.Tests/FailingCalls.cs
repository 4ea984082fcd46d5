using System.Collections.Concurrent;

namespace SmartRec.Grains.Tests;

/// <summary>
/// Fails the next calls of one method on one grain, as a lost message or a silo dying mid-call would, so billing tests
/// can show that a step failing between two grains is finished by a retry or a reminder, and never done twice.
/// </summary>
public sealed class FailingCalls : IIncomingGrainCallFilter
{
    private static readonly ConcurrentDictionary<(string GrainKey, string Method), int> Pending = new();

    /// <summary>Fails the next <paramref name="times"/> calls of <paramref name="method"/> on the grain keyed <paramref name="grainKey"/>.</summary>
    public static void Fail(string grainKey, string method, int times = 1) => Pending[(grainKey, method)] = times;

    public Task Invoke(IIncomingGrainCallContext context)
    {
        var target = (context.TargetId.Key.ToString()!, context.InterfaceMethod.Name);
        while (Pending.TryGetValue(target, out var left) && left > 0)
        {
            if (Pending.TryUpdate(target, left - 1, left))
            {
                throw new TimeoutException($"{target.Item2} failed by the test.");
            }
        }

        return context.Invoke();
    }
}
