using System.Collections.Concurrent;
using Orleans.Serialization;
using Orleans.Storage;

namespace SmartRec.Grains.Tests;

/// <summary>
/// Grain storage that outlives silos, like Azure Table does: rows are serialized into one dictionary the whole
/// in-process cluster shares, with ETags checked on write. Orleans' memory storage keeps its rows in grains, so a
/// stopped silo would take state with it; this keeps a silo-restart test about the engine, not about the test store.
/// </summary>
public sealed class SharedGrainStorage(ConcurrentDictionary<string, (byte[] Data, string ETag)> rows, Serializer serializer) : IGrainStorage
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
