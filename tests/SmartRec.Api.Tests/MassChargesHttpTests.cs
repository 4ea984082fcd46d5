using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.MassCharges;
using SmartRec.Contracts.Wallets;
using SmartRec.Payments.Simulated;

namespace SmartRec.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class MassChargesHttpTests(ApiFixture fixture)
{
    private static readonly BillingAddress Address = new("1 Main Street", "Burlington", "05401", "US", Region: "VT");

    private static readonly object PersonsAtTwentyFive = new
    {
        selection = new { tab = "persons", filter = new { } },
        amount = new { minor = 2_500, currency = "USD" },
        methodPreference = "card",
        notes = "Summer camp, week 1",
    };

    /// <summary>Three families of two persons, each holder with a card authorized for the organization.</summary>
    private async Task<string> Families()
    {
        var org = await fixture.NewOrganization();
        for (var n = 0; n < 3; n++)
        {
            var holder = ApiFixture.NewUserId();
            var account = fixture.Grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(org, $"acc-{n}"));
            await account.Open(new OpenAccount(holder, $"Family {n}"));
            await account.AddPerson(new NewPerson("Ava", "Roy"));
            await account.AddPerson(new NewPerson("Leo", "Roy"));
            var wallet = fixture.Grains.GetGrain<IWalletGrain>(holder);
            var card = await wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.Visa, Address));
            await wallet.Authorize(card.Id, org);
        }

        return org;
    }

    [Fact]
    public async Task A_launch_answers_202_and_its_event_stream_ends_with_a_final_event() // R12
    {
        var org = await Families();
        using var admin = await fixture.Admin(org);

        var preview = await HttpAssert.Ok<MassChargePreview>(await admin.PostAsJsonAsync($"/api/orgs/{org}/mass-charges/preview", PersonsAtTwentyFive));
        var launch = await admin.PostMoney($"/api/orgs/{org}/mass-charges", PersonsAtTwentyFive, "camp-week-1");
        var launched = await HttpAssert.Ok<JsonElement>(launch, HttpStatusCode.Accepted);
        var events = await ReadEvents(admin, $"{launch.Headers.Location}/events");
        var list = await HttpAssert.Ok<JsonElement>(await admin.GetAsync($"/api/orgs/{org}/mass-charges"));
        var invoices = await HttpAssert.Ok<JsonElement>(await admin.GetAsync($"/api/orgs/{org}/mass-invoices"));

        Assert.Equal((6, 6, 15_000L), (preview.Targets, preview.ToCharge, preview.Total.Minor));
        var batchId = launched.GetProperty("batchId").GetString();
        Assert.Equal($"/api/orgs/{org}/mass-charges/{batchId}", launch.Headers.Location?.OriginalString);
        var (lastEvent, lastData) = events[^1];
        Assert.Equal("final", lastEvent);
        Assert.Equal(1, events.Count(e => e.Event == "final"));
        Assert.Equal("completed", lastData.GetProperty("status").GetString());
        Assert.Equal(6, lastData.GetProperty("counts").GetProperty("charged").GetInt32());
        Assert.Equal(15_000, lastData.GetProperty("amountCharged").GetProperty("minor").GetInt64());
        Assert.Equal([batchId], list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("batchId").GetString()));
        Assert.Equal((1, 0), (list.GetProperty("total").GetInt32(), invoices.GetProperty("total").GetInt32()));
        Assert.Equal(0, invoices.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Results_come_a_page_at_a_time_or_as_csv_with_one_row_per_target()
    {
        var org = await Families();
        using var admin = await fixture.Admin(org);
        var launch = await admin.PostMoney($"/api/orgs/{org}/mass-charges", PersonsAtTwentyFive);
        await ReadEvents(admin, $"{launch.Headers.Location}/events");

        var page = await HttpAssert.Ok<MassChargeResults>(await admin.GetAsync($"{launch.Headers.Location}/results?outcome=charged&limit=4"));
        var rest = await HttpAssert.Ok<MassChargeResults>(await admin.GetAsync($"{launch.Headers.Location}/results?outcome=charged&limit=4&cursor={page.NextCursor}"));
        using var csvRequest = new HttpRequestMessage(HttpMethod.Get, $"{launch.Headers.Location}/results");
        csvRequest.Headers.Add("Accept", "text/csv");
        var csv = await admin.SendAsync(csvRequest);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal((4, 2), (page.Items.Count, rest.Items.Count));
        Assert.Null(rest.NextCursor);
        Assert.Equal(6, page.Items.Concat(rest.Items).Select(r => r.PaymentId).Distinct().Count());
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("accountId,personId,outcome,amountMinor,currency,attempt,paymentId,code", lines[0].TrimEnd('\r'));
        Assert.Equal(6, lines.Skip(1).Count(l => l.Contains(",charged,2500,USD,1,", StringComparison.Ordinal)));
        Assert.Equal(7, lines.Length);
    }

    [Fact]
    public async Task A_mass_charge_payment_is_listed_and_refunded_through_the_account_payment_routes() // R12
    {
        var org = await Families();
        using var admin = await fixture.Admin(org);
        var accounts = new { selection = new { tab = "accounts", filter = new { } }, amount = new { minor = 4_000, currency = "USD" }, notes = "Season pass" };
        var launch = await admin.PostMoney($"/api/orgs/{org}/mass-charges", accounts);
        await ReadEvents(admin, $"{launch.Headers.Location}/events");
        var results = await HttpAssert.Ok<MassChargeResults>(await admin.GetAsync($"{launch.Headers.Location}/results"));
        var charged = results.Items.Single(r => r.AccountId == "acc-1");
        var paymentsUrl = $"/api/orgs/{org}/accounts/acc-1/payments";

        var listed = await HttpAssert.Ok<JsonElement>(await admin.GetAsync(paymentsUrl));
        var refund = await admin.PostMoney($"{paymentsUrl}/{charged.PaymentId}/refunds", new { amount = new { minor = 1_500, currency = "USD" } }, "refund-once");
        var replay = await admin.PostMoney($"{paymentsUrl}/{charged.PaymentId}/refunds", new { amount = new { minor = 1_500, currency = "USD" } }, "refund-once");
        var refunded = await HttpAssert.Ok<JsonElement>(refund, HttpStatusCode.Created);
        var balance = await HttpAssert.Ok<JsonElement>(await admin.GetAsync($"/api/orgs/{org}/accounts/acc-1/balance"));
        var elsewhere = await admin.GetAsync($"/api/orgs/{org}/accounts/acc-2/payments/{charged.PaymentId}");

        var item = listed.GetProperty("items").EnumerateArray().Single();
        Assert.Equal((charged.PaymentId, "succeeded", 4_000L), (item.GetProperty("paymentId").GetString(), item.GetProperty("status").GetString(), item.GetProperty("amount").GetProperty("minor").GetInt64()));
        Assert.Equal(("visa", "4242"), (item.GetProperty("methodBrand").GetString(), item.GetProperty("methodLast4").GetString()));
        Assert.Equal(("partiallyRefunded", 1_500L), (refunded.GetProperty("status").GetString(), refunded.GetProperty("refunded").GetProperty("minor").GetInt64()));
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal((4_000L, 1_500L, 2_500L), (balance.GetProperty("received").GetProperty("minor").GetInt64(),
            balance.GetProperty("refunded").GetProperty("minor").GetInt64(), balance.GetProperty("unallocated").GetProperty("minor").GetInt64()));
        await HttpAssert.Problem(elsewhere, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task The_preview_takes_and_shows_an_allocation_to_the_oldest_invoices_and_refuses_an_unknown_one() // R12, decision 9
    {
        var org = await Families();
        using var admin = await fixture.Admin(org);
        var oldest = new { selection = new { tab = "accounts", filter = new { } }, amount = new { minor = 1_000, currency = "USD" }, allocation = "oldestInvoices" };

        var preview = await HttpAssert.Ok<JsonElement>(await admin.PostAsJsonAsync($"/api/orgs/{org}/mass-charges/preview", oldest));
        var plain = await HttpAssert.Ok<JsonElement>(await admin.PostAsJsonAsync($"/api/orgs/{org}/mass-charges/preview", new { oldest.selection, oldest.amount }));
        var unknown = await admin.PostAsJsonAsync($"/api/orgs/{org}/mass-charges/preview", new { oldest.selection, oldest.amount, allocation = "newestInvoices" });

        Assert.Equal(("oldestInvoices", 3), (preview.GetProperty("allocation").GetString(), preview.GetProperty("toCharge").GetInt32()));
        Assert.Equal("unreconciled", plain.GetProperty("allocation").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Fact]
    public async Task A_launch_without_an_idempotency_key_or_with_a_bad_amount_is_refused_whole() // decision 9
    {
        var org = await Families();
        using var admin = await fixture.Admin(org);
        using var viewer = await fixture.As($"viewer@{org}", "viewer", org);

        var noKey = await admin.PostAsJsonAsync($"/api/orgs/{org}/mass-charges", PersonsAtTwentyFive);
        var zero = await admin.PostMoney($"/api/orgs/{org}/mass-charges", new
        {
            selection = new { tab = "accounts", filter = new { } },
            amount = new { minor = 0, currency = "USD" },
        }, "zero");
        var asViewer = await viewer.PostMoney($"/api/orgs/{org}/mass-charges", PersonsAtTwentyFive);

        await HttpAssert.Problem(noKey, HttpStatusCode.BadRequest, "idempotency_key.required");
        await HttpAssert.Problem(zero, HttpStatusCode.BadRequest, "amount.not_positive");
        Assert.Equal(HttpStatusCode.Forbidden, asViewer.StatusCode);
        var list = await HttpAssert.Ok<JsonElement>(await admin.GetAsync($"/api/orgs/{org}/mass-charges"));
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Another_organizations_batch_answers_404_exactly_like_a_missing_one() // decision 10
    {
        var org = await Families();
        var other = await fixture.NewOrganization();
        using var admin = await fixture.Admin(org);
        using var stranger = await fixture.Admin(other);
        var launch = await admin.PostMoney($"/api/orgs/{org}/mass-charges", PersonsAtTwentyFive);

        var foreign = await stranger.GetAsync(launch.Headers.Location);
        var missing = await stranger.GetAsync($"/api/orgs/{org}/mass-charges/mc-nothinghereatall");
        var cancelForeign = await stranger.PostAsync($"{launch.Headers.Location}/cancel", null);
        var ownMissing = await admin.GetAsync($"/api/orgs/{org}/mass-charges/mc-nothinghereatall");

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        var missingShape = await HttpAssert.ProblemShape(missing);
        Assert.Equal(missingShape, await HttpAssert.ProblemShape(foreign));
        Assert.Equal(missingShape, await HttpAssert.ProblemShape(cancelForeign));
        await HttpAssert.Problem(ownMissing, HttpStatusCode.NotFound, "not_found");
    }

    /// <summary>Reads a Server-Sent Events stream to its end: (event, data) pairs.</summary>
    private static async Task<List<(string Event, JsonElement Data)>> ReadEvents(HttpClient client, string url)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new List<(string, JsonElement)>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        string? name = null;
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add((name ?? "message", JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone()));
            }
        }

        return events;
    }
}
