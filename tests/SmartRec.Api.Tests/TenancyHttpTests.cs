using System.Net;
using System.Net.Http.Json;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Wallets;
using SmartRec.Payments.Simulated;

namespace SmartRec.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class TenancyHttpTests(ApiFixture fixture)
{
    private static readonly object Address = new { line1 = "1 Main Street", city = "Burlington", region = "VT", postalCode = "05401", country = "US" };

    /// <summary>An organization with one client account whose holder has a card authorized for it and one for nobody.</summary>
    private async Task<(string Org, string AccountId, OwnerPaymentMethod Authorized, OwnerPaymentMethod Private, HttpClient Customer)> Family()
    {
        var org = await fixture.NewOrganization();
        var holder = ApiFixture.NewUserId();
        using var admin = await fixture.Admin(org);
        var account = await HttpAssert.Ok<AccountView>(
            await admin.PostAsJsonAsync($"/api/orgs/{org}/accounts", new { holderUserId = holder, displayName = "Gagnon family" }), HttpStatusCode.Created);
        var customer = await fixture.Customer(holder);
        var authorized = await HttpAssert.Ok<OwnerPaymentMethod>(
            await customer.PostAsJsonAsync("/api/me/wallet/methods", new { token = SimulatedTestMethods.VisaExpired, billingAddress = Address }), HttpStatusCode.Created);
        var hidden = await HttpAssert.Ok<OwnerPaymentMethod>(
            await customer.PostAsJsonAsync("/api/me/wallet/methods", new { token = SimulatedTestMethods.UsBankAccount, billingAddress = Address }), HttpStatusCode.Created);
        await HttpAssert.Ok<OwnerPaymentMethod>(await customer.PutAsync($"/api/me/wallet/methods/{authorized.Id}/authorizations/{org}", null));
        return (org, account.AccountId, authorized, hidden, customer);
    }

    [Fact]
    public async Task An_organization_sees_only_authorized_methods_and_an_unauthorized_one_cannot_touch_them() // R3
    {
        var (org, accountId, authorized, hidden, customer) = await Family();
        using var _ = customer;
        using var admin = await fixture.Admin(org);

        var visible = await HttpAssert.Ok<List<OrganizationPaymentMethod>>(await admin.GetAsync($"/api/orgs/{org}/accounts/{accountId}/payment-methods"));
        var patchHidden = await admin.PatchAsJsonAsync($"/api/orgs/{org}/accounts/{accountId}/payment-methods/{hidden.Id}", new { expMonth = 1, expYear = 2031 });
        var patchMissing = await admin.PatchAsJsonAsync($"/api/orgs/{org}/accounts/{accountId}/payment-methods/pm_00000000000000000000", new { expMonth = 1, expYear = 2031 });

        Assert.Equal([authorized.Id], visible.Select(m => m.Id));
        Assert.Equal(await HttpAssert.ProblemShape(patchMissing), await HttpAssert.ProblemShape(patchHidden));
        Assert.Equal(HttpStatusCode.NotFound, patchHidden.StatusCode);
    }

