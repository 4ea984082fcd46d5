using Microsoft.Extensions.Logging;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.Organizations;
using SmartRec.Contracts.Wallets;
using SmartRec.Domain.Directory;
using SmartRec.Domain.Validation;

namespace SmartRec.Grains.Accounts;

public sealed class CustomerAccountGrain(
    [PersistentState("account", StorageNames.Accounts)] IPersistentState<AccountState> state,
    TimeProvider time,
    ILogger<CustomerAccountGrain> logger)
    : Grain, ICustomerAccountGrain
{
    /// <summary>A family, not a roster: larger groups are several accounts, and the state stays one small row.</summary>
    private const int MaxPersons = 50;

    /// <summary>A lost directory push is sent again on this schedule, doubling up to the cap, until it lands.</summary>
    private static readonly TimeSpan FirstDirectoryRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxDirectoryRetry = TimeSpan.FromMinutes(5);

    private IGrainTimer? _directoryRetry;
    private TimeSpan _directoryRetryDelay = FirstDirectoryRetry;

    private AccountState S => state.State;

    private string OrganizationId => OrgScopedKey.Parse(this.GetPrimaryKeyString()).OrganizationId;

    private string AccountId => OrgScopedKey.Parse(this.GetPrimaryKeyString()).Id;

    public async Task<AccountView> Open(OpenAccount request)
    {
        var holder = Identifiers.Require(request.HolderUserId, "holderUserId");
        var displayName = Text.Required(request.DisplayName, "displayName");
        if (S.HolderUserId is not null)
        {
            return S.HolderUserId == holder
                ? View()
                : throw DomainException.Conflict("account.exists", "The account already exists for another holder.");
        }

        if (await GrainFactory.GetGrain<IOrganizationGrain>(OrganizationId).Find() is null)
        {
            throw DomainException.NotFound("Organization");
        }

        S.HolderUserId = holder;
        S.DisplayName = displayName;
        S.OpenedAt = time.GetUtcNow();
        await Save();
        await Quietly(() => Holder().HoldAccount(OrganizationId, AccountId));
        return View();
    }

    public Task<AccountView?> Find() => Task.FromResult(S.HolderUserId is null ? null : View());

    public async Task<PersonView> AddPerson(NewPerson person)
    {
        EnsureOpen();
        var firstName = Text.Required(person.FirstName, "firstName");
        var lastName = Text.Required(person.LastName, "lastName");
        if (person.BirthDate is { } birthDate && (birthDate > DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime) || birthDate.Year < 1900))
        {
            throw DomainException.Invalid("person.birth_date", "'birthDate' must be a past date after 1900.", "birthDate");
        }

        if (S.Persons.Count >= MaxPersons)
        {
            throw DomainException.Rule("account.person_limit", $"An account holds at most {MaxPersons} persons.");
        }

        var added = new PersonState { Id = $"per_{++S.LastPersonNumber}", FirstName = firstName, LastName = lastName, BirthDate = person.BirthDate };
        S.Persons.Add(added);
        await Save();
        return View(added);
    }

    public async Task<PersonView> Enroll(string personId, string activityId)
    {
        var person = FindPerson(personId);
        var catalog = await GrainFactory.GetGrain<IOrganizationGrain>(OrganizationId).GetCatalog();
        if (catalog.Activities.All(a => a.Id != activityId))
        {
            throw DomainException.NotFound("Activity");
        }

        return await Change(person.ActivityIds, activityId, add: true, person);
    }

    public Task<PersonView> Unenroll(string personId, string activityId)
    {
        var person = FindPerson(personId);
        return Change(person.ActivityIds, activityId, add: false, person);
    }

    public async Task<PersonView> AddAffiliation(string personId, string affiliationId)
    {
        var person = FindPerson(personId);
        var catalog = await GrainFactory.GetGrain<IOrganizationGrain>(OrganizationId).GetCatalog();
        if (catalog.Affiliations.All(a => a.Id != affiliationId))
        {
            throw DomainException.NotFound("Affiliation");
        }

        return await Change(person.AffiliationIds, affiliationId, add: true, person);
    }

    public Task<PersonView> RemoveAffiliation(string personId, string affiliationId)
    {
        var person = FindPerson(personId);
        return Change(person.AffiliationIds, affiliationId, add: false, person);
    }

    /// <summary>Adding what is there or removing what is not is a no-op, so retried requests are harmless.</summary>
    private async Task<PersonView> Change(List<string> ids, string id, bool add, PersonState person)
    {
        var changed = add ? !ids.Contains(id) : ids.Remove(id);
        if (add && changed)
        {
            ids.Add(id);
        }

        if (changed)
        {
            await Save();
        }

        return View(person);
    }

    public async Task PublishToDirectory()
    {
        EnsureOpen();
        await PushToDirectory();
        await Holder().HoldAccount(OrganizationId, AccountId);
    }

    /// <summary>Every change is versioned and pushed to the directory after it is stored.</summary>
    private async Task Save()
    {
        S.Version++;
        await state.WriteStateAsync();
        await Quietly(PushToDirectory);
    }

    private Task PushToDirectory()
    {
        var entry = new DirectoryAccount(AccountId, S.HolderUserId!, S.DisplayName,
            [.. S.Persons.Select(p => new DirectoryPerson(p.Id, p.FirstName, p.LastName, [.. p.ActivityIds], [.. p.AffiliationIds]))]);
        return GrainFactory.GetGrain<IDirectoryShardGrain>(DirectoryShardKey.For(OrganizationId, DirectorySharding.ShardOf(AccountId)))
            .ApplyAccount(entry, S.Version);
    }

    /// <summary>
    /// The directory is a projection: a push that fails must not fail the change already stored here. It is logged and
    /// sent again on a timer until it lands, so even an account the directory never heard of appears without a resync;
    /// a resync remains the cure when this activation is lost too.
    /// </summary>
    private async Task Quietly(Func<Task> push)
    {
        try
        {
            await push();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Directory update for account {AccountId} of {OrgId} failed; retrying in the background", AccountId, OrganizationId);
            _directoryRetry ??= this.RegisterGrainTimer(RetryDirectoryPush,
                new GrainTimerCreationOptions(_directoryRetryDelay, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        }
    }

    /// <summary>Each retry carries the whole, latest entry, so one success makes up for every push that was lost.</summary>
    private async Task RetryDirectoryPush(CancellationToken cancellationToken)
    {
        try
        {
            await PushToDirectory();
            _directoryRetry?.Dispose();
            _directoryRetry = null;
            _directoryRetryDelay = FirstDirectoryRetry;
        }
        catch (Exception e)
        {
            _directoryRetryDelay = TimeSpan.FromTicks(Math.Min(_directoryRetryDelay.Ticks * 2, MaxDirectoryRetry.Ticks));
            logger.LogWarning(e, "Directory update for account {AccountId} of {OrgId} failed again; next try in {Delay}", AccountId, OrganizationId, _directoryRetryDelay);
            _directoryRetry?.Change(_directoryRetryDelay, Timeout.InfiniteTimeSpan);
        }
    }

    private IWalletGrain Holder() => GrainFactory.GetGrain<IWalletGrain>(S.HolderUserId!);

    private PersonState FindPerson(string personId)
    {
        EnsureOpen();
        return S.Persons.FirstOrDefault(p => p.Id == personId) ?? throw DomainException.NotFound("Person");
    }

    private void EnsureOpen()
    {
        if (S.HolderUserId is null)
        {
            throw DomainException.NotFound("Account");
        }
    }

    private AccountView View() =>
        new(OrganizationId, AccountId, S.HolderUserId!, S.DisplayName, [.. S.Persons.Select(View)], S.OpenedAt);

    private static PersonView View(PersonState p) =>
        new(p.Id, p.FirstName, p.LastName, p.BirthDate, [.. p.ActivityIds], [.. p.AffiliationIds]);
}
