using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace SmartRec.Grains.Persistence;

/// <summary>
/// Decision 11, the one way a grain changes its stored state: the change is made on a copy, and the copy is adopted
/// only once storage has taken it. When the write fails, memory is reloaded from storage before the error leaves the
/// grain (the write may have landed even though it threw); when storage cannot even be read, the activation is dropped.
/// Either way the next call decides again from what is stored, never from a change that was lost.
/// </summary>
/// <remarks>The shape of Orleans' <c>ITransactionalState.PerformUpdate</c>, without transactions.</remarks>
public static class StateCommits
{
    public static Task Commit<TState>(this IGrainBase grain, IPersistentState<TState> state, Action<TState> change) =>
        grain.Commit(state, draft =>
        {
            change(draft);
            return true;
        });

    /// <summary>Applies <paramref name="change"/> to a copy of the state, stores it, adopts it, and returns what the change returned.</summary>
    public static async Task<TResult> Commit<TState, TResult>(this IGrainBase grain, IPersistentState<TState> state, Func<TState, TResult> change)
    {
        var copier = grain.GrainContext.ActivationServices.GetRequiredService<DeepCopier>();
        var draft = copier.Copy(state.State)!;
        var result = change(draft);
        var adopted = state.State;
        state.State = draft;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = adopted;
            await Reload(grain, state);
            throw;
        }

        return result;
    }

    private static async Task Reload<TState>(IGrainBase grain, IPersistentState<TState> state)
    {
        try
        {
            await state.ReadStateAsync();
        }
        catch
        {
            // Memory holds the last adopted state, which may now be older than storage: no call may decide from it.
            grain.DeactivateOnIdle();
        }
    }
}
