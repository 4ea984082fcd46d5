namespace SmartRec.Api.Hosting;

/// <summary>
/// Per-tenant request limits (section "SmartRec:RateLimits"). Each kind of request has its own budget, so a flood of
/// reads cannot starve payments and a burst of bulk requests cannot starve either. Within a kind, one budget is shared
/// by a whole organization (every admin, operator and viewer of it) and another is each caller's own (a user, or an
/// address when there is no token). The defaults sit far above what a person or the demo sends and what the tests send;
/// they stop a runaway script.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "SmartRec:RateLimits";

    public bool Enabled { get; set; } = true;

    /// <summary>GET and HEAD.</summary>
    public RateLimitRule Reads { get; set; } = new() { PerOrganization = 3000, PerCaller = 1000, Window = TimeSpan.FromSeconds(10) };

    /// <summary>Every other method: payments, refunds and credits, and every other change.</summary>
    public RateLimitRule Writes { get; set; } = new() { PerOrganization = 1000, PerCaller = 500, Window = TimeSpan.FromSeconds(10) };

    /// <summary>Routes that start work on a whole selection (mass invoices).</summary>
    public RateLimitRule Bulk { get; set; } = new() { PerOrganization = 600, PerCaller = 600, Window = TimeSpan.FromMinutes(1) };
}

public sealed class RateLimitRule
{
    public int PerOrganization { get; set; }

    public int PerCaller { get; set; }

    public TimeSpan Window { get; set; }
}
