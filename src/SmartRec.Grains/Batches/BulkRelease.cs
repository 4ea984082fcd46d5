namespace SmartRec.Grains.Batches;

/// <summary>
/// A bulk operation calls each target's grains once or a few times, and idle collection would keep them all
/// resident for 15 minutes: a batch of 100,000 targets held every wallet, ledger and invoice it touched. So a chunk
/// names the grains it is done with on its last call to them, and <see cref="BulkReleaseFilter"/> deactivates each
/// named grain once that call returns. The names travel in the request context, so they also reach the grains the
/// callee calls in turn (a mass invoice's invoice calls its account and ledger); a grain not named is never touched.
/// Deactivating loses nothing: a change is visible only once stored (decision 11), and the next call reads it back.
/// </summary>
public static class BulkRelease
{
    internal const string Key = "smartrec.release";

    /// <summary>Makes <paramref name="call"/> with <paramref name="done"/> named as released once it returns.</summary>
    public static async Task<T> After<T>(IReadOnlyCollection<IAddressable> done, Func<Task<T>> call)
    {
        if (done.Count == 0)
        {
            return await call();
        }

        RequestContext.Set(Key, done.Select(grain => grain.GetGrainId().ToString()).ToArray());
        try
        {
            return await call();
        }
        finally
        {
            RequestContext.Remove(Key);
        }
    }

    public static Task After(IReadOnlyCollection<IAddressable> done, Func<Task> call) => After(done, async () =>
    {
        await call();
        return true;
    });
}

/// <summary>Deactivates a grain when the call it just answered named it as released (<see cref="BulkRelease"/>).</summary>
public sealed class BulkReleaseFilter : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context) =>
        RequestContext.Get(BulkRelease.Key) is string[] names && names.Contains(context.TargetId.ToString())
            ? InvokeThenRelease(context)
            : context.Invoke();

    private static async Task InvokeThenRelease(IIncomingGrainCallContext context)
    {
        await context.Invoke();
        context.TargetContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "Released by the bulk operation that called it."));
    }
}
