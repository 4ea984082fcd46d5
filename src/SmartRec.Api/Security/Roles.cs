namespace SmartRec.Api.Security;

/// <summary>The roles a bearer token can carry. A customer acts on their own wallet; the others act inside one organization.</summary>
public static class Roles
{
    public const string Customer = "customer";
    public const string Admin = "admin";
    public const string Operator = "operator";
    public const string Viewer = "viewer";
    /// <summary>Runs the cluster: sees the Orleans dashboard, belongs to no organization and sees no client data.</summary>
    public const string Platform = "platform";

    public static readonly IReadOnlyList<string> OrganizationRoles = [Admin, Operator, Viewer];

    public static bool IsKnown(string? role) => role is Customer or Admin or Operator or Viewer or Platform;

    public static bool BelongsToOrganization(string role) => role is Admin or Operator or Viewer;
}

/// <summary>Claim names in our tokens; short JWT names, mapped as-is (no legacy SOAP claim URIs).</summary>
public static class Claims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Organization = "org";
}

/// <summary>Authorization policies: who may call which group of routes.</summary>
public static class Policies
{
    public const string Customer = "customer";
    /// <summary>Any member of an organization: reads.</summary>
    public const string OrganizationMember = "org-member";
    /// <summary>Admins change clients, catalogs and methods.</summary>
    public const string OrganizationAdmin = "org-admin";
    /// <summary>Admins and operators run bulk operations (mass invoices) and directory resyncs.</summary>
    public const string OrganizationOperator = "org-operator";
    /// <summary>The cluster's operators: the Orleans dashboard.</summary>
    public const string Platform = "platform";
}
