namespace SmartRec.Grains;

/// <summary>One storage provider name per aggregate, so each can be moved to its own table or container by configuration.</summary>
public static class StorageNames
{
    public const string Organizations = "organizations";
    public const string Accounts = "accounts";
    public const string Wallets = "wallets";

    public static readonly IReadOnlyList<string> All = [Organizations, Accounts, Wallets];
}
