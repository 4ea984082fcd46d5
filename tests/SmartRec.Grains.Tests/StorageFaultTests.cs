using System.Text.Json;
using SmartRec.Contracts;
using SmartRec.Contracts.Accounts;
using SmartRec.Contracts.Billing;
using SmartRec.Contracts.Installments;
using SmartRec.Contracts.Invoices;
using SmartRec.Contracts.Payments;
using SmartRec.Contracts.Wallets;
using SmartRec.Payments.Simulated;

namespace SmartRec.Grains.Tests;

/// <summary>
/// Decision 11, table-driven: each money path is run once without faults, recording every storage write its grains
/// make; then once per write, with exactly that write failing. The caller retries the same request (same key) as a
/// client would, every grain is deactivated, and the stored end state must equal the fault-free run's: one charge per
/// key at the processor, one receipt, invoices equal to the ledger, nothing left reserved. A new write point on a path
/// is a new row of the table by construction.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StorageFaultTests(ClusterFixture fixture)
{
    private const string AccountId = "acc-fault";

    private static readonly BillingAddress Address = new("1 Main Street", "Burlington", "05401", "US", Region: "VT");

    private static Money Usd(long minor) => new(minor, "USD");

    private sealed record Family(string OrgId, string HolderId, string Card);

    private sealed record Scenario(Func<Family, Task> Setup, Func<Family, Task> Act, Func<Family, Task> Settle);

    private DateOnly Today => DateOnly.FromDateTime(fixture.Time.GetUtcNow().UtcDateTime);

    private ICheckoutGrain Checkout(Family f, string id) => fixture.Grains.GetGrain<ICheckoutGrain>(OrgScopedKey.For(f.OrgId, id));

    private IPaymentGrain Payment(Family f, string id) => fixture.Grains.GetGrain<IPaymentGrain>(OrgScopedKey.For(f.OrgId, id));

    private IAccountLedgerGrain Ledger(Family f) => fixture.Grains.GetGrain<IAccountLedgerGrain>(OrgScopedKey.For(f.OrgId, AccountId));

    private Task Bill(Family f, string invoiceId, long amount) =>
        fixture.Grains.GetGrain<IInvoiceGrain>(OrgScopedKey.For(f.OrgId, invoiceId))
            .Create(new NewInvoice(AccountId, [new NewInvoiceLine("Swim lessons", Usd(amount))], Today.AddDays(10)));

    private Dictionary<string, Scenario> Scenarios() => new()
    {
        ["checkout with a saved card and credit"] = new(
            async f =>
            {
                await Bill(f, "inv-1", 5000);
                await Ledger(f).GrantCredit("credit-1", Usd(1000), "Goodwill");
            },
            f => Checkout(f, "co-1").PayBalance(new PayBalance(AccountId, [], Usd(1000), Usd(4000), new PaymentSource(f.Card))),
            f => Payment(f, "co-1").Resolve()),
        ["checkout saving a new card to the wallet"] = new(
            f => Bill(f, "inv-1", 5000),
            f => Checkout(f, "co-1").PayBalance(new PayBalance(AccountId, [], Usd(0), Usd(5000),
                new PaymentSource(Token: SimulatedTestMethods.Mastercard, BillingAddress: Address), SaveMethod: true)),
            f => Payment(f, "co-1").Resolve()),
        ["refund of a paid checkout"] = new(
            async f =>
            {
                await Bill(f, "inv-1", 5000);
                await Checkout(f, "co-1").PayBalance(new PayBalance(AccountId, [], Usd(0), Usd(5000), new PaymentSource(f.Card)));
            },
            f => Payment(f, "co-1").Refund("rf-1", Usd(1500)),
            f => Payment(f, "co-1").Resolve()),
        ["checkout in installments charged by the plan"] = new(
            f => Bill(f, "inv-1", 6000),
            async f =>
            {
                await Checkout(f, "co-1").PayBalance(new PayBalance(AccountId, [], Usd(0), Usd(6000), new PaymentSource(f.Card),
                    Installments: [new NewInstallment(Today, Usd(3000)), new NewInstallment(Today, Usd(3000))]));
                await fixture.Grains.GetGrain<IInstallmentPlanGrain>(OrgScopedKey.For(f.OrgId, "co-1")).Tick();
            },
            async f =>
            {
                var plan = await fixture.Grains.GetGrain<IInstallmentPlanGrain>(OrgScopedKey.For(f.OrgId, "co-1")).Tick();
                foreach (var installment in plan.Installments.Where(i => i.PaymentId is not null))
                {
                    await Payment(f, installment.PaymentId!).Resolve();
                }
            }),
    };

    public static TheoryData<string> ScenarioNames() =>
    [
        "checkout with a saved card and credit",
        "checkout saving a new card to the wallet",
        "refund of a paid checkout",
        "checkout in installments charged by the plan",
    ];

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task Every_write_of_a_money_path_may_fail_once_and_a_retry_ends_as_if_it_had_not(string name) // decision 11
    {
        var scenario = Scenarios()[name];
        var (expected, writes) = await Run(scenario, failAt: -1, crash: false);
        Assert.True(writes.Count >= 5, $"The path made only {writes.Count} writes: [{string.Join(", ", writes)}]");
        Assert.Contains("\"Reserved\":{\"Minor\":0", expected);

        for (var i = 0; i < writes.Count; i++)
        {
            var (actual, _) = await Run(scenario, failAt: i, crash: false);
            Assert.True(expected == actual, $"With write {i} ('{writes[i]}') failing once, the end state differs.\nExpected: {expected}\nActual:   {actual}");
        }
    }

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task A_crash_between_any_two_steps_of_a_money_path_is_finished_by_a_retry(string name) // decisions 3, 11
    {
        var scenario = Scenarios()[name];
        var (expected, writes) = await Run(scenario, failAt: -1, crash: false);

        for (var i = 0; i < writes.Count; i++)
        {
            // Write i lands, then the process dies: every grain loses its memory before the client retries.
            var (actual, _) = await Run(scenario, failAt: i, crash: true);
            Assert.True(expected == actual, $"With a crash right after write {i} ('{writes[i]}'), the end state differs.\nExpected: {expected}\nActual:   {actual}");
        }
    }

    /// <summary>Runs the scenario on a family of its own and returns its stored end state, normalized, and the writes made.</summary>
    private async Task<(string State, IReadOnlyList<string> Writes)> Run(Scenario scenario, int failAt, bool crash)
    {
        var f = await NewFamily();
        await scenario.Setup(f);
        var watch = fixture.Faults.Watch(failAt, crash, f.OrgId, f.HolderId);
        try
        {
            await Retried(() => scenario.Act(f), crash);
            await Retried(() => scenario.Settle(f), crash);
        }
        finally
        {
            fixture.Faults.StopWatching();
        }

        await fixture.DeactivateAll();
        return (await StoredEndState(f), watch.Writes);
    }

    /// <summary>What a client does when a request fails: sends it again, same key, a few times.</summary>
    private async Task Retried(Func<Task> request, bool crashed)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await request();
                return;
            }
            catch (Exception) when (attempt < 4)
            {
                if (crashed)
                {
                    await fixture.DeactivateAll();
                }
            }
        }
    }

    /// <summary>The ledger, its invoices and payments, the wallet as the organization sees it and the charges at the processor.</summary>
    private async Task<string> StoredEndState(Family f)
    {
        // Which installment was recorded first depends on which write failed; the money does not.
        var stored = await Ledger(f).Get();
        var ledger = stored with
        {
            Receipts = [.. stored.Receipts.OrderBy(r => r.PaymentId, StringComparer.Ordinal)],
            PaymentIds = [.. stored.PaymentIds.Order(StringComparer.Ordinal)],
        };
        var invoices = new List<InvoiceView?>();
        foreach (var line in ledger.Invoices)
        {
            invoices.Add(await fixture.Grains.GetGrain<IInvoiceGrain>(OrgScopedKey.For(f.OrgId, line.InvoiceId)).Find());
        }

        var payments = new List<PaymentView?>();
        foreach (var paymentId in ledger.PaymentIds)
        {
            payments.Add(await Payment(f, paymentId).Find());
        }

        var charges = new List<string>();
        foreach (var key in fixture.Processor.ChargedKeys.Where(k => k.Contains(f.OrgId, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var outcome = await fixture.Processor.FindChargeAsync(key, CancellationToken.None);
            charges.Add($"{key}={outcome?.Status}:{outcome?.Amount.Minor}");
        }

        var methods = await fixture.Grains.GetGrain<IWalletGrain>(f.HolderId).GetForOrganization(f.OrgId);
        var state = JsonSerializer.Serialize(new { ledger, invoices, payments, methods, charges });
        return state.Replace(f.OrgId, "ORG", StringComparison.Ordinal).Replace(f.HolderId, "HOLDER", StringComparison.Ordinal)
            .Replace(f.Card, "CARD", StringComparison.Ordinal);
    }

    private async Task<Family> NewFamily()
    {
        var orgId = await fixture.NewOrganization();
        var holder = ClusterFixture.NewUserId();
        await fixture.Grains.GetGrain<ICustomerAccountGrain>(OrgScopedKey.For(orgId, AccountId)).Open(new OpenAccount(holder, "The Tremblays"));
        var wallet = fixture.Grains.GetGrain<IWalletGrain>(holder);
        await wallet.RecordSignIn();
        var card = await wallet.AddMethod(new SavePaymentMethod(SimulatedTestMethods.Visa, Address));
        await wallet.Authorize(card.Id, orgId);
        return new Family(orgId, holder, card.Id);
    }
}
