using Microsoft.Extensions.Logging;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Directory;

namespace SmartRec.Grains.Directory;

/// <summary>
/// Re-publishes one shard's accounts in the background. A whole organization (40,000 accounts) republished inside one
/// call would outlast Orleans' 30 s response timeout, so a resync answers as soon as the work is scheduled and each
/// shard's accounts are republished here, a bounded number at a time. Nothing is stored: a resync cut short by a silo
/// going away is simply asked for again, and republishing an account twice is harmless.
/// </summary>
public sealed class DirectoryResyncGrain(ILogger<DirectoryResyncGrain> logger) : Grain, IDirectoryResyncGrain
{
    /// <summary>Accounts re-published at once per shard; 64 shards make about two thousand across the cluster.</summary>
    private const int Parallelism = 32;

    private readonly List<string> _pending = [];
    private IGrainTimer? _runner;

    public async Task<int> Start()
    {
        var key = this.GetPrimaryKeyString();
        var accountIds = await GrainFactory.GetGrain<IDirectoryShardGrain>(key).ListAccountIds();
        // A resync asked for while one runs still covers every account: ids already queued are not queued twice.
        _pending.AddRange(accountIds.Except(_pending, StringComparer.Ordinal));
        _runner ??= this.RegisterGrainTimer(Run, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
        return accountIds.Count;
    }

    private async Task Run(CancellationToken cancellationToken)
    {
        var organizationId = DirectoryShardKey.OrganizationOf(this.GetPrimaryKeyString());
        try
        {
            while (_pending.Count > 0 && !cancellationToken.IsCancellationRequested)
            {
                var batch = _pending.Take(Parallelism).ToList();
                _pending.RemoveRange(0, batch.Count);
                await Task.WhenAll(batch.Select(accountId => Republish(organizationId, accountId)));
            }
        }
        finally
        {
            _runner?.Dispose();
            _runner = null;
        }
    }

    private async Task Republish(string organizationId, string accountId)
    {
        try
        {
            await GrainFactory.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(organizationId, accountId)).PublishToDirectory();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Directory resync of account {AccountId} of {OrgId} failed; resync again to retry", accountId, organizationId);
        }
    }
}