    [Fact]
    public async Task An_authorized_admin_updates_an_expired_card_and_loses_sight_of_it_once_revoked() // R3, R5
    {
        var (org, accountId, authorized, _, customer) = await Family();
        using var __ = customer;
        using var admin = await fixture.Admin(org);
        var route = $"/api/orgs/{org}/accounts/{accountId}/payment-methods";

        var updated = await HttpAssert.Ok<OrganizationPaymentMethod>(await admin.PatchAsJsonAsync($"{route}/{authorized.Id}", new { expMonth = 3, expYear = 2030 }));
        await HttpAssert.Ok<OwnerPaymentMethod>(await customer.DeleteAsync($"/api/me/wallet/methods/{authorized.Id}/authorizations/{org}"));
        var afterRevoke = await HttpAssert.Ok<List<OrganizationPaymentMethod>>(await admin.GetAsync(route));
        var patchAfterRevoke = await admin.PatchAsJsonAsync($"{route}/{authorized.Id}", new { expMonth = 4, expYear = 2030 });

        Assert.False(updated.IsExpired);
        Assert.Equal(new CardExpiry(3, 2030), updated.Details.Expiry);
        Assert.Empty(afterRevoke);
        await HttpAssert.Problem(patchAfterRevoke, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Another_organization_gets_the_same_404_for_a_real_organization_as_for_a_missing_one()
    {
        var (org, accountId, _, _, customer) = await Family();
        using var __ = customer;
        var other = await fixture.NewOrganization();
        using var foreignAdmin = await fixture.Admin(other);

        foreach (var suffix in new[] { "", "/catalog", $"/accounts/{accountId}", $"/accounts/{accountId}/payment-methods" })
        {
            var real = await foreignAdmin.GetAsync($"/api/orgs/{org}{suffix}");
            var missing = await foreignAdmin.GetAsync($"/api/orgs/org-does-not-exist{suffix}");

            Assert.Equal(HttpStatusCode.NotFound, real.StatusCode);
            Assert.Equal(await HttpAssert.ProblemShape(missing), await HttpAssert.ProblemShape(real));
        }

        var write = await foreignAdmin.PostAsJsonAsync($"/api/orgs/{org}/accounts/{accountId}/persons", new { firstName = "Eve", lastName = "Intruder" });
        Assert.Equal(HttpStatusCode.NotFound, write.StatusCode);
        using var admin = await fixture.Admin(org);
        Assert.Empty((await HttpAssert.Ok<AccountView>(await admin.GetAsync($"/api/orgs/{org}/accounts/{accountId}"))).Persons);
    }

    [Fact]
    public async Task An_account_of_another_organization_looks_missing_under_mine()
    {
        var (_, accountId, _, _, customer) = await Family();
        using var __ = customer;
        var mine = await fixture.NewOrganization();
        using var admin = await fixture.Admin(mine);

        var foreign = await admin.GetAsync($"/api/orgs/{mine}/accounts/{accountId}");
        var missing = await admin.GetAsync($"/api/orgs/{mine}/accounts/acc_0000000000000000");
        var foreignMethods = await admin.GetAsync($"/api/orgs/{mine}/accounts/{accountId}/payment-methods");

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(await HttpAssert.ProblemShape(missing), await HttpAssert.ProblemShape(foreign));
        Assert.Equal(HttpStatusCode.NotFound, foreignMethods.StatusCode);
    }

    [Fact]
    public async Task An_admin_builds_a_family_with_enrollments_and_affiliations()
    {
        var org = await fixture.NewOrganization();
        using var admin = await fixture.Admin(org);
        var program = await HttpAssert.Ok<Contracts.Organizations.CatalogEntry>(await admin.PostAsJsonAsync($"/api/orgs/{org}/programs", new { name = "Youth Sports" }), HttpStatusCode.Created);
        var soccer = await HttpAssert.Ok<Contracts.Organizations.CatalogEntry>(await admin.PostAsJsonAsync($"/api/orgs/{org}/activities", new { programId = program.Id, name = "Soccer U10" }), HttpStatusCode.Created);
        var resident = await HttpAssert.Ok<Contracts.Organizations.CatalogEntry>(await admin.PostAsJsonAsync($"/api/orgs/{org}/affiliations", new { name = "Resident" }), HttpStatusCode.Created);
        var account = await HttpAssert.Ok<AccountView>(await admin.PostAsJsonAsync($"/api/orgs/{org}/accounts", new { holderUserId = ApiFixture.NewUserId(), displayName = "Roy family" }), HttpStatusCode.Created);
        var route = $"/api/orgs/{org}/accounts/{account.AccountId}/persons";
        var person = await HttpAssert.Ok<PersonView>(await admin.PostAsJsonAsync(route, new { firstName = "Noah", lastName = "Roy", birthDate = "2016-05-04" }), HttpStatusCode.Created);

        await HttpAssert.Ok<PersonView>(await admin.PutAsync($"{route}/{person.Id}/enrollments/{soccer.Id}", null));
        var withBoth = await HttpAssert.Ok<PersonView>(await admin.PutAsync($"{route}/{person.Id}/affiliations/{resident.Id}", null));
        var unknownActivity = await admin.PutAsync($"{route}/{person.Id}/enrollments/act-999", null);
        var duplicateProgram = await admin.PostAsJsonAsync($"/api/orgs/{org}/programs", new { name = "youth sports" });

        Assert.Equal([soccer.Id], withBoth.ActivityIds);
        Assert.Equal([resident.Id], withBoth.AffiliationIds);
        Assert.Equal(new DateOnly(2016, 5, 4), withBoth.BirthDate);
        await HttpAssert.Problem(unknownActivity, HttpStatusCode.NotFound, "not_found");
        await HttpAssert.Problem(duplicateProgram, HttpStatusCode.Conflict, "catalog.duplicate");
        var persons = await HttpAssert.Ok<List<PersonView>>(await admin.GetAsync(route));
        Assert.Equal([person.Id], persons.Select(p => p.Id));
    }
}
