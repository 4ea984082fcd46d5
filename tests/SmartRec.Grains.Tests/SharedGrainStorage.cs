using System.Collections.Concurrent;
using Orleans.Serialization;
using Orleans.Storage;

namespace SmartRec.Grains.Tests;

/// <summary>
/// Grain storage that outlives silos, like Azure Table does: rows are serialized into one dictionary the whole
/// in-process cluster shares, with ETags checked on write. Orleans' memory storage keeps its rows in grains, so a
/// stopped silo would take state with it; this keeps a silo-restart test about the engine, not about the test store.
/// </summary>
public sealed class SharedGrainStorage(
    ConcurrentDictionary<string, (byte[] Data, string ETag)> rows, Serializer serializer, StorageFaults faults) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (rows.TryGetValue(Key(stateName, grainId), out var row))
        {
            grainState.State = serializer.Deserialize<T>(row.Data);
            grainState.ETag = row.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        faults.ThrowIfArmed(stateName);
        var key = Key(stateName, grainId);
        lock (rows)
        {
            var stored = rows.TryGetValue(key, out var row) ? row.ETag : null;
            if (stored != grainState.ETag)
            {
                throw new InconsistentStateException($"ETag mismatch for {key}.", stored, grainState.ETag);
            }

            var etag = Guid.NewGuid().ToString("N");
            rows[key] = (serializer.SerializeToArray(grainState.State), etag);
            grainState.ETag = etag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
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

    public void FailNextWrites(string stateName, int count) => _armed[stateName] = count;

    public void ThrowIfArmed(string stateName)
    {
        while (_armed.TryGetValue(stateName, out var left) && left > 0)
        {
            if (_armed.TryUpdate(stateName, left - 1, left))
            {
                throw new IOException($"Injected storage fault writing '{stateName}'.");
            }
        }
    }
}
