import { api, newIdempotencyKey, ok, type Schemas, type Session } from "../api/client";
import { field, fill, h, select, table } from "../dom";
import { formatMoney, parseMoney } from "../money";
import { errorAlert, navigate } from "../nav";

type Selection = Schemas["DirectorySelection"];

async function currency(orgId: string): Promise<string> {
  return (await ok(api.GET("/api/orgs/{orgId}", { params: { path: { orgId } } }))).currency;
}

/** A bulk preview's answer: its one-line summary, and the targets it would skip counted by reason. */
function previewSection(summary: string, skippedByReason: Record<string, number>): HTMLElement {
  const reasons = Object.entries(skippedByReason);
  return h("section", { "aria-label": "Preview" },
    h("h3", {}, "Preview"),
    h("p", { role: "status" }, summary),
    reasons.length ? table("Skipped by reason", ["Reason", "Targets"], reasons.map(([reason, n]) => [reason, String(n)])) : h("p", {}, "No target would be skipped."));
}

/**
 * A mass charge from a selection: a preview (who would be charged, the total, who is skipped and why), then the
 * launch. The Idempotency-Key is made once with the form, so submitting again after a lost answer is the same batch.
 */
export function massChargeForm(session: Session, selection: Selection, count: number): HTMLElement {
  const orgId = session.organizationId;
  const idempotencyKey = newIdempotencyKey();
  const rule = select("amountRule", [["fixed", "A fixed amount each"], ["balance", "Each balance owing"]]);
  const amount = h("input", { name: "amount", inputmode: "decimal", placeholder: "25.00" });
  const method = select("methodPreference", [["any", "Any saved method"], ["card", "Cards only"], ["bankAccount", "Bank accounts only"]]);
  const notes = h("input", { name: "notes" });
  const outcome = h("div", { "aria-live": "polite" });

  async function request(): Promise<Schemas["MassChargeRequest"]> {
    const amountRule = rule.value as Schemas["AmountRule"];
    let money: Schemas["Money"] | null = null;
    if (amountRule === "fixed") {
      money = parseMoney(amount.value, await currency(orgId));
      if (!money) throw new Error("Enter the amount to charge each target, such as 25.00.");
    }
    return { selection, amount: money, amountRule, methodPreference: method.value as Schemas["MethodPreference"], notes: notes.value || null };
  }

  async function preview(): Promise<void> {
    try {
      const result = await ok(api.POST("/api/orgs/{orgId}/mass-charges/preview", { params: { path: { orgId } }, body: await request() }));
      fill(outcome, previewSection(`${result.toCharge} of ${result.targets} targets would be charged, ${formatMoney(result.total)} in all.`, result.skippedByReason));
    } catch (error) {
      fill(outcome, errorAlert(error));
    }
  }

  async function launch(event: Event): Promise<void> {
    event.preventDefault();
    try {
      const launched = await ok(api.POST("/api/orgs/{orgId}/mass-charges", {
        params: { path: { orgId }, header: { "Idempotency-Key": idempotencyKey } }, body: await request(),
      }));
      navigate(`/batches/mass-charges/${encodeURIComponent(launched.batchId)}`);
    } catch (error) {
      fill(outcome, errorAlert(error));
    }
  }

  return h("form", { "aria-labelledby": "mass-charge-title", class: "panel", onsubmit: launch },
    h("h2", { id: "mass-charge-title" }, `Mass charge ${count} selected`),
    field("Amount rule", rule), field("Amount each", amount), field("Method", method), field("Notes", notes),
    h("button", { type: "button", onclick: () => void preview() }, "Preview"), " ",
    h("button", { type: "submit" }, "Launch mass charge"),
    outcome);
}

/**
 * A mass invoice from a selection: one invoice per target, with a preview (how many would be invoiced, the total, the
 * listed ids the directory does not hold), then the launch with an Idempotency-Key made once with the form.
 */
export function massInvoiceForm(session: Session, selection: Selection, count: number): HTMLElement {
  const orgId = session.organizationId;
  const idempotencyKey = newIdempotencyKey();
  const description = h("input", { name: "description", required: true });
  const amount = h("input", { name: "amount", inputmode: "decimal", placeholder: "25.00", required: true });
  const due = h("input", { name: "dueDate", type: "date", required: true, value: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) });
  const memo = h("input", { name: "memo" });
  const outcome = h("div", { "aria-live": "polite" });

  async function request(): Promise<Schemas["MassInvoiceRequest"]> {
    const money = parseMoney(amount.value, await currency(orgId));
    if (!money) throw new Error("Enter the amount of each invoice, such as 25.00.");
    return { selection, description: description.value, amount: money, dueDate: due.value, memo: memo.value || null };
  }

  async function preview(): Promise<void> {
    try {
      const result = await ok(api.POST("/api/orgs/{orgId}/mass-invoices/preview", { params: { path: { orgId } }, body: await request() }));
      fill(outcome, previewSection(`${result.toInvoice} of ${result.targets} targets would be invoiced, ${formatMoney(result.total)} in all.`, result.skippedByReason));
    } catch (error) {
      fill(outcome, errorAlert(error));
    }
  }

  async function launch(event: Event): Promise<void> {
    event.preventDefault();
    try {
      const started = await ok(api.POST("/api/orgs/{orgId}/mass-invoices", {
        params: { path: { orgId }, header: { "Idempotency-Key": idempotencyKey } }, body: await request(),
      }));
      navigate(`/batches/mass-invoices/${encodeURIComponent(started.batchId)}`);
    } catch (error) {
      fill(outcome, errorAlert(error));
    }
  }

  return h("form", { "aria-labelledby": "mass-invoice-title", class: "panel", onsubmit: launch },
    h("h2", { id: "mass-invoice-title" }, `Mass invoice ${count} selected`),
    field("Description", description), field("Amount each", amount), field("Due date", due), field("Memo", memo),
    h("button", { type: "button", onclick: () => void preview() }, "Preview"), " ",
    h("button", { type: "submit" }, "Launch mass invoice"),
    outcome);
}
