namespace SmartRec.Api.Hosting;

/// <summary>Bound from "SmartRec:Orleans": how this process's silo joins its cluster.</summary>
public sealed class OrleansHostOptions
{
    public const string Section = "SmartRec:Orleans";

    public string ServiceId { get; set; } = "smartrec";
    public string ClusterId { get; set; } = "local";
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;
}
