using System.Net;
using System.Net.Http.Json;
using SmartRec.Api.Endpoints;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.Invoices;
using SmartRec.Contracts.MassInvoices;

namespace SmartRec.Api.Tests;

/// <summary>What a screen needs from the facade (issue 11): paged lists with totals, rows it can draw, search, one shape per idea.</summary>
[Collection(ApiCollection.Name)]
public sealed class FacadeHttpTests(ApiFixture fixture)
{
    private static readonly object Usd20 = new { minor = 2_000, currency = "USD" };

    [Fact]
    public async Task An_accounts_invoices_come_a_page_at_a_time_with_the_total_and_a_cursor()
    {
        var org = await fixture.NewOrganization();
        var account = await OpenAccount(org, "acc-pages", "Page family", ApiFixture.NewUserId());
        using var admin = await fixture.Admin(org);
        var invoices = $"/api/orgs/{org}/accounts/{account}/invoices";
        foreach (var id in new[] { "inv_a", "inv_b", "inv_c" })
        {
            await HttpAssert.Ok<InvoiceView>(await admin.PostAsJsonAsync(invoices,
                new { invoiceId = id, lines = new[] { new { description = "Session", amount = Usd20 } }, dueDate = "2027-01-15" }), HttpStatusCode.Created);
        }

        var first = await HttpAssert.Ok<Page<InvoiceView>>(await admin.GetAsync($"{invoices}?limit=2"));
        var second = await HttpAssert.Ok<Page<InvoiceView>>(await admin.GetAsync($"{invoices}?limit=2&cursor={first.NextCursor}"));

        Assert.Equal((3, 3), (first.Total, second.Total));
        Assert.Equal(["inv_a", "inv_b"], first.Items.Select(i => i.InvoiceId));
        Assert.Equal(["inv_c"], second.Items.Select(i => i.InvoiceId));
        Assert.Null(second.NextCursor);
        await HttpAssert.Problem(await admin.GetAsync($"{invoices}?cursor=bm90LWFuLWlk"), HttpStatusCode.BadRequest, "page.cursor");
        await HttpAssert.Problem(await admin.GetAsync($"{invoices}?limit=501"), HttpStatusCode.BadRequest, "page.limit");
    }

    [Fact]
    public async Task A_payment_names_the_invoices_its_money_went_to_also_those_the_caller_did_not_name() // R9
    {
        var org = await fixture.NewOrganization();
        var holder = ApiFixture.NewUserId();
        var account = await OpenAccount(org, "acc-pay", "Pay family", holder);
        using var admin = await fixture.Admin(org);
        using var customer = await fixture.Customer(holder);
        var billing = $"/api/orgs/{org}/accounts/{account}";
        foreach (var id in new[] { "inv_old", "inv_new" })
        {
            await HttpAssert.Ok<InvoiceView>(await admin.PostAsJsonAsync($"{billing}/invoices",
                new { invoiceId = id, lines = new[] { new { description = "Session", amount = Usd20 } }, dueDate = "2027-01-15" }), HttpStatusCode.Created);
        }

        var card = await HttpAssert.Ok<Contracts.Wallets.OwnerPaymentMethod>(await customer.PostAsJsonAsync("/api/me/wallet/methods", new
        {
            token = Payments.Simulated.SimulatedTestMethods.Visa,
            billingAddress = new { line1 = "1 Main Street", city = "Burlington", region = "VT", postalCode = "05401", country = "US" },
        }), HttpStatusCode.Created);
        (await customer.PutAsync($"/api/me/wallet/methods/{card.Id}/authorizations/{org}", null)).EnsureSuccessStatusCode();

        var paid = await HttpAssert.Ok<Contracts.Billing.CheckoutResult>(await admin.PostMoney($"{billing}/payments",
            new { amount = new { minor = 4_000, currency = "USD" }, source = new { methodId = card.Id } }), HttpStatusCode.Created);
        var read = await HttpAssert.Ok<Contracts.Payments.PaymentView>(await admin.GetAsync($"{billing}/payments/{paid.Payment!.PaymentId}"));
        var listed = Assert.Single((await HttpAssert.Ok<Page<Contracts.Payments.PaymentView>>(await admin.GetAsync($"{billing}/payments"))).Items);

        Assert.Equal(["inv_old", "inv_new"], read.InvoiceIds.Order(StringComparer.Ordinal).Reverse());
        Assert.Equal(read.InvoiceIds, listed.InvoiceIds);
    }

