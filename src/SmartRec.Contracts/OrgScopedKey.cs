namespace SmartRec.Contracts;

/// <summary>
/// Every grain an organization owns (accounts, invoices, payments, plans, batches) is keyed "{organizationId}/{id}",
/// so an id looked up under another organization names another grain, one that does not exist (decision 10).
/// </summary>
public static class OrgScopedKey
{
    public static string For(string organizationId, string id) => $"{organizationId}/{id}";

    public static bool IsScoped(string key) => key.IndexOf('/') > 0 && key.IndexOf('/') < key.Length - 1;

    public static (string OrganizationId, string Id) Parse(string key)
    {
        var slash = key.IndexOf('/');
        return slash <= 0 ? throw new ArgumentException($"Not an organization-scoped key: '{key}'.", nameof(key)) : (key[..slash], key[(slash + 1)..]);
    }
}
