using SmartRec.Contracts;
using SmartRec.Contracts.Payments;
using SmartRec.Contracts.Wallets;

namespace SmartRec.Grains.Payments;

[GenerateSerializer, Alias("smartrec.PaymentState")]
public sealed class PaymentState
{
    [Id(0)] public NewPayment? Request { get; set; }
    [Id(1)] public string Fingerprint { get; set; } = "";
    [Id(2)] public PaymentStatus Status { get; set; }
    /// <summary>Fixed and written before the processor is first called; every retry sends the same key (decision 3).</summary>
    [Id(3)] public string IdempotencyKey { get; set; } = "";
    [Id(4)] public string HolderUserId { get; set; } = "";
    [Id(5)] public string ProcessorCustomerId { get; set; } = "";
    [Id(6)] public string ProcessorMethodId { get; set; } = "";
    [Id(7)] public PaymentMethodKind MethodKind { get; set; }
    [Id(8)] public string? ChargeId { get; set; }
    [Id(9)] public string? DeclineCode { get; set; }
    [Id(10)] public string? DeclineMessage { get; set; }
    [Id(11)] public List<RefundState> Refunds { get; set; } = [];
    [Id(12)] public DateTimeOffset CreatedAt { get; set; }
    /// <summary>
    /// Written true with each change of status or refund, before the ledger and the customer are told of it: a failure
    /// or crash in between leaves it set, and the janitor or a replay tells them again (each telling is idempotent).
    /// </summary>
    [Id(13)] public bool Unpublished { get; set; }
    /// <summary>A one-off token charged without a processor customer (R5, R7): nothing is attached or saved for it.</summary>
    [Id(14)] public bool OneOff { get; set; }
    /// <summary>The charged method's brand (or bank name) and last 4, kept as they were when charged (display only).</summary>
    [Id(15)] public string? MethodBrand { get; set; }
    [Id(16)] public string? MethodLast4 { get; set; }
}

[GenerateSerializer, Alias("smartrec.RefundState")]
public sealed class RefundState
{
    [Id(0)] public string RefundId { get; set; } = "";
    [Id(1)] public Money Amount { get; set; }
    [Id(2)] public string ProcessorRefundId { get; set; } = "";
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Stored before the processor is asked, so a crash leaves a refund the janitor finishes with the same key.</summary>
    [Id(4)] public bool Pending { get; set; }
}
