using System.Net;
using System.Net.Http.Json;
using SmartRec.Api.Endpoints;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.MassInvoices;
using SmartRec.Contracts.Organizations;

namespace SmartRec.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class DirectoryHttpTests(ApiFixture fixture)
{
    private async Task<(string Org, CatalogEntry Swim)> OrganizationWithSwimmers(int accounts)
    {
        var org = await fixture.NewOrganization();
        var catalog = fixture.Grains.GetGrain<IOrganizationGrain>(org);
        var swim = await catalog.AddActivity((await catalog.AddProgram("Aquatics")).Id, "Swim");
        for (var n = 0; n < accounts; n++)
        {
            var account = fixture.Grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(org, $"acc-{n:000}"));
            await account.Open(new OpenAccount(ApiFixture.NewUserId(), "Family"));
            await account.Enroll((await account.AddPerson(new NewPerson("Ava", "Roy"))).Id, swim.Id);
            await account.AddPerson(new NewPerson("Liam", "Roy"));
        }

        return (org, swim);
    }

    [Theory]
    [InlineData("savedCard=maybe", "savedCard")]
    [InlineData("savedECheck=2", "savedECheck")]
    [InlineData("limit=9999", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("activityId=act-404", "activityId")]
    [InlineData("programId=bad%20id", "programId")]
    public async Task Bad_query_values_answer_a_problem_naming_the_field(string query, string field) // R4
    {
        var (org, _) = await OrganizationWithSwimmers(1);
        using var admin = await fixture.Admin(org);

        var problem = await HttpAssert.Problem(await admin.GetAsync($"/api/orgs/{org}/persons?{query}"), HttpStatusCode.BadRequest, ErrorCode(field));

        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Both_tabs_filter_and_count_and_a_foreign_admin_gets_404() // R4, decision 10
    {
        var (org, swim) = await OrganizationWithSwimmers(3);
        using var viewer = await fixture.As($"viewer@{org}", "viewer", org);
        using var foreign = await fixture.Admin(await fixture.NewOrganization());

        var persons = await HttpAssert.Ok<PersonPage>(await viewer.GetAsync($"/api/orgs/{org}/persons?activityId={swim.Id}&savedCard=no&limit=2"));
        var accounts = await HttpAssert.Ok<Page<DirectoryApi.AccountListRow>>(await viewer.GetAsync($"/api/orgs/{org}/accounts?savedECheck=yes"));
        var denied = await foreign.GetAsync($"/api/orgs/{org}/persons");

        Assert.Equal(3, persons.Total);
        Assert.Equal(2, persons.Items.Count);
        Assert.NotNull(persons.NextCursor);
        Assert.Equal(0, accounts.Total);
        Assert.Equal(HttpStatusCode.NotFound, denied.StatusCode);
    }

    [Fact]
    public async Task A_mass_invoice_sent_twice_with_one_key_is_one_batch_and_a_viewer_may_not_start_one() // R11
    {
        var (org, swim) = await OrganizationWithSwimmers(4);
        using var admin = await fixture.Admin(org);
        using var viewer = await fixture.As($"viewer@{org}", "viewer", org);
        var body = new
        {
            selection = new { tab = "persons", filter = new { activityId = swim.Id } },
            description = "Swim session",
            amount = new { minor = 2_000, currency = "USD" },
            dueDate = "2027-01-15",
        };

        async Task<HttpResponseMessage> Send(HttpClient client)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/orgs/{org}/mass-invoices") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", "swim-" + org);
            return await client.SendAsync(request);
        }

        var first = await Send(admin);
        var second = await Send(admin);
        var refused = await Send(viewer);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        MassInvoiceProgress progress;
        var polls = 0;
        do
        {
            await Task.Delay(50);
            progress = await HttpAssert.Ok<MassInvoiceProgress>(await admin.GetAsync(first.Headers.Location));
            Assert.True(++polls < 600, $"Batch still {progress.Status} after 30 s");
        }
        while (progress.Status != MassInvoiceStatus.Completed);

        var results = await HttpAssert.Ok<MassInvoiceResults>(await admin.GetAsync($"{first.Headers.Location}/results?limit=10"));
        Assert.Equal((4, 4), (progress.Targets, progress.Created));
        Assert.Equal(4, results.Items.Select(r => r.InvoiceId).Distinct().Count());
        Assert.All(results.Items, r => Assert.Equal(TargetOutcome.Created, r.Outcome));
        using var anonymous = fixture.Anonymous();
        var metrics = (await anonymous.GetStringAsync("/metrics")).Split('\n');
        Assert.Contains(metrics, line => line.StartsWith("smartrec_batch_targets_total{", StringComparison.Ordinal)
            && line.Contains("kind=\"mass_invoice\"", StringComparison.Ordinal) && line.Contains("outcome=\"created\"", StringComparison.Ordinal));
    }

    private static string ErrorCode(string field) => field switch
    {
        "limit" => "directory.limit",
        "cursor" => "directory.cursor",
        "programId" => "id.invalid",
        _ => "directory.filter",
    };
}
