using SmartRec.Contracts.Billing;

namespace SmartRec.Tests.Shared;

public static class ActionCenterReading
{
    /// <summary>Every item of the organization's Action Center, whatever its state, read page by page as a client would.</summary>
    public static async Task<List<ActionItem>> AllItems(this IActionCenterGrain center)
    {
        var items = new List<ActionItem>();
        string? cursor = null;
        do
        {
            var page = await center.Page(new ActionCenterQuery(Cursor: cursor, Limit: 500));
            items.AddRange(page.Items.Select(i => i.Item));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return items;
    }
}
