using SmartRec.Contracts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.Invoices;
using SmartRec.Contracts.MassInvoices;
using SmartRec.Domain.MassInvoices;
using static SmartRec.Grains.Tests.MassInvoiceTestSupport;

namespace SmartRec.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class MassInvoiceGrainTests(ClusterFixture fixture)
{
    private readonly DirectoryTestData _data = new(fixture.Grains);

    private IMassInvoiceGrain Batch(string organizationId, string batchId) =>
        fixture.Grains.GetGrain<IMassInvoiceGrain>(OrgScopedKey.For(organizationId, batchId));

    private Task<LedgerView> Ledger(string organizationId, string accountId) =>
        fixture.Grains.GetGrain<IAccountLedgerGrain>(Contracts.OrgScopedKey.For(organizationId, accountId)).Get();

    [Fact]
    public async Task A_filter_of_several_pages_invoices_each_participant_once_even_when_sent_twice() // R11
    {
        var org = await fixture.NewOrganization();
        var (swim, _) = await _data.Catalog(org);
        for (var n = 0; n < 60; n++)
        {
            var accountId = await _data.Open(org, $"acc-{n:000}", ClusterFixture.NewUserId());
            await _data.AddPerson(org, accountId, [swim.Id]);
            await _data.AddPerson(org, accountId, [swim.Id]);
            await _data.AddPerson(org, accountId, []);
        }

        var request = Request(new DirectorySelection(DirectoryTab.Persons, new DirectoryFilter(ActivityId: swim.Id)));
        var batchId = MassInvoicing.BatchIdFor("spring-" + org);
        var first = await Batch(org, batchId).Start(request);
        var second = await Batch(org, batchId).Start(request);
        var done = await Completion(Batch(org, batchId));
        var replayAfterwards = await Batch(org, batchId).Start(request);
        var results = await AllResults(Batch(org, batchId), pageSize: 50);

        Assert.Equal(first.AcceptedAt, second.AcceptedAt);
        Assert.Equal((120, 120, 0, 0), (done.Targets, done.Created, done.Failed, done.Pending));
        Assert.Equal(MassInvoiceStatus.Completed, replayAfterwards.Status);
        Assert.Equal(120, results.Select(r => r.InvoiceId).Distinct().Count());
        Assert.All(results, r => Assert.Equal(TargetOutcome.Created, r.Outcome));
        for (var n = 0; n < 60; n++)
        {
            var ledger = await Ledger(org, $"acc-{n:000}");
            Assert.Equal(2, ledger.Invoices.Count);
            Assert.Equal(new Money(9_000, "USD"), ledger.Invoiced);
        }

        var sample = await fixture.Grains.GetGrain<IInvoiceGrain>(OrgScopedKey.For(org, results[0].InvoiceId)).Find();
        Assert.Equal((results[0].AccountId, results[0].PersonId), (sample!.AccountId, sample.PersonId));
    }

    [Fact]
    public async Task From_the_accounts_tab_each_account_gets_one_invoice_to_the_holder_and_unknown_ids_are_skipped() // R11
    {
        var org = await fixture.NewOrganization();
        for (var n = 0; n < 3; n++)
        {
            var accountId = await _data.Open(org, $"acc-{n}", ClusterFixture.NewUserId());
            await _data.AddPerson(org, accountId, []);
            await _data.AddPerson(org, accountId, []);
        }

        var batchId = MassInvoicing.BatchIdFor("accounts-" + org);
        await Batch(org, batchId).Start(Request(new DirectorySelection(DirectoryTab.Accounts,
            Ids: [new DirectoryKey("acc-0"), new DirectoryKey("acc-2"), new DirectoryKey("acc-404")])));
        var done = await Completion(Batch(org, batchId));
        var results = await AllResults(Batch(org, batchId), pageSize: 2);

        Assert.Equal((3, 2, 1), (done.Targets, done.Created, done.Skipped));
        Assert.Equal(TargetOutcome.Skipped, results.Single(r => r.AccountId == "acc-404").Outcome);
        Assert.All(results, r => Assert.Null(r.PersonId));
        Assert.Single((await Ledger(org, "acc-0")).Invoices);
        Assert.Empty((await Ledger(org, "acc-1")).Invoices);
        var invoice = await fixture.Grains.GetGrain<IInvoiceGrain>(OrgScopedKey.For(org, results.First(r => r.AccountId == "acc-2").InvoiceId)).Find();
        Assert.Null(invoice!.PersonId);
    }

    [Fact]
    public async Task The_same_idempotency_key_with_another_request_is_a_conflict_and_creates_nothing() // R11
    {
        var org = await fixture.NewOrganization();
        await _data.Open(org, "acc-1", ClusterFixture.NewUserId());
        var batchId = MassInvoicing.BatchIdFor("key-" + org);
        await Batch(org, batchId).Start(Request(new DirectorySelection(DirectoryTab.Accounts, DirectoryFilter.All)));

        var conflict = await Assert.ThrowsAsync<DomainException>(() =>
            Batch(org, batchId).Start(Request(new DirectorySelection(DirectoryTab.Accounts, DirectoryFilter.All), amount: 1)));
        await Completion(Batch(org, batchId));

        Assert.Equal(ErrorKind.Conflict, conflict.Kind);
        Assert.Equal(new Money(4_500, "USD"), (await Ledger(org, "acc-1")).Invoiced);
    }
}
