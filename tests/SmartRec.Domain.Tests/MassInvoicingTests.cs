using SmartRec.Contracts;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.MassInvoices;
using SmartRec.Domain.Billing;
using SmartRec.Domain.Bulk;
using SmartRec.Domain.MassInvoices;

namespace SmartRec.Domain.Tests;

public sealed class MassInvoicingTests
{
    private static MassInvoiceRequest Request(DirectorySelection selection) =>
        new(selection, "Spring session", new Money(12_500, "USD"), new DateOnly(2027, 3, 1));

    [Fact]
    public void The_same_idempotency_key_names_the_same_batch_and_the_same_target_the_same_invoice() // R11
    {
        var batch = MassInvoicing.BatchIdFor("key-1");

        Assert.Equal(batch, MassInvoicing.BatchIdFor("key-1"));
        Assert.NotEqual(batch, MassInvoicing.BatchIdFor("key-2"));
        Assert.Equal(MassInvoicing.InvoiceIdFor(batch, new DirectoryKey("acc-1", "per-1")), MassInvoicing.InvoiceIdFor(batch, new DirectoryKey("acc-1", "per-1")));
        Assert.NotEqual(MassInvoicing.InvoiceIdFor(batch, new DirectoryKey("acc-1", "per-1")), MassInvoicing.InvoiceIdFor(batch, new DirectoryKey("acc-1", "per-2")));
        Assert.NotEqual(MassInvoicing.InvoiceIdFor(batch, new DirectoryKey("acc-1")), MassInvoicing.InvoiceIdFor(MassInvoicing.BatchIdFor("key-2"), new DirectoryKey("acc-1")));
    }

    [Fact]
    public void A_selection_is_a_filter_or_ids_never_both()
    {
        var both = Request(new DirectorySelection(DirectoryTab.Persons, DirectoryFilter.All, [new DirectoryKey("acc-1", "per-1")]));

        Assert.Equal("selection", Assert.Throws<DomainException>(() => MassInvoicing.Validate(both, "USD")).Field);
    }

    [Fact]
    public void A_selection_with_neither_filter_nor_ids_is_the_whole_tab()
    {
        var neither = Request(new DirectorySelection(DirectoryTab.Persons));

        var selection = MassInvoicing.Validate(neither, "USD").Selection;

        Assert.Equal((DirectoryFilter.All, (IReadOnlyList<DirectoryKey>?)null), (selection.Filter, selection.Ids));
    }

    [Fact]
    public void Ids_must_fit_the_tab_and_are_deduplicated() // R11
    {
        var personsWithoutPerson = Request(new DirectorySelection(DirectoryTab.Persons, Ids: [new DirectoryKey("acc-1")]));
        var accountsWithPerson = Request(new DirectorySelection(DirectoryTab.Accounts, Ids: [new DirectoryKey("acc-1", "per-1")]));
        var twice = Request(new DirectorySelection(DirectoryTab.Accounts, Ids: [new DirectoryKey("acc-1"), new DirectoryKey("acc-1")]));

        Assert.Equal("ids", Assert.Throws<DomainException>(() => MassInvoicing.Validate(personsWithoutPerson, "USD")).Field);
        Assert.Equal("ids", Assert.Throws<DomainException>(() => MassInvoicing.Validate(accountsWithPerson, "USD")).Field);
        Assert.Equal([new DirectoryKey("acc-1")], MassInvoicing.Validate(twice, "USD").Selection.Ids);
    }

    [Fact]
    public void The_amount_is_positive_and_in_the_organizations_currency()
    {
        var selection = new DirectorySelection(DirectoryTab.Accounts, DirectoryFilter.All);

        Assert.Equal("amount", Assert.Throws<DomainException>(() => MassInvoicing.Validate(Request(selection), "CAD")).Field);
        Assert.Equal("amount", Assert.Throws<DomainException>(() => MassInvoicing.Validate(Request(selection) with { Amount = new Money(0, "USD") }, "USD")).Field);
    }

    [Fact]
    public void An_amount_over_the_cap_of_one_invoice_refuses_the_whole_batch()
    {
        var request = Request(new DirectorySelection(DirectoryTab.Accounts, DirectoryFilter.All)) with { Amount = new Money(Amounts.MaxMinor + 1, "USD") };

        var error = Assert.Throws<DomainException>(() => MassInvoicing.Validate(request, "USD"));

        Assert.Equal(("amount.too_large", "amount", ErrorKind.Invalid), (error.Code, error.Field, error.Kind));
        Assert.Equal(Amounts.MaxMinor, MassInvoicing.Validate(request with { Amount = new Money(Amounts.MaxMinor, "USD") }, "USD").Amount.Minor);
    }

    [Fact]
    public void A_replay_is_recognized_and_another_request_is_not()
    {
        var first = MassInvoicing.Validate(Request(new DirectorySelection(DirectoryTab.Persons, Ids: [new DirectoryKey("acc-1", "per-1")])), "USD");
        var replay = MassInvoicing.Validate(Request(new DirectorySelection(DirectoryTab.Persons, Ids: [new DirectoryKey("acc-1", "per-1")])), "USD");

        Assert.True(MassInvoicing.SameRequest(first, replay));
        Assert.False(MassInvoicing.SameRequest(first, replay with { Amount = new Money(1, "USD") }));
    }

    [Fact]
    public void A_results_cursor_outside_the_batch_is_refused()
    {
        Assert.Equal((3, 40), ChunkCursors.Decode(ChunkCursors.Encode(3, 40), 64));
        Assert.Equal("cursor", Assert.Throws<DomainException>(() => ChunkCursors.Decode("64.0", 64)).Field);
        Assert.Equal("cursor", Assert.Throws<DomainException>(() => ChunkCursors.Decode("x", 64)).Field);
    }
}
