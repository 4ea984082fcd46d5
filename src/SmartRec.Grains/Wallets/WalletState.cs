using SmartRec.Contracts.Wallets;

namespace SmartRec.Grains.Wallets;

[GenerateSerializer, Alias("smartrec.WalletState")]
public sealed class WalletState
{
    [Id(0)] public bool HasSignedIn { get; set; }
    [Id(1)] public string? ProcessorCustomerId { get; set; }
    [Id(2)] public List<SavedMethod> Methods { get; set; } = [];
    /// <summary>Counts authorization changes; organization directories keep the newest version they were pushed (issue 5).</summary>
    [Id(3)] public long DirectoryVersion { get; set; }
    /// <summary>The client accounts this user holds, whose directory entries must hear of authorization changes.</summary>
    [Id(4)] public List<AccountHolding> Holdings { get; set; } = [];
}

[GenerateSerializer, Alias("smartrec.AccountHolding")]
public sealed class AccountHolding
{
    [Id(0)] public string OrganizationId { get; set; } = "";
    [Id(1)] public string AccountId { get; set; } = "";
}

/// <summary>A saved method: the processor's id to charge it and display data, never a card or account number (R2).</summary>
[GenerateSerializer, Alias("smartrec.SavedMethod")]
public sealed class SavedMethod
{
    [Id(0)] public string Id { get; set; } = "";
    [Id(1)] public string ProcessorMethodId { get; set; } = "";
    [Id(2)] public PaymentMethodDetails Details { get; set; } = null!;
    [Id(3)] public BillingAddress BillingAddress { get; set; } = null!;
    [Id(4)] public string? Nickname { get; set; }
    [Id(5)] public DateTimeOffset AddedAt { get; set; }
    [Id(6)] public HashSet<string> AuthorizedOrganizations { get; set; } = new(StringComparer.Ordinal);
}
