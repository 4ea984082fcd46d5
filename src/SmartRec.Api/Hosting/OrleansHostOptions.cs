namespace SmartRec.Api.Hosting;

/// <summary>Bound from "SmartRec:Orleans": how this process's silo joins its cluster.</summary>
public sealed class OrleansHostOptions
{
    public const string Section = "SmartRec:Orleans";

    public static OrleansHostOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<OrleansHostOptions>() ?? new OrleansHostOptions();

    public string ServiceId { get; set; } = "smartrec";
    public string ClusterId { get; set; } = "local";
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The address other silos reach this one on; in Kubernetes, the pod IP from the downward API. Unset, the host's
    /// first IPv4 address is used, which suits containers on one network.
    /// </summary>
    public string? AdvertisedIPAddress { get; set; }

    /// <summary>The silo's name in the membership table and the dashboard; in Kubernetes, the pod name.</summary>
    public string? SiloName { get; set; }

    /// <summary>How long a stopping silo may take to hand its grains over; keep the orchestrator's grace period longer.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(90);
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