    [Fact]
    public async Task Every_id_the_engine_makes_has_one_style_a_kind_an_underscore_and_a_suffix()
    {
        var org = await fixture.NewOrganization();
        using var admin = await fixture.Admin(org);
        var orgRoute = $"/api/orgs/{org}";

        var account = await HttpAssert.Ok<AccountView>(await admin.PostAsJsonAsync($"{orgRoute}/accounts",
            new { holderUserId = ApiFixture.NewUserId(), displayName = "Id family" }), HttpStatusCode.Created);
        var person = await HttpAssert.Ok<PersonView>(await admin.PostAsJsonAsync($"{orgRoute}/accounts/{account.AccountId}/persons",
            new { firstName = "Ida", lastName = "Style" }), HttpStatusCode.Created);
        var program = await HttpAssert.Ok<Contracts.Organizations.CatalogEntry>(await admin.PostAsJsonAsync($"{orgRoute}/programs", new { name = "Aquatics" }), HttpStatusCode.Created);
        var activity = await HttpAssert.Ok<Contracts.Organizations.CatalogEntry>(await admin.PostAsJsonAsync($"{orgRoute}/activities",
            new { programId = program.Id, name = "Swim" }), HttpStatusCode.Created);
        var invoice = await HttpAssert.Ok<InvoiceView>(await admin.PostAsJsonAsync($"{orgRoute}/accounts/{account.AccountId}/invoices",
            new { lines = new[] { new { description = "Session", amount = Usd20 } }, dueDate = "2027-01-15" }), HttpStatusCode.Created);
        var batch = await HttpAssert.Ok<MassInvoiceProgress>(await admin.PostMoney($"{orgRoute}/mass-invoices", new
        {
            selection = new { tab = "accounts" }, description = "Session", amount = Usd20, dueDate = "2027-01-15",
        }), HttpStatusCode.Accepted);

        Assert.Matches("^acc_[a-z0-9]+$", account.AccountId);
        Assert.Matches("^per_[0-9]+$", person.Id);
        Assert.Matches("^prg_[0-9]+$", program.Id);
        Assert.Matches("^act_[0-9]+$", activity.Id);
        Assert.Matches("^inv_[a-z]{24}$", invoice.InvoiceId);
        Assert.Matches("^mi_[a-z]{32}$", batch.BatchId);
    }

