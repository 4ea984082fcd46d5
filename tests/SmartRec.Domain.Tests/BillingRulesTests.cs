using SmartRec.Contracts;
using SmartRec.Contracts.Installments;
using SmartRec.Domain.Billing;

namespace SmartRec.Domain.Tests;

public sealed class AllocationsTests
{
    private static readonly DateTimeOffset Created = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Money_goes_to_the_oldest_due_invoice_first_and_each_gets_at_most_what_it_owes() // R9
    {
        var invoices = new[]
        {
            new OpenInvoice("late", new DateOnly(2026, 3, 1), Created, 500),
            new OpenInvoice("early", new DateOnly(2026, 2, 1), Created, 300),
        };

        var allocations = Allocations.OldestFirst(invoices, 400);

        Assert.Equal([("early", 300L), ("late", 100L)], allocations);
    }

    [Fact]
    public void What_no_invoice_owes_is_left_unallocated_and_paid_invoices_get_nothing()
    {
        var invoices = new[]
        {
            new OpenInvoice("paid", new DateOnly(2026, 1, 1), Created, 0),
            new OpenInvoice("open", new DateOnly(2026, 2, 1), Created, 250),
        };

        var allocations = Allocations.OldestFirst(invoices, 1000);

        Assert.Equal([("open", 250L)], allocations);
        Assert.Equal(250, allocations.Sum(a => a.Amount));
    }

    [Fact]
    public void Same_due_date_falls_back_to_creation_then_id_so_the_order_never_depends_on_the_input()
    {
        var a = new OpenInvoice("b", new DateOnly(2026, 2, 1), Created, 100);
        var b = new OpenInvoice("a", new DateOnly(2026, 2, 1), Created, 100);
        var c = new OpenInvoice("c", new DateOnly(2026, 2, 1), Created.AddDays(-1), 100);

        Assert.Equal(Allocations.OldestFirst([a, b, c], 150), Allocations.OldestFirst([c, b, a], 150));
        Assert.Equal([("c", 100L), ("a", 50L)], Allocations.OldestFirst([a, b, c], 150));
    }
}

public sealed class InstallmentSchedulesTests
{
    private static readonly DateOnly Today = new(2026, 5, 10);

    private static Money Usd(long minor) => new(minor, "USD");

    [Fact]
    public void A_schedule_that_does_not_add_up_to_the_total_is_refused() // R9
    {
        var error = Assert.Throws<DomainException>(() => InstallmentSchedules.Validate(Usd(300),
            [new NewInstallment(Today, Usd(100)), new NewInstallment(Today.AddDays(30), Usd(150))], Today));

        Assert.Equal("plan.total_mismatch", error.Code);
        Assert.Equal(ErrorKind.RuleViolation, error.Kind);
    }

    [Fact]
    public void An_installment_in_the_past_a_zero_amount_or_another_currency_is_refused()
    {
        var past = Assert.Throws<DomainException>(() => InstallmentSchedules.Validate(Usd(100), [new NewInstallment(Today.AddDays(-1), Usd(100))], Today));
        var zero = Assert.Throws<DomainException>(() => InstallmentSchedules.Validate(Usd(100),
            [new NewInstallment(Today, Usd(0)), new NewInstallment(Today, Usd(100))], Today));
        var currency = Assert.Throws<DomainException>(() => InstallmentSchedules.Validate(Usd(100), [new NewInstallment(Today, new Money(100, "CAD"))], Today));

        Assert.Equal(("plan.date_in_past", "installments[0].dueDate"), (past.Code, past.Field));
        Assert.Equal("amount.not_positive", zero.Code);
        Assert.Equal("amount.currency", currency.Code);
    }

    [Fact]
    public void Installments_too_large_to_add_up_or_missing_are_refused_as_bad_input() // decision 9
    {
        var huge = Assert.Throws<DomainException>(() => InstallmentSchedules.Validate(Usd(100),
            [new NewInstallment(Today, Usd(long.MaxValue)), new NewInstallment(Today, Usd(1))], Today));
        var missing = Assert.Throws<DomainException>(() => InstallmentSchedules.Validate(Usd(100), [null!], Today));
        var none = Assert.Throws<DomainException>(() => InstallmentSchedules.Validate(Usd(100), null!, Today));

        Assert.Equal(("amount.too_large", "installments[0].amount"), (huge.Code, huge.Field));
        Assert.Equal(("plan.installment_missing", "installments[0]"), (missing.Code, missing.Field));
        Assert.Equal("plan.installment_count", none.Code);
    }

    [Fact]
    public void Splitting_evenly_loses_no_cent()
    {
        var parts = InstallmentSchedules.SplitEvenly(1000, 3);

        Assert.Equal([334L, 333L, 333L], parts);
        Assert.Equal(1000, parts.Sum());
    }

    [Fact]
    public void Editing_an_amount_moves_the_difference_to_the_next_uncharged_installment_and_keeps_the_total() // R10
    {
        var amounts = InstallmentSchedules.Rebalance([100, 100, 100], [true, false, false], 1, 130);

        Assert.Equal([100L, 130L, 70L], amounts);
        Assert.Equal(300, amounts.Sum());
    }

    [Fact]
    public void Editing_the_last_installment_moves_the_difference_to_the_previous_uncharged_one_never_a_charged_one() // R10
    {
        Assert.Equal([100L, 80L, 120L], InstallmentSchedules.Rebalance([100, 100, 100], [true, false, false], 2, 120));
        var alone = Assert.Throws<DomainException>(() => InstallmentSchedules.Rebalance([100, 100, 100], [true, true, false], 2, 120));
        Assert.Equal("plan.nothing_to_rebalance", alone.Code);
    }

    [Fact]
    public void An_edit_that_would_empty_another_installment_is_refused()
    {
        var error = Assert.Throws<DomainException>(() => InstallmentSchedules.Rebalance([100, 100], [false, false], 0, 200));

        Assert.Equal("plan.total_mismatch", error.Code);
    }
}

public sealed class DeclinePolicyTests
{
    [Theory]
    [InlineData("stolen_card")]
    [InlineData("lost_card")]
    [InlineData("expired_card")]
    [InlineData("account_closed")]
    [InlineData("fraudulent")]
    public void Hard_declines_are_never_retried(string code)
    {
        Assert.Null(DeclinePolicy.RetryDelay(code, 1));
        Assert.True(DeclinePolicy.IsHard(code));
    }

    [Fact]
    public void Insufficient_funds_is_retried_days_later_a_bounded_number_of_times()
    {
        Assert.Equal(TimeSpan.FromDays(3), DeclinePolicy.RetryDelay("insufficient_funds", 1));
        Assert.Equal(TimeSpan.FromDays(3), DeclinePolicy.RetryDelay("insufficient_funds", 3));
        Assert.Null(DeclinePolicy.RetryDelay("insufficient_funds", 4));
    }

    [Fact]
    public void A_generic_decline_is_retried_sooner_and_fewer_times()
    {
        Assert.Equal(TimeSpan.FromDays(1), DeclinePolicy.RetryDelay("generic_decline", 1));
        Assert.Null(DeclinePolicy.RetryDelay("generic_decline", 3));
        Assert.False(DeclinePolicy.IsHard("generic_decline"));
    }
}
