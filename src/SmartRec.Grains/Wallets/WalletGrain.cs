using Microsoft.Extensions.Logging;
using SmartRec.Contracts;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.MassCharges;
using SmartRec.Contracts.Notifications;
using SmartRec.Contracts.Organizations;
using SmartRec.Contracts.Wallets;
using SmartRec.Domain.Directory;
using SmartRec.Domain.MassCharges;
using SmartRec.Domain.Validation;
using SmartRec.Domain.Wallets;
using SmartRec.Grains.Persistence;
using SmartRec.Payments;

namespace SmartRec.Grains.Wallets;

/// <summary>
/// Owns a customer's saved methods and who may use them. Not reentrant: a processor call and the state write that
/// follows it are never interleaved with another change to the same wallet.
/// </summary>
public sealed class WalletGrain(
    [PersistentState("wallet", StorageNames.Wallets)] IPersistentState<WalletState> state,
    IPaymentProcessor processor,
    TimeProvider time,
    ILogger<WalletGrain> logger)
    : Grain, IWalletGrain
{
    private WalletState S => state.State;

    private string UserId => this.GetPrimaryKeyString();

    public async Task RecordSignIn()
    {
        if (!S.HasSignedIn)
        {
            await this.Commit(state, s => s.HasSignedIn = true);
        }
    }

    public Task<WalletView> Get() =>
        Task.FromResult(new WalletView(UserId, S.HasSignedIn, [.. S.Methods.Select(OwnerView)]));

    public async Task<OwnerPaymentMethod> AddMethod(SavePaymentMethod request) =>
        OwnerView(await Save(request, GeneratedIds.Random("pm_", 10), authorizedOrganization: null));

    public async Task RemoveMethod(string methodId)
    {
        var method = Owned(methodId);
        await CallProcessor(ct => processor.DetachAsync(method.ProcessorMethodId, ct));
        await this.Commit(state, s =>
        {
            s.Methods.RemoveAll(m => m.Id == methodId);
            s.DirectoryVersion++;
        });
        logger.LogInformation("Removed method {MethodId} from a wallet", methodId);
        await PublishToDirectories(method.AuthorizedOrganizations);
    }

    public async Task<OwnerPaymentMethod> UpdateCardExpiry(string methodId, CardExpiry expiry) =>
        OwnerView(await ChangeExpiry(Owned(methodId), expiry));

    public async Task<OwnerPaymentMethod> Authorize(string methodId, string organizationId)
    {
        var method = Owned(methodId);
        if (await GrainFactory.GetGrain<IOrganizationGrain>(organizationId).Find() is null)
        {
            throw DomainException.NotFound("Organization");
        }

        if (!method.AuthorizedOrganizations.Contains(organizationId))
        {
            await this.Commit(state, s =>
            {
                s.Methods.First(m => m.Id == methodId).AuthorizedOrganizations.Add(organizationId);
                s.DirectoryVersion++;
            });
            logger.LogInformation("Authorized {OrgId} for method {MethodId}", organizationId, methodId);
            await PublishToDirectories([organizationId]);
        }

        return OwnerView(Owned(methodId));
    }

    public async Task<OwnerPaymentMethod> Revoke(string methodId, string organizationId)
    {
        var method = Owned(methodId);
        if (method.AuthorizedOrganizations.Contains(organizationId))
        {
            await this.Commit(state, s =>
            {
                s.Methods.First(m => m.Id == methodId).AuthorizedOrganizations.Remove(organizationId);
                s.DirectoryVersion++;
            });
            logger.LogInformation("Revoked {OrgId} from method {MethodId}", organizationId, methodId);
            await PublishToDirectories([organizationId]);
        }

        return OwnerView(Owned(methodId));
    }

    public Task<IReadOnlyList<OrganizationPaymentMethod>> GetForOrganization(string organizationId) =>
        Task.FromResult<IReadOnlyList<OrganizationPaymentMethod>>(
            [.. S.Methods.Where(m => m.AuthorizedOrganizations.Contains(organizationId)).Select(OrganizationView)]);

    public async Task<OrganizationPaymentMethod> UpdateCardExpiryForOrganization(string organizationId, string methodId, CardExpiry expiry)
    {
        var method = S.Methods.FirstOrDefault(m => m.Id == methodId && m.AuthorizedOrganizations.Contains(organizationId))
            ?? throw DomainException.NotFound("Payment method");
        return OrganizationView(await ChangeExpiry(method, expiry));
    }

    public Task<ChargeableMethod> ResolveChargeable(string organizationId, string methodId)
    {
        var method = S.Methods.FirstOrDefault(m => m.Id == methodId && m.AuthorizedOrganizations.Contains(organizationId))
            ?? throw DomainException.NotFound("Payment method");
        return Task.FromResult(new ChargeableMethod(method.Id, S.ProcessorCustomerId!, method.ProcessorMethodId, method.Details));
    }

    public Task<ChargeChoice> ChooseChargeable(string organizationId, string accountId, MethodPreference preference)
    {
        if (!S.Holdings.Any(h => h.OrganizationId == organizationId && h.AccountId == accountId))
        {
            return Task.FromResult(new ChargeChoice(null, SkipReasons.AccountNotFound));
        }

        var authorized = S.Methods.Where(m => m.AuthorizedOrganizations.Contains(organizationId)).ToList();
        var (index, skipReason) = ChargeMethodChoice.Choose([.. authorized.Select(m => (m.Details.Kind, IsExpired(m)))], preference);
        return Task.FromResult(index < 0
            ? new ChargeChoice(null, skipReason)
            : new ChargeChoice(new ChargeableMethod(authorized[index].Id, S.ProcessorCustomerId!, authorized[index].ProcessorMethodId, authorized[index].Details), null));
    }

    public Task EnsureCanSave(PaymentMethodKind kind)
    {
        if (!S.HasSignedIn)
        {
            throw DomainException.Rule("wallet.customer_never_signed_in",
                "The customer has never signed in, so no method can be saved for them: take a one-off payment (R7).", "saveMethod");
        }

        WalletLimits.EnsureRoomFor(kind, S.Methods.Count(m => m.Details.Kind == kind));
        return Task.CompletedTask;
    }

    public async Task<OrganizationPaymentMethod> SaveForOrganization(string organizationId, SavePaymentMethod request, string methodId)
    {
        Identifiers.Require(methodId, "methodId");
        var organization = await GrainFactory.GetGrain<IOrganizationGrain>(organizationId).Find() ?? throw DomainException.NotFound("Organization");
        var saved = S.Methods.FirstOrDefault(m => m.Id == methodId);
        if (saved is null)
        {
            if (!S.HasSignedIn)
            {
                throw DomainException.Rule("wallet.customer_never_signed_in",
                    "The customer has never signed in, so no method can be saved for them: take a one-off payment (R7).", "saveMethod");
            }

            saved = await Save(request, methodId, organizationId);
            logger.LogInformation("{OrgId} saved method {MethodId} in a wallet at checkout", organizationId, saved.Id);
            await PublishToDirectories([organizationId]);
        }
        else if (!saved.AuthorizedOrganizations.Contains(organizationId))
        {
            // The customer withdrew the authorization since: a replayed checkout does not grant it again.
            throw DomainException.NotFound("Payment method");
        }

        var label = saved.Details.Kind == PaymentMethodKind.Card ? $"{saved.Details.Brand} card" : "bank account";
        await GrainFactory.GetGrain<INotificationOutboxGrain>(UserId).Add(new Notification(
            $"method-saved:{saved.Id}", NotificationKind.MethodSavedByOrganization, organizationId,
            $"{organization.Name} saved your {label} ending {saved.Details.Last4} to your wallet and may charge it. You can withdraw that at any time.",
            time.GetUtcNow()));
        return OrganizationView(saved);
    }

    /// <summary>Attaches the token at the processor, then stores the method (and its first authorization) in one write.</summary>
    private async Task<SavedMethod> Save(SavePaymentMethod request, string methodId, string? authorizedOrganization)
    {
        var token = Text.Required(request.ProcessorToken, "token", 255);
        var billingAddress = BillingAddresses.Normalize(request.BillingAddress);
        var nickname = Text.Optional(request.Nickname, "nickname", 40);

        var customerId = S.ProcessorCustomerId ?? await CallProcessor(ct => processor.EnsureCustomerAsync(UserId, ct));
        var attached = await CallProcessor(ct => processor.AttachAsync(customerId, token, billingAddress, ct));
        try
        {
            WalletLimits.EnsureRoomFor(attached.Details.Kind, S.Methods.Count(m => m.Details.Kind == attached.Details.Kind));
        }
        catch (DomainException)
        {
            // The processor learns the method's kind only by attaching it; undo the attach before refusing.
            await CallProcessor(ct => processor.DetachAsync(attached.PaymentMethodId, ct));
            throw;
        }

        var method = new SavedMethod
        {
            Id = methodId,
            ProcessorMethodId = attached.PaymentMethodId,
            Details = attached.Details,
            BillingAddress = billingAddress,
            Nickname = nickname,
            AddedAt = time.GetUtcNow(),
        };
        if (authorizedOrganization is not null)
        {
            method.AuthorizedOrganizations.Add(authorizedOrganization);
        }

        await this.Commit(state, s =>
        {
            s.ProcessorCustomerId = customerId;
            s.Methods.Add(method);
            if (authorizedOrganization is not null)
            {
                s.DirectoryVersion++;
            }
        });
        logger.LogInformation("Saved {Kind} method {MethodId} in a wallet", method.Details.Kind, method.Id);
        return Owned(methodId);
    }

    private async Task<SavedMethod> ChangeExpiry(SavedMethod method, CardExpiry expiry)
    {
        if (method.Details.Kind != PaymentMethodKind.Card)
        {
            throw DomainException.Invalid("payment_method.not_a_card", "Only a card has an expiry date.", "methodId");
        }

        var valid = CardExpiries.RequireFuture(expiry, time.GetUtcNow());
        await CallProcessor(ct => processor.UpdateCardExpiryAsync(method.ProcessorMethodId, valid, ct));
        await this.Commit(state, s =>
        {
            var draft = s.Methods.First(m => m.Id == method.Id);
            draft.Details = draft.Details with { Expiry = valid };
        });
        return Owned(method.Id);
    }

    public async Task ApplyProcessorExpiry(string processorMethodId, CardExpiry expiry)
    {
        var method = S.Methods.FirstOrDefault(m => m.ProcessorMethodId == processorMethodId);
        if (method is null || method.Details.Expiry == expiry)
        {
            return;
        }

        await this.Commit(state, s =>
        {
            var draft = s.Methods.First(m => m.Id == method.Id);
            draft.Details = draft.Details with { Expiry = expiry };
        });
        logger.LogInformation("Method {MethodId} has a new expiry from the card network", method.Id);
    }

    public async Task ForgetDetached(string processorMethodId)
    {
        var method = S.Methods.FirstOrDefault(m => m.ProcessorMethodId == processorMethodId);
        if (method is null)
        {
            return;
        }

        await this.Commit(state, s =>
        {
            s.Methods.RemoveAll(m => m.Id == method.Id);
            s.DirectoryVersion++;
        });
        logger.LogInformation("Method {MethodId} was detached at the processor and leaves the wallet", method.Id);
        await PublishToDirectories(method.AuthorizedOrganizations);
    }

    public async Task HoldAccount(string organizationId, string accountId)
    {
        if (!S.Holdings.Any(h => h.OrganizationId == organizationId && h.AccountId == accountId))
        {
            await this.Commit(state, s => s.Holdings.Add(new AccountHolding { OrganizationId = organizationId, AccountId = accountId }));
        }

        await PushToDirectory(organizationId, accountId);
    }

    /// <summary>
    /// Tells the directories of <paramref name="organizationIds"/> about an authorization change. Off the money path:
    /// the change is already stored, so a failed push is logged and healed by the next push or a resync.
    /// </summary>
    private async Task PublishToDirectories(IReadOnlyCollection<string> organizationIds)
    {
        foreach (var holding in S.Holdings.Where(h => organizationIds.Contains(h.OrganizationId)).ToList())
        {
            try
            {
                await PushToDirectory(holding.OrganizationId, holding.AccountId);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Directory update for account {AccountId} of {OrgId} failed; a resync will heal it", holding.AccountId, holding.OrganizationId);
            }
        }
    }

    /// <summary>Only whether a card and an e-check are authorized for this organization leaves the wallet (R3).</summary>
    private Task PushToDirectory(string organizationId, string accountId)
    {
        var authorized = S.Methods.Where(m => m.AuthorizedOrganizations.Contains(organizationId)).ToList();
        var methods = new HolderMethods(
            authorized.Any(m => m.Details.Kind == PaymentMethodKind.Card),
            authorized.Any(m => m.Details.Kind == PaymentMethodKind.BankAccount));
        return GrainFactory.GetGrain<IDirectoryShardGrain>(DirectoryShardKey.For(organizationId, DirectorySharding.ShardOf(accountId)))
            .ApplyHolderMethods(accountId, UserId, methods, S.DirectoryVersion);
    }

    private SavedMethod Owned(string methodId) =>
        S.Methods.FirstOrDefault(m => m.Id == methodId) ?? throw DomainException.NotFound("Payment method");

    /// <summary>
    /// Turns the processor's refusals into the caller's errors. Wallet operations are safe to retry, so an unanswered
    /// call is reported as unavailable; the state is written only after the processor has answered.
    /// </summary>
    private Task CallProcessor(Func<CancellationToken, Task> call) =>
        CallProcessor(async ct =>
        {
            await call(ct);
            return true;
        });

    private async Task<T> CallProcessor<T>(Func<CancellationToken, Task<T>> call)
    {
        try
        {
            return await call(CancellationToken.None);
        }
        catch (ProcessorRateLimitedException)
        {
            throw DomainException.Unavailable("processor.busy", "The payment processor is busy; try again shortly.");
        }
        catch (ProcessorException e) when (e.LeavesOutcomeUnknown)
        {
            logger.LogWarning(e, "The processor did not answer for a wallet operation");
            throw DomainException.Unavailable("processor.unavailable", "The payment processor did not answer; try again.");
        }
        catch (ProcessorException e) when (e.Code == "resource_missing")
        {
            throw DomainException.Invalid("payment_method.token_unknown", "The processor does not know this payment method token.", "token");
        }
        catch (ProcessorException e)
        {
            throw DomainException.Invalid("processor.refused", $"The processor refused the request ({e.Code}).");
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or TaskCanceledException)
        {
            logger.LogWarning(e, "The processor did not answer for a wallet operation");
            throw DomainException.Unavailable("processor.unavailable", "The payment processor did not answer; try again.");
        }
    }

    private OwnerPaymentMethod OwnerView(SavedMethod m) =>
        new(m.Id, m.Details, m.BillingAddress, m.Nickname, IsExpired(m), [.. m.AuthorizedOrganizations.Order(StringComparer.Ordinal)], m.AddedAt);

    private OrganizationPaymentMethod OrganizationView(SavedMethod m) => new(m.Id, m.Details, m.BillingAddress, IsExpired(m));

    private bool IsExpired(SavedMethod m) => m.Details.Expiry is { } expiry && CardExpiries.IsExpired(expiry, time.GetUtcNow());
}