    [Fact]
    public async Task An_amount_whose_number_is_sent_as_text_is_refused_and_changes_nothing()
    {
        var org = await fixture.NewOrganization();
        var account = await OpenAccount(org, "acc-text", "Text family", ApiFixture.NewUserId());
        using var admin = await fixture.Admin(org);
        var billing = $"/api/orgs/{org}/accounts/{account}";
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{billing}/credits")
        {
            Content = new StringContent("""{"amount":{"minor":"500","currency":"USD"},"reason":"Goodwill"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", "credit-as-text");

        await HttpAssert.Problem(await admin.SendAsync(request), HttpStatusCode.BadRequest, "request.unreadable");
        var balance = await HttpAssert.Ok<Contracts.Billing.LedgerView>(await admin.GetAsync($"{billing}/balance"));
        Assert.Equal(0, balance.CreditGranted.Minor);
    }

    [Fact]
    public async Task Account_rows_carry_the_balance_owing_and_whether_the_holder_ever_signed_in() // R7
    {
        var org = await fixture.NewOrganization();
        var holder = ApiFixture.NewUserId();
        var account = await OpenAccount(org, "acc-row", "Row family", holder);
        using var admin = await fixture.Admin(org);
        await HttpAssert.Ok<InvoiceView>(await admin.PostAsJsonAsync($"/api/orgs/{org}/accounts/{account}/invoices",
            new { lines = new[] { new { description = "Session", amount = Usd20 } }, dueDate = "2027-01-15" }), HttpStatusCode.Created);

        var before = Assert.Single((await HttpAssert.Ok<Page<DirectoryApi.AccountListRow>>(await admin.GetAsync($"/api/orgs/{org}/accounts"))).Items);
        var pageBefore = await HttpAssert.Ok<AccountsApi.AccountDetails>(await admin.GetAsync($"/api/orgs/{org}/accounts/{account}"));
        using var customer = await fixture.Customer(holder);
        Assert.Equal(HttpStatusCode.NoContent, (await customer.PostAsync("/api/me/sign-in", null)).StatusCode);
        var after = Assert.Single((await HttpAssert.Ok<Page<DirectoryApi.AccountListRow>>(await admin.GetAsync($"/api/orgs/{org}/accounts"))).Items);
        var pageAfter = await HttpAssert.Ok<AccountsApi.AccountDetails>(await admin.GetAsync($"/api/orgs/{org}/accounts/{account}"));

        Assert.Equal((2_000L, "USD", true), (before.BalanceOwing.Minor, before.BalanceOwing.Currency, before.HolderNeverSignedIn));
        Assert.False(after.HolderNeverSignedIn);
        // The account's own page says it too, so it can offer or withhold "save to wallet" without searching the list.
        Assert.Equal((true, false), (pageBefore.HolderNeverSignedIn, pageAfter.HolderNeverSignedIn));
    }

    [Fact]
    public async Task Both_tabs_search_names_with_q() // R4
    {
        var org = await fixture.NewOrganization();
        await OpenAccount(org, "acc-1", "Tremblay family", ApiFixture.NewUserId(), ("Ava", "Roy"));
        await OpenAccount(org, "acc-2", "Gagnon family", ApiFixture.NewUserId(), ("Noah", "Tremblay-Roy"), ("Zoe", "Gagnon"));
        await OpenAccount(org, "acc-3", "Martin family", ApiFixture.NewUserId(), ("Leo", "Martin"));
        using var viewer = await fixture.As($"viewer@{org}", "viewer", org);

        var accounts = await HttpAssert.Ok<Page<DirectoryApi.AccountListRow>>(await viewer.GetAsync($"/api/orgs/{org}/accounts?q=tremblay"));
        var persons = await HttpAssert.Ok<PersonPage>(await viewer.GetAsync($"/api/orgs/{org}/persons?q=roy"));
        var fullName = await HttpAssert.Ok<PersonPage>(await viewer.GetAsync($"/api/orgs/{org}/persons?q=zoe%20gagnon"));

        Assert.Equal(["acc-1", "acc-2"], accounts.Items.Select(a => a.AccountId)); // by the account's name, and by a person's
        Assert.Equal(2, accounts.Total);
        Assert.Equal(["Ava", "Noah"], persons.Items.Select(p => p.FirstName));
        Assert.Equal(["Zoe"], fullName.Items.Select(p => p.FirstName));
        await HttpAssert.Problem(await viewer.GetAsync($"/api/orgs/{org}/persons?q={new string('a', 101)}"), HttpStatusCode.BadRequest, "directory.filter");
    }

    [Fact]
    public async Task Both_tabs_sort_by_name_a_page_at_a_time() // R4
    {
        var org = await fixture.NewOrganization();
        await OpenAccount(org, "acc-1", "zimmer family", ApiFixture.NewUserId(), ("Zoe", "Zimmer"));
        await OpenAccount(org, "acc-2", "Abbott family", ApiFixture.NewUserId(), ("Noah", "Abbott"), ("Ava", "Abbott"));
        await OpenAccount(org, "acc-3", "Martin family", ApiFixture.NewUserId(), ("Leo", "Martin"));
        using var viewer = await fixture.As($"viewer@{org}", "viewer", org);

        var first = await HttpAssert.Ok<Page<DirectoryApi.AccountListRow>>(await viewer.GetAsync($"/api/orgs/{org}/accounts?sort=name&limit=2"));
        var second = await HttpAssert.Ok<Page<DirectoryApi.AccountListRow>>(
            await viewer.GetAsync($"/api/orgs/{org}/accounts?sort=name&limit=2&cursor={first.NextCursor}"));
        var persons = await HttpAssert.Ok<PersonPage>(await viewer.GetAsync($"/api/orgs/{org}/persons?sort=name"));

        Assert.Equal(["Abbott family", "Martin family"], first.Items.Select(a => a.DisplayName));
        Assert.Equal(["zimmer family"], second.Items.Select(a => a.DisplayName)); // case does not put lowercase last
        Assert.Null(second.NextCursor);
        Assert.Equal(["Ava Abbott", "Noah Abbott", "Leo Martin", "Zoe Zimmer"], persons.Items.Select(p => $"{p.FirstName} {p.LastName}"));
        await HttpAssert.Problem(await viewer.GetAsync($"/api/orgs/{org}/accounts?sort=balance"), HttpStatusCode.BadRequest, "directory.sort");
        await HttpAssert.Problem(await viewer.GetAsync($"/api/orgs/{org}/accounts?cursor={first.NextCursor}"), HttpStatusCode.BadRequest, "directory.cursor");
    }

    [Fact]
    public async Task A_mass_invoice_body_reads_saved_card_as_the_query_does_and_needs_no_empty_filter() // R11
    {
        var org = await fixture.NewOrganization();
        await OpenAccount(org, "acc-1", "One family", ApiFixture.NewUserId(), ("Ava", "Roy"));
        await OpenAccount(org, "acc-2", "Two family", ApiFixture.NewUserId(), ("Leo", "Roy"), ("Mia", "Roy"));
        using var admin = await fixture.Admin(org);

        var everyone = await Completed(admin, org, new { tab = "persons" });
        var withoutCard = await Completed(admin, org, new { tab = "accounts", filter = new { savedCard = "no" } });
        var withCard = await Completed(admin, org, new { tab = "accounts", filter = new { savedCard = true } });
        var refused = await StartMassInvoice(admin, org, new { tab = "accounts", filter = new { savedCard = "maybe" } });

        Assert.Equal(3, everyone.Created);
        Assert.Equal(2, withoutCard.Created);
        Assert.Equal(0, withCard.Targets);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    private async Task<MassInvoiceProgress> Completed(HttpClient admin, string org, object selection)
    {
        var started = await StartMassInvoice(admin, org, selection);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        for (var polls = 0; polls < 600; polls++)
        {
            var progress = await HttpAssert.Ok<MassInvoiceProgress>(await admin.GetAsync(started.Headers.Location));
            if (progress.Status == MassInvoiceStatus.Completed)
            {
                return progress;
            }

            await Task.Delay(50);
        }

        Assert.Fail("The batch did not complete in 30 s.");
        return null!;
    }

    [Fact]
    public async Task A_mass_invoice_preview_counts_what_a_launch_would_invoice_and_who_it_would_skip_and_invoices_nothing() // R11
    {
        var org = await fixture.NewOrganization();
        await OpenAccount(org, "acc-1", "Roy family", ApiFixture.NewUserId(), ("Ava", "Roy"), ("Leo", "Roy"));
        await OpenAccount(org, "acc-2", "Gagnon family", ApiFixture.NewUserId(), ("Zoe", "Gagnon"));
        using var admin = await fixture.Admin(org);
        using var viewer = await fixture.As($"viewer@{org}", "viewer", org);
        var preview = $"/api/orgs/{org}/mass-invoices/preview";
        object Body(object selection) => new { selection, description = "Season", amount = Usd20, dueDate = "2027-01-15" };

        var everyone = await HttpAssert.Ok<MassInvoicePreview>(await admin.PostAsJsonAsync(preview, Body(new { tab = "persons" })));
        var listed = await HttpAssert.Ok<MassInvoicePreview>(await admin.PostAsJsonAsync(preview, Body(new
        {
            tab = "persons", ids = new[] { new { accountId = "acc-1", personId = "per_1" }, new { accountId = "acc-9", personId = "per_1" } },
        })));
        var refused = await admin.PostAsJsonAsync(preview, new { selection = new { tab = "persons" }, description = "Season", amount = Usd20 });
        var byViewer = await viewer.PostAsJsonAsync(preview, Body(new { tab = "persons" }));

        Assert.Equal((3, 3, 6_000L), (everyone.Targets, everyone.ToInvoice, everyone.Total.Minor));
        Assert.Empty(everyone.SkippedByReason);
        Assert.Equal((2, 1, 2_000L), (listed.Targets, listed.ToInvoice, listed.Total.Minor));
        Assert.Equal(1, listed.SkippedByReason["not_found"]);
        Assert.Equal(("acc-9", TargetOutcome.Skipped), (Assert.Single(listed.FirstSkipped).AccountId, listed.FirstSkipped[0].Outcome));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byViewer.StatusCode);
        var batches = await HttpAssert.Ok<Page<MassInvoiceProgress>>(await admin.GetAsync($"/api/orgs/{org}/mass-invoices"));
        Assert.Equal(0, batches.Total); // a preview launches nothing
    }

    private static async Task<HttpResponseMessage> StartMassInvoice(HttpClient admin, string org, object selection)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/orgs/{org}/mass-invoices")
        {
            Content = JsonContent.Create(new { selection, description = "Season", amount = Usd20, dueDate = "2027-01-15" }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        return await admin.SendAsync(request);
    }

    private async Task<string> OpenAccount(string org, string accountId, string name, string holder, params (string First, string Last)[] persons)
    {
        var account = fixture.Grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(org, accountId));
        await account.Open(new OpenAccount(holder, name));
        foreach (var (first, last) in persons)
        {
            await account.AddPerson(new NewPerson(first, last));
        }

        return accountId;
    }
}
