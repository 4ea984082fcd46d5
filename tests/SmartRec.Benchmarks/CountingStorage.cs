using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace SmartRec.Benchmarks;

/// <summary>Counts every read, write and clear of grain state, by state name, around the storage the engine configured.</summary>
public sealed class StorageCounter
{
    private long _reads;
    private long _writes;

    public long Reads => Interlocked.Read(ref _reads);

    public long Writes => Interlocked.Read(ref _writes);

    public void Read() => Interlocked.Increment(ref _reads);

    public void Wrote() => Interlocked.Increment(ref _writes);

    /// <summary>Wraps every keyed grain storage already registered, whatever its kind (memory, Azure Table, Azure Blob).</summary>
    public void WrapAll(IServiceCollection services)
    {
        foreach (var descriptor in services.Where(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService).ToList())
        {
            services.Remove(descriptor);
            services.AddKeyedSingleton<IGrainStorage>(descriptor.ServiceKey, (sp, key) => new CountingStorage(Create(descriptor, sp, key), this));
        }
    }

    private static IGrainStorage Create(ServiceDescriptor descriptor, IServiceProvider services, object? key) =>
        descriptor.KeyedImplementationFactory is { } factory ? (IGrainStorage)factory(services, key)
        : descriptor.KeyedImplementationInstance is { } instance ? (IGrainStorage)instance
        : (IGrainStorage)ActivatorUtilities.CreateInstance(services, descriptor.KeyedImplementationType!);

    /// <summary>Forwards to the real storage, and to its silo lifecycle (Azure storage initializes its table there).</summary>
    private sealed class CountingStorage(IGrainStorage inner, StorageCounter counter) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            counter.Read();
            return inner.ReadStateAsync(stateName, grainId, grainState);
        }

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            counter.Wrote();
            return inner.WriteStateAsync(stateName, grainId, grainState);
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            counter.Wrote();
            return inner.ClearStateAsync(stateName, grainId, grainState);
        }

        public void Participate(ISiloLifecycle observer) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(observer);
    }
}
