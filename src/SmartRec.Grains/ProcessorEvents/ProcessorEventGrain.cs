using Microsoft.Extensions.Logging;
using SmartRec.Contracts;
using SmartRec.Contracts.Payments;
using SmartRec.Contracts.ProcessorEvents;
using SmartRec.Contracts.Wallets;
using SmartRec.Grains.Persistence;

namespace SmartRec.Grains.ProcessorEvents;

[GenerateSerializer, Alias("smartrec.ProcessorEventState")]
public sealed class ProcessorEventState
{
    [Id(0)] public bool Applied { get; set; }
    [Id(1)] public ProcessorEventKind Kind { get; set; }
}

/// <summary>
/// Applies one processor event once. The effect runs before the event is marked applied: a failure in between
/// answers the processor with an error, it delivers again, and the idempotent effect runs again harmlessly.
/// </summary>
public sealed class ProcessorEventGrain(
    [PersistentState("event", StorageNames.ProcessorEvents)] IPersistentState<ProcessorEventState> state,
    ILogger<ProcessorEventGrain> logger)
    : Grain, IProcessorEventGrain
{
    public async Task<bool> Apply(ProcessorEvent processorEvent)
    {
        if (state.State.Applied)
        {
            return false;
        }

        await Effect(processorEvent);
        await this.Commit(state, s =>
        {
            s.Applied = true;
            s.Kind = processorEvent.Kind;
        });
        logger.LogInformation("Processor event {EventId} ({Kind}) applied", processorEvent.EventId, processorEvent.Kind);
        return true;
    }

    private async Task Effect(ProcessorEvent e)
    {
        try
        {
            await Dispatch(e);
        }
        catch (DomainException failure) when (failure.Kind == ErrorKind.NotFound)
        {
            // A charge or method the engine no longer has (or never had): nothing of ours to change.
            logger.LogInformation("Processor event {EventId} names nothing the engine keeps", e.EventId);
        }
    }

    private async Task Dispatch(ProcessorEvent e)
    {
        switch (e.Kind)
        {
            case ProcessorEventKind.PaymentChanged or ProcessorEventKind.PaymentRefunded when Payment(e) is { } payment:
                // The payment asks the processor for the charge's state now, so a late "processing" cannot undo "succeeded".
                await payment.Resolve();
                break;
            case ProcessorEventKind.PaymentDisputed when Payment(e) is { } payment:
                await payment.RecordDispute();
                break;
            case ProcessorEventKind.MethodUpdated when e is { WalletReference: { } wallet, ProcessorMethodId: { } method, Expiry: { } expiry }:
                await GrainFactory.GetGrain<IWalletGrain>(wallet).ApplyProcessorExpiry(method, expiry);
                break;
            case ProcessorEventKind.MethodDetached when e is { WalletReference: { } wallet, ProcessorMethodId: { } method }:
                await GrainFactory.GetGrain<IWalletGrain>(wallet).ForgetDetached(method);
                break;
        }
    }

    /// <summary>The engine's payment the event names, or null for a charge the engine did not make through a payment.</summary>
    private IPaymentGrain? Payment(ProcessorEvent e)
    {
        return e.PaymentReference is { } reference && OrgScopedKey.IsScoped(reference) ? GrainFactory.GetGrain<IPaymentGrain>(reference) : null;
    }
}
