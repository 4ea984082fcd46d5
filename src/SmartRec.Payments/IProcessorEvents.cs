using SmartRec.Contracts.ProcessorEvents;

namespace SmartRec.Payments;

/// <summary>A delivery that cannot be trusted or read: unsigned, forged, too old, or malformed. Nothing is applied.</summary>
public sealed class ProcessorEventRejectedException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>Reads a processor's event delivery, checking that the processor sent it.</summary>
public interface IProcessorEvents
{
    Task<ProcessorEvent> ReadAsync(string payload, string? signature, CancellationToken cancellationToken);
}
