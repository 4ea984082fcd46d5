using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Payments;
using SmartRec.Domain.Billing;
using SmartRec.Domain.Validation;

namespace SmartRec.Grains.Billing;

/// <summary>
/// The organization's Action Center as one address: a stateless router over its shards (decision 15), so recording
/// the declines of a whole batch does not queue behind one grain. It holds no state; the shards own the items.
/// </summary>
[StatelessWorker]
public sealed class ActionCenterGrain(ILogger<ActionCenterGrain> logger) : Grain, IActionCenterGrain
{
    private string OrganizationId => this.GetPrimaryKeyString();

    public async Task Record(ActionItem item)
    {
        var account = await GrainFactory.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(OrganizationId, item.AccountId)).Find();
        await Shard(item.Id).Record(item, account?.DisplayName);
    }

    public async Task Resolve(string itemId, string? resolvedByPaymentId) => await Shard(itemId).Resolve(itemId, resolvedByPaymentId);

    public Task<ActionItemView?> Find(string itemId) => Shard(itemId).Find(itemId);

    public async Task<ActionCenterPage> Page(ActionCenterQuery query)
    {
        var limit = ActionCenterPaging.Limit(query.Limit);
        ActionCenterPaging.Decode(query.Cursor);
        var pages = await Task.WhenAll(Enumerable.Range(0, ActionCenterPaging.ShardCount).Select(s => ShardAt(s).Page(query)));
        var items = pages.SelectMany(p => p.Items)
            .OrderByDescending(i => i.FirstRecordedAt).ThenBy(i => i.Item.Id, StringComparer.Ordinal)
            .Take(limit + 1)
            .ToList();
        var next = items.Count > limit ? ActionCenterPaging.Encode(items[limit - 1].FirstRecordedAt, items[limit - 1].Item.Id) : null;
        return new ActionCenterPage(items.Take(limit).ToList(), next, pages.Sum(p => p.Total), new ActionCenterCounts(
            pages.Sum(p => p.Counts.Open), pages.Sum(p => p.Counts.Resolved), pages.Sum(p => p.Counts.Dismissed)));
    }

    public async Task<ActionItemView> Dismiss(string itemId, string note) =>
        await Shard(itemId).Dismiss(itemId, Text.Required(note, "note", 500)) ?? throw DomainException.NotFound("Action item");

    public async Task<ActionItemView> Retry(string itemId, string retryPaymentId, string? methodId)
    {
        var shard = Shard(itemId);
        var view = await shard.Find(itemId) ?? throw DomainException.NotFound("Action item");
        var retry = GrainFactory.GetGrain<IPaymentGrain>(OrgScopedKey.For(OrganizationId, retryPaymentId));
        if (view.ResolvedByPaymentId == retryPaymentId)
        {
            return view;
        }

        if (view.State != ActionItemState.Open)
        {
            throw DomainException.Conflict("action_item.closed", $"This item is {view.State.ToString().ToLowerInvariant()}; there is nothing to retry.");
        }

        if (view.Item.WillRetry)
        {
            throw DomainException.Conflict("action_item.retry_scheduled", "The engine charges this again by itself; change the installment or subscription instead.");
        }

        var declined = view.Item.PaymentId is { } paymentId
            ? await GrainFactory.GetGrain<IPaymentGrain>(OrgScopedKey.For(OrganizationId, paymentId)).Find()
            : null;
        if (declined is null || declined.Status != PaymentStatus.Declined)
        {
            throw DomainException.Rule("action_item.nothing_to_retry", "This item has no declined payment to charge again.");
        }

        var method = methodId ?? declined.MethodId
            ?? throw DomainException.Invalid("action_item.method_required", "The declined payment used a one-off method: choose a saved one.", "methodId");
        var payment = await retry.Submit(new NewPayment(declined.AccountId, new PaymentSource(Identifiers.Require(method, "methodId")),
            declined.Amount, declined.Description, declined.InvoiceIds, declined.LeaveUnreconciled, ActionItemId: itemId));
        logger.LogInformation("Action item {ItemId} of {OrgId} retried as payment {PaymentId}: {Status}", itemId, OrganizationId, retryPaymentId, payment.Status);
        if (payment.Status == PaymentStatus.Declined)
        {
            // Success resolves the item from the payment itself (it answers to the item); a decline is one more attempt.
            await Record(view.Item with
            {
                PaymentId = retryPaymentId,
                DeclineCode = payment.DeclineCode,
                Message = $"Retried with another charge; declined again ({payment.DeclineCode}).",
            });
        }

        return await shard.Find(itemId) ?? view;
    }

    private IActionCenterShardGrain Shard(string itemId) => ShardAt(ActionCenterPaging.ShardOf(Identifiers.Require(itemId, "itemId")));

    private IActionCenterShardGrain ShardAt(int shard) =>
        GrainFactory.GetGrain<IActionCenterShardGrain>(OrgScopedKey.For(OrganizationId, shard.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
