using System.Collections.Concurrent;
using Orleans.Storage;

namespace SmartRec.Grains.Tests;

/// <summary>
/// Grain storage that outlives silos, like Azure Table does: rows are serialized into one dictionary the whole
/// in-process cluster shares, with ETags checked on write. Orleans' memory storage keeps its rows in grains, so a
/// stopped silo would take state with it; this keeps a silo-restart test about the engine, not about the test store.
/// Rows are written with the serializer production uses for Azure Storage, so every reactivation in a test reads
/// back what production would.
/// </summary>
public sealed class SharedGrainStorage(
    ConcurrentDictionary<string, (byte[] Data, string ETag)> rows, IGrainStorageSerializer serializer, StorageFaults faults, SiloAddress? silo = null)
    : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (rows.TryGetValue(Key(stateName, grainId), out var row))
        {
            grainState.State = serializer.Deserialize<T>(new BinaryData(row.Data));
            grainState.ETag = row.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var crashAfterWrite = faults.ThrowIfArmed(stateName, grainId.ToString());
        var key = Key(stateName, grainId);
        lock (rows)
        {
            var stored = rows.TryGetValue(key, out var row) ? row.ETag : null;
            if (stored != grainState.ETag)
            {
                throw new InconsistentStateException($"ETag mismatch for {key}.", stored, grainState.ETag);
            }

            var etag = Guid.NewGuid().ToString("N");
            rows[key] = (serializer.Serialize(grainState.State).ToArray(), etag);
            grainState.ETag = etag;
            grainState.RecordExists = true;
        }

        if (crashAfterWrite && faults.Halt is { } halt && silo is not null)
        {
            // The row landed; this silo goes no further and the test kills it, as a process dying between two steps.
            halt.TrySetResult(silo);
            await Task.Delay(Timeout.Infinite);
        }

        if (crashAfterWrite)
        {
            throw new IOException($"Injected crash after writing '{stateName}': the row landed, the process did not go on.");
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        lock (rows)
        {
            rows.TryRemove(Key(stateName, grainId), out _);
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    private static string Key(string stateName, GrainId grainId) => $"{stateName}|{grainId}";
}

/// <summary>Makes the next writes of one kind of state fail, as a storage outage would, without touching the stored row.</summary>
public sealed class StorageFaults
{
    private readonly ConcurrentDictionary<string, int> _armed = new(StringComparer.Ordinal);
    private volatile WriteWatch? _watch;

    public void FailNextWrites(string stateName, int count) => _armed[stateName] = count;

    /// <summary>How many of the armed failures of <paramref name="stateName"/> no write has met yet.</summary>
    public int FailuresLeft(string stateName) => _armed.GetValueOrDefault(stateName);

    /// <summary>
    /// From now on, records the writes of grains whose key holds one of <paramref name="markers"/>. The one numbered
    /// <paramref name="failAt"/> (none when negative) fails: before it lands, or after it landed when
    /// <paramref name="afterLanding"/>, as a process dying between two steps would.
    /// </summary>
    public WriteWatch Watch(int failAt, bool afterLanding, params string[] markers) =>
        _watch = new WriteWatch(markers) { FailAt = failAt, AfterLanding = afterLanding };

    public void StopWatching() => _watch = null;

    /// <summary>
    /// When set, a write failing "after landing" halts its silo instead of throwing, and names the silo here, so a
    /// test can kill that silo between two steps.
    /// </summary>
    public TaskCompletionSource<SiloAddress>? Halt { get; set; }

    /// <summary>Throws for a write that must fail before it lands; true for one that must fail after.</summary>
    public bool ThrowIfArmed(string stateName, string grainKey)
    {
        while (_armed.TryGetValue(stateName, out var left) && left > 0)
        {
            if (_armed.TryUpdate(stateName, left - 1, left))
            {
                throw new IOException($"Injected storage fault writing '{stateName}'.");
            }
        }

        return _watch?.OnWrite(stateName, grainKey) ?? false;
    }
}

/// <summary>The writes of one scenario's grains, in order; the write numbered <see cref="FailAt"/> fails instead of landing.</summary>
public sealed class WriteWatch(string[] markers)
{
    private readonly List<string> _writes = [];

    public int FailAt { get; init; } = -1;

    public bool AfterLanding { get; init; }

    public IReadOnlyList<string> Writes
    {
        get
        {
            lock (_writes)
            {
                return [.. _writes];
            }
        }
    }

    internal bool OnWrite(string stateName, string grainKey)
    {
        if (!markers.Any(m => grainKey.Contains(m, StringComparison.Ordinal)))
        {
            return false;
        }

        lock (_writes)
        {
            _writes.Add(stateName);
            if (_writes.Count - 1 != FailAt)
            {
                return false;
            }
        }

        return AfterLanding ? true : throw new IOException($"Injected storage fault on write {FailAt} ('{stateName}').");
    }
}
