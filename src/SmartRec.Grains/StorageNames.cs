namespace SmartRec.Grains;

/// <summary>One storage provider name per aggregate, so each can be moved to its own table or container by configuration.</summary>
public static class StorageNames
{
    public const string Organizations = "organizations";
    public const string Accounts = "accounts";
    public const string Wallets = "wallets";
    public const string Directory = "directory";
    public const string Batches = "batches";
    public const string Invoices = "invoices";
    public const string Ledgers = "ledgers";
    public const string Payments = "payments";
    public const string Plans = "plans";
    public const string Subscriptions = "subscriptions";
    public const string Checkouts = "checkouts";
    public const string Notifications = "notifications";
    public const string ActionCenter = "actioncenter";
    public const string ProcessorEvents = "processorevents";

    public static readonly IReadOnlyList<string> All = [Organizations, Accounts, Wallets, Directory, Batches,
        Invoices, Ledgers, Payments, Plans, Subscriptions, Checkouts, Notifications, ActionCenter, ProcessorEvents];

    /// <summary>
    /// Aggregates whose state can outgrow an Azure Table row (about 960 KB): with Azure Storage they live in blobs.
    /// </summary>
    public static readonly IReadOnlySet<string> LargeState = new HashSet<string>([Directory, Batches, ActionCenter], StringComparer.Ordinal);
}
