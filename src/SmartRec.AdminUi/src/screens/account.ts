import { api, can, newIdempotencyKey, ok, type Schemas, type Session } from "../api/client";
import { field, fill, h, select, statusLine, table } from "../dom";
import { formatMoney, parseMoney, toDecimal, type Money } from "../money";
import { errorAlert, href } from "../nav";

type Method = Schemas["OrganizationPaymentMethod"];
/** Brand and last 4 digits are being added to payments; until a host sends them, the method list supplies them. */
type Payment = Schemas["PaymentView"];

/**
 * One client account: persons, the methods its holder authorized for this organization (with the expiry update of
 * R5), the balance, invoices, payments with refunds, upcoming payments with edit and cancel, and checkout on behalf
 * of the holder (a saved method, or a new token and billing address, saved to the wallet where R7 allows).
 */
export async function accountScreen(main: HTMLElement, session: Session, params: Record<string, string>): Promise<void> {
  const orgId = session.organizationId;
  const path = { orgId, accountId: params.accountId! };
  const admin = can.admin(session);
  const account = await ok(api.GET("/api/orgs/{orgId}/accounts/{accountId}", { params: { path } }));
  const problems = h("div");
  const sections = {
    persons: h("section", { "aria-labelledby": "persons-title" }),
    methods: h("section", { "aria-labelledby": "methods-title" }),
    balance: h("section", { "aria-labelledby": "balance-title" }),
    checkout: h("section", { "aria-labelledby": "checkout-title" }),
    invoices: h("section", { "aria-labelledby": "invoices-title" }),
    payments: h("section", { "aria-labelledby": "payments-title" }),
    upcoming: h("section", { "aria-labelledby": "upcoming-title" }),
  };
  fill(main, h("p", {}, h("a", { href: href("/clients") }, "← Clients")),
    h("h1", {}, `${account.displayName} (${account.accountId})`),
    h("p", {}, `Holder ${account.holderUserId}, opened ${new Date(account.openedAt).toLocaleDateString()}`),
    problems, ...Object.values(sections));

  const fail = (error: unknown) => fill(problems, errorAlert(error));
  const catalog = await ok(api.GET("/api/orgs/{orgId}/catalog", { params: { path: { orgId } } }));
  const names = new Map([...catalog.activities, ...catalog.affiliations].map((e) => [e.id, e.name]));
  fill(sections.persons, h("h2", { id: "persons-title" }, "Persons"),
    table("Persons", ["Name", "Born", "Activities", "Affiliations"], account.persons.map((p) => [
      `${p.firstName} ${p.lastName}`, p.birthDate ?? "—",
      p.activityIds.map((id) => names.get(id) ?? id).join(", ") || "—", p.affiliationIds.map((id) => names.get(id) ?? id).join(", ") || "—",
    ])));

  let methods: Method[] = [];
  let currency = "USD";
  // Outside the checkout form, which is drawn again with the new balance after each payment.
  const checkoutResult = h("p", { role: "status", "aria-label": "Checkout result" });

  async function refresh(): Promise<void> {
    const [methodList, balance, invoices, payments, upcoming] = await Promise.all([
      ok(api.GET("/api/orgs/{orgId}/accounts/{accountId}/payment-methods", { params: { path } })),
      ok(api.GET("/api/orgs/{orgId}/accounts/{accountId}/balance", { params: { path } })),
      ok(api.GET("/api/orgs/{orgId}/accounts/{accountId}/invoices", { params: { path, query: { limit: "100" } } })),
      ok(api.GET("/api/orgs/{orgId}/accounts/{accountId}/payments", { params: { path, query: { limit: "100" } } })),
      ok(api.GET("/api/orgs/{orgId}/accounts/{accountId}/upcoming-payments", { params: { path, query: { limit: "100" } } })),
    ]);
    methods = methodList;
    currency = balance.currency;
    drawMethods();
    fill(sections.balance, h("h2", { id: "balance-title" }, "Balance"),
      h("p", { role: "status", "aria-label": "Balance owing" }, `Balance owing ${formatMoney(balance.balanceOwing)}`),
      h("p", {}, `Invoiced ${formatMoney(balance.invoiced)} · received ${formatMoney(balance.received)} · refunded ${formatMoney(balance.refunded)} · `
        + `credit available ${formatMoney(balance.creditAvailable)} · unallocated ${formatMoney(balance.unallocated)}`));
    if (admin) fill(sections.checkout, checkoutForm(balance.balanceOwing, account.holderNeverSignedIn), checkoutResult);
    fill(sections.invoices, h("h2", { id: "invoices-title" }, `Invoices (${invoices.total})`),
      table("Invoices", ["Invoice", "Due", "Status", "Total", "Paid", "Owing", "Lines"], invoices.items.map((i) => [
        i.invoiceId, i.dueDate, i.status, formatMoney(i.total), formatMoney(i.paid), formatMoney(i.owing), i.lines.map((l) => l.description).join("; "),
      ])));
    drawPayments(payments.items as Payment[], Number(payments.total));
    drawUpcoming(upcoming);
  }

  function describe(method: Method): string {
    const d = method.details;
    const expiry = d.expiry ? ` exp ${String(d.expiry.month).padStart(2, "0")}/${d.expiry.year}` : "";
    return d.kind === "card" ? `${d.brand ?? "card"} •••• ${d.last4}${expiry}` : `${d.bankName ?? "bank account"} •••• ${d.last4}`;
  }

  function drawMethods(): void {
    fill(sections.methods, h("h2", { id: "methods-title" }, "Payment methods authorized for this organization"),
      table("Payment methods", ["Method", "Expiry", "Billing address", admin ? "Update expiry" : ""], methods.map((m) => [
        describe(m),
        m.details.expiry ? `${String(m.details.expiry.month).padStart(2, "0")}/${m.details.expiry.year}${m.isExpired ? " (expired)" : ""}` : "—",
        `${m.billingAddress.line1}, ${m.billingAddress.city} ${m.billingAddress.postalCode} ${m.billingAddress.country}`,
        admin && m.details.kind === "card" ? expiryForm(m) : "",
      ])));
  }

  /** R5: an admin may correct a card's expiry for the holder; the processor is told, the card number never is. */
  function expiryForm(method: Method): HTMLElement {
    const month = h("input", { name: "expMonth", type: "number", min: 1, max: 12, value: method.details.expiry?.month ?? "" });
    const year = h("input", { name: "expYear", type: "number", min: 2000, max: 2100, value: method.details.expiry?.year ?? "" });
    return h("form", { class: "inline", "aria-label": `Expiry of ${describe(method)}`, onsubmit: async (event: Event) => {
      event.preventDefault();
      try {
        await ok(api.PATCH("/api/orgs/{orgId}/accounts/{accountId}/payment-methods/{methodId}", {
          params: { path: { ...path, methodId: method.id } }, body: { expMonth: Number(month.value), expYear: Number(year.value) },
        }));
        await refresh();
      } catch (error) {
        fail(error);
      }
    } }, field("Month", month), field("Year", year), h("button", { type: "submit" }, "Update expiry"));
  }

  function paymentMethod(payment: Payment): string {
    if (payment.methodBrand || payment.methodLast4) return `${payment.methodBrand ?? payment.methodKind} •••• ${payment.methodLast4 ?? ""}`.trim();
    const saved = methods.find((m) => m.id === payment.methodId);
    return saved ? describe(saved) : payment.methodKind;
  }

  function drawPayments(payments: Payment[], total: number): void {
    fill(sections.payments, h("h2", { id: "payments-title" }, `Payments (${total})`),
      table("Payments", ["Payment", "Created", "Status", "Amount", "Method", "Refunded", admin ? "Refund" : ""], payments.map((p) => [
        p.paymentId, new Date(p.createdAt).toLocaleString(), p.status + (p.declineCode ? ` (${p.declineCode})` : ""), formatMoney(p.amount),
        paymentMethod(p), formatMoney(p.refunded), admin && ["succeeded", "partiallyRefunded"].includes(p.status) ? refundForm(p) : "",
      ])));
  }

  function refundForm(payment: Payment): HTMLElement {
    const idempotencyKey = newIdempotencyKey();
    const amount = h("input", { name: "refund", inputmode: "decimal" });
    return h("form", { class: "inline", "aria-label": `Refund ${payment.paymentId}`, onsubmit: async (event: Event) => {
      event.preventDefault();
      try {
        const money = parseMoney(amount.value, currency);
        if (!money) throw new Error("Enter the amount to refund, such as 10.00.");
        await ok(api.POST("/api/orgs/{orgId}/accounts/{accountId}/payments/{paymentId}/refunds", {
          params: { path: { ...path, paymentId: payment.paymentId }, header: { "Idempotency-Key": idempotencyKey } }, body: { amount: money },
        }));
        await refresh();
      } catch (error) {
        fail(error);
      }
    } }, field("Refund amount", amount), h("button", { type: "submit" }, "Refund"));
  }

  function drawUpcoming(upcoming: Schemas["UpcomingPayments"]): void {
    const plans = upcoming.plans.items.map((plan) => h("div", { class: "plan" },
      h("h3", {}, `${plan.description} — ${formatMoney(plan.total)}${plan.needsFollowUp ? " (needs follow-up)" : ""}`),
      table(`Installments of ${plan.planId}`, ["#", "Due", "Amount", "Status", admin ? "Edit" : ""], plan.installments.map((i) => [
        String(i.number), i.dueDate, formatMoney(i.amount), i.status + (i.lastDeclineCode ? ` (${i.lastDeclineCode})` : ""),
        admin && (i.status === "scheduled" || i.status === "retryScheduled") ? installmentForm(plan.planId, i) : "",
      ])),
      admin && plan.installments.some((i) => i.status === "scheduled" || i.status === "retryScheduled") ? h("button", { type: "button", onclick: async () => {
        try {
          await ok(api.POST("/api/orgs/{orgId}/accounts/{accountId}/upcoming-payments/{planId}/cancel", { params: { path: { ...path, planId: plan.planId } } }));
          await refresh();
        } catch (error) {
          fail(error);
        }
      } }, `Cancel plan ${plan.planId}`) : null));
    const subscriptions = upcoming.subscriptions.length
      ? table("Subscriptions", ["Subscription", "Amount", "Frequency", "Next due", "Status"], upcoming.subscriptions.map((s) => [
        s.description, formatMoney(s.amount), s.frequency, s.nextDueDate ?? "—", s.status]))
      : null;
    fill(sections.upcoming, h("h2", { id: "upcoming-title" }, "Upcoming payments"),
      plans.length || subscriptions ? [plans, subscriptions] : h("p", {}, "Nothing scheduled."));
  }

  function installmentForm(planId: string, installment: Schemas["InstallmentView"]): HTMLElement {
    const due = h("input", { name: "dueDate", type: "date", value: installment.dueDate });
    const amount = h("input", { name: "amount", inputmode: "decimal", value: toDecimal(installment.amount) });
    const note = statusLine();
    return h("form", { class: "inline", "aria-label": `Installment ${installment.number} of ${planId}`, onsubmit: async (event: Event) => {
      event.preventDefault();
      try {
        const money = parseMoney(amount.value, currency);
        if (!money) throw new Error("Enter the installment's amount, such as 25.00.");
        const edited = await ok(api.PATCH("/api/orgs/{orgId}/accounts/{accountId}/upcoming-payments/{planId}/installments/{number}", {
          params: { path: { ...path, planId, number: Number(installment.number) } }, body: { dueDate: due.value, amount: money },
        }));
        await refresh();
        // The API moves the difference onto other installments and says so; the person is told too.
        fill(problems, h("p", { role: "status" }, edited.adjusted.map((a) => `Installment ${a.number} moved from ${formatMoney(a.from)} to ${formatMoney(a.to)}.`).join(" ")));
      } catch (error) {
        fail(error);
      }
    } }, field("Due", due), field("Amount", amount), h("button", { type: "submit" }, "Save installment"), note);
  }

  /** Checkout on behalf of the holder; the Idempotency-Key is made with the form, so a resubmit is the same checkout. */
  function checkoutForm(owing: Money, holderNeverSignedIn: boolean): HTMLElement {
    const idempotencyKey = newIdempotencyKey();
    const usable = methods.filter((m) => !m.isExpired);
    const amount = h("input", { name: "amount", inputmode: "decimal", value: toDecimal(owing) });
    const source = select("source", [...usable.map((m): [string, string] => [m.id, describe(m)]), ["new", "A new card or bank token"]]);
    const token = h("input", { name: "token", placeholder: "pm_card_visa" });
    const line1 = h("input", { name: "line1" });
    const city = h("input", { name: "city" });
    const postal = h("input", { name: "postalCode" });
    const country = h("input", { name: "country", maxlength: 2, placeholder: "US" });
    const save = h("input", { type: "checkbox", name: "saveMethod", disabled: holderNeverSignedIn });
    const installments = h("input", { name: "installments", type: "number", min: 1, max: 12, value: 1 });
    const newSource = h("fieldset", { hidden: true }, h("legend", {}, "New method"),
      field("Token", token), field("Address line 1", line1), field("City", city), field("Postal code", postal), field("Country", country),
      h("div", { class: "field" }, save, h("label", {}, " Save to the holder's wallet"),
        holderNeverSignedIn ? h("p", { class: "hint" }, "The holder never signed in, so nothing can be saved to their wallet (R7).") : null));
    save.id = "save-method";
    save.nextElementSibling?.setAttribute("for", save.id);
    source.addEventListener("change", () => { newSource.hidden = source.value !== "new"; });
    newSource.hidden = source.value !== "new";
    const outcome = h("div", { "aria-live": "polite" });

    return h("form", { "aria-labelledby": "checkout-title", class: "panel", onsubmit: async (event: Event) => {
      event.preventDefault();
      try {
        const money = parseMoney(amount.value, currency);
        if (!money) throw new Error("Enter the amount to pay, such as 50.00.");
        const count = Math.max(1, Number(installments.value) || 1);
        const paymentSource: Schemas["PaymentSource"] = source.value === "new"
          ? { token: token.value, billingAddress: { line1: line1.value, city: city.value, postalCode: postal.value, country: country.value.toUpperCase() } }
          : { methodId: source.value };
        const result = await ok(api.POST("/api/orgs/{orgId}/accounts/{accountId}/payments", {
          params: { path, header: { "Idempotency-Key": idempotencyKey } },
          body: { amount: money, source: paymentSource, saveMethod: source.value === "new" && save.checked, installments: count > 1 ? split(money, count) : null },
        }));
        await refresh();
        const payment = result.payment;
        fill(checkoutResult, payment
          ? `Payment ${payment.paymentId}: ${payment.status}${payment.declineMessage ? ` — ${payment.declineMessage}` : ""}`
          : `Plan ${result.plan?.planId} scheduled`);
      } catch (error) {
        fill(outcome, errorAlert(error));
      }
    } },
    h("h2", { id: "checkout-title" }, "Checkout on behalf of the holder"),
    field("Amount to pay", amount), field("Pay with", source), newSource, field("Installments", installments),
    h("button", { type: "submit" }, "Pay"), outcome);
  }

  await refresh();
}

/** A total in equal monthly installments from today (UTC, as the engine dates them), the remainder on the first. */
function split(total: Money, count: number): Schemas["NewInstallment"][] {
  const minor = Number(total.minor);
  const each = Math.floor(minor / count);
  const today = new Date();
  return Array.from({ length: count }, (_, n) => {
    const due = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + n, today.getUTCDate()));
    return { dueDate: due.toISOString().slice(0, 10), amount: { minor: n === 0 ? minor - each * (count - 1) : each, currency: total.currency } };
  });
}
