namespace SmartRec.Api.Hosting;

/// <summary>Bound from "SmartRec:Orleans": how this process's silo joins its cluster.</summary>
public sealed class OrleansHostOptions
{
    public const string Section = "SmartRec:Orleans";

    public string ServiceId { get; set; } = "smartrec";
    public string ClusterId { get; set; } = "local";
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one on; in Kubernetes, the pod IP from the downward API.</summary>
    public string AdvertisedIPAddress { get; set; } = "127.0.0.1";
}

/// <summary>
/// Bound from "SmartRec:Storage". One Azure Storage connection string moves grain state, reminders and cluster
/// membership to Azure Storage (or Azurite); without it everything stays in memory in one local silo.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "SmartRec:Storage";

    public string? ConnectionString { get; set; }

    public bool UsesAzure => !string.IsNullOrWhiteSpace(ConnectionString);
}
