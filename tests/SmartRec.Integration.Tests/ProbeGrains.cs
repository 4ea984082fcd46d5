using SmartRec.Grains;

namespace SmartRec.Integration.Tests;

/// <summary>A grain that counts its reminder's ticks in persisted state: proof that reminders and state outlive silos.</summary>
[Alias("smartrec.tests.IReminderProbeGrain")]
public interface IReminderProbeGrain : IGrainWithStringKey
{
    [Alias("Start")]
    Task Start(TimeSpan period);

    [Alias("Ticks")]
    Task<int> Ticks();

    [Alias("HasReminder")]
    Task<bool> HasReminder();
}

[GenerateSerializer, Alias("smartrec.tests.ProbeState")]
public sealed class ProbeState
{
    [Id(0)] public int Ticks { get; set; }
    [Id(1)] public List<string> Entries { get; set; } = [];
}

public sealed class ReminderProbeGrain([PersistentState("probe", StorageNames.Accounts)] IPersistentState<ProbeState> state)
    : Grain, IReminderProbeGrain, IRemindable
{
    private const string ReminderName = "probe";

    public Task Start(TimeSpan period) => this.RegisterOrUpdateReminder(ReminderName, period, period);

    public Task<int> Ticks() => Task.FromResult(state.State.Ticks);

    public async Task<bool> HasReminder() => await this.GetReminder(ReminderName) is not null;

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        state.State.Ticks++;
        await state.WriteStateAsync();
    }
}

/// <summary>Stores a list as big as a mass operation's targets through one storage provider.</summary>
[Alias("smartrec.tests.ILargeStateProbe")]
public interface ILargeStateProbe : IGrainWithStringKey
{
    [Alias("Store")]
    Task Store(int entries);

    [Alias("Count")]
    Task<int> Count();

    [Alias("Deactivate")]
    Task Deactivate();
}

[Alias("smartrec.tests.IBatchStorageProbeGrain")]
public interface IBatchStorageProbeGrain : ILargeStateProbe;

[Alias("smartrec.tests.ITableStorageProbeGrain")]
public interface ITableStorageProbeGrain : ILargeStateProbe;

public abstract class LargeStateProbe(IPersistentState<ProbeState> state) : Grain, ILargeStateProbe
{
    public async Task Store(int entries)
    {
        state.State.Entries = [.. Enumerable.Range(0, entries).Select(i => $"riverside/acc-{i:000000}/per-{i % 7}")];
        await state.WriteStateAsync();
    }

    public async Task<int> Count()
    {
        await state.ReadStateAsync();
        return state.State.Entries.Count;
    }

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

public sealed class BatchStorageProbeGrain([PersistentState("probe", StorageNames.Batches)] IPersistentState<ProbeState> state)
    : LargeStateProbe(state), IBatchStorageProbeGrain;

public sealed class TableStorageProbeGrain([PersistentState("probe", StorageNames.Wallets)] IPersistentState<ProbeState> state)
    : LargeStateProbe(state), ITableStorageProbeGrain;
