using System.Collections.Concurrent;
using SmartRec.Contracts.Directory;

namespace SmartRec.Grains.Tests;

/// <summary>
/// Loses every push to the directory shards of the organizations a test names, as a network fault or a crashed shard
/// would, so tests can show that owners keep working and that a resync heals the projection.
/// </summary>
public sealed class DroppedDirectoryPushes : IIncomingGrainCallFilter
{
    private static readonly ConcurrentDictionary<string, byte> Organizations = new(StringComparer.Ordinal);

    /// <summary>Drops pushes for <paramref name="organizationId"/> until the returned handle is disposed.</summary>
    public static IDisposable For(string organizationId)
    {
        Organizations[organizationId] = 0;
        return new Release(organizationId);
    }

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.Grain is IDirectoryShardGrain
            && context.InterfaceMethod.Name.StartsWith("Apply", StringComparison.Ordinal)
            && Organizations.ContainsKey(DirectoryShardKey.OrganizationOf(context.TargetId.Key.ToString()!)))
        {
            throw new TimeoutException("Directory push dropped by the test.");
        }

        return context.Invoke();
    }

    private sealed class Release(string organizationId) : IDisposable
    {
        public void Dispose() => Organizations.TryRemove(organizationId, out _);
    }
}
