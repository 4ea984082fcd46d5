import { api, can, newIdempotencyKey, ok, type Schemas, type Session } from "../api/client";
import { field, fill, h, select, statusLine } from "../dom";
import { formatMoney } from "../money";
import { errorAlert, href } from "../nav";

const pageSize = 25;

const kinds: [Schemas["ActionItemKind"], string][] = [
  ["paymentDeclined", "Payment declined"], ["planNeedsMethod", "Plan needs a method"], ["paymentDisputed", "Payment disputed"],
  ["echeckFailed", "E-check failed"], ["installmentDeclined", "Installment declined"], ["subscriptionPeriodDeclined", "Subscription period declined"],
  ["massChargeDeclined", "Mass charge declined"],
];

/** What needs a person: declines, disputes, failed e-checks; filtered by kind and state, paged; retried or dismissed. */
export async function actionCenterScreen(main: HTMLElement, session: Session): Promise<void> {
  const orgId = session.organizationId;
  const kind = select("kind", [["", "Any kind"], ...kinds]);
  const state = select("state", [["open", "Open"], ["resolved", "Resolved"], ["dismissed", "Dismissed"], ["", "Any state"]], "open");
  const summary = statusLine();
  const problems = h("div");
  const list = h("div");
  const pager = h("nav", { "aria-label": "Pages", class: "pager" });
  let cursors: (string | undefined)[] = [undefined];
  // Filters change faster than pages arrive; only the answer to the latest request is drawn.
  let latest = 0;
  for (const control of [kind, state]) control.addEventListener("change", () => { cursors = [undefined]; void load(); });
  fill(main, h("h1", {}, "Action Center"),
    h("form", { role: "search", "aria-label": "Filters", class: "filters" }, field("Kind", kind), field("State", state)),
    summary, problems, list, pager);

  async function load(): Promise<void> {
    const request = ++latest;
    const page = await ok(api.GET("/api/orgs/{orgId}/action-center", {
      params: { path: { orgId }, query: { kind: kind.value || undefined, state: state.value || undefined, cursor: cursors[cursors.length - 1], limit: String(pageSize) } },
    }));
    if (request !== latest) return;
    fill(summary, `${page.total} items match · ${page.counts.open} open, ${page.counts.resolved} resolved, ${page.counts.dismissed} dismissed`);
    const methods = new Map<string, Schemas["OrganizationPaymentMethod"][]>();
    if (can.admin(session)) {
      for (const accountId of new Set(page.items.filter((v) => v.state === "open").map((v) => v.item.accountId))) {
        methods.set(accountId, await ok(api.GET("/api/orgs/{orgId}/accounts/{accountId}/payment-methods", { params: { path: { orgId, accountId } } })));
      }
    }
    if (request !== latest) return;
    fill(list, h("ul", { class: "items", "aria-label": "Action Center items" }, page.items.map((view) => item(view, methods.get(view.item.accountId) ?? []))));
    fill(pager,
      h("button", { type: "button", disabled: cursors.length === 1, onclick: () => { cursors.pop(); void load(); } }, "Previous page"),
      h("button", { type: "button", disabled: !page.nextCursor, onclick: () => { cursors.push(page.nextCursor ?? undefined); void load(); } }, "Next page"));
  }

  function item(view: Schemas["ActionItemView"], methods: Schemas["OrganizationPaymentMethod"][]): HTMLElement {
    const i = view.item;
    const title = `${kinds.find(([k]) => k === i.kind)?.[1] ?? i.kind}: ${view.holderName ?? i.accountId}`;
    const actions: Node[] = [];
    if (can.admin(session) && view.state === "open") {
      const idempotencyKey = newIdempotencyKey();
      const method = select("methodId", [["", "The same method"], ...methods.filter((m) => !m.isExpired).map((m): [string, string] => [
        m.id, m.details.kind === "card" ? `${m.details.brand ?? "card"} •••• ${m.details.last4}` : `${m.details.bankName ?? "bank"} •••• ${m.details.last4}`])]);
      actions.push(h("form", { class: "inline", "aria-label": `Retry ${i.id}`, onsubmit: async (event: Event) => {
        event.preventDefault();
        await act(api.POST("/api/orgs/{orgId}/action-center/{itemId}/retry", {
          params: { path: { orgId, itemId: i.id }, header: { "Idempotency-Key": idempotencyKey } }, body: { methodId: method.value || null },
        }));
      } }, field("Retry with", method), h("button", { type: "submit" }, "Retry")));
      const note = h("input", { name: "note", required: true });
      actions.push(h("form", { class: "inline", "aria-label": `Dismiss ${i.id}`, onsubmit: async (event: Event) => {
        event.preventDefault();
        await act(api.POST("/api/orgs/{orgId}/action-center/{itemId}/dismiss", { params: { path: { orgId, itemId: i.id } }, body: { note: note.value } }));
      } }, field("Note", note), h("button", { type: "submit" }, "Dismiss")));
    }
    return h("li", { "aria-label": title, "data-item": i.id },
      h("h2", {}, title),
      h("p", {}, `${view.state} · ${formatMoney(i.amount)} · ${i.declineCode ?? ""} · ${view.attempts} attempt(s) · ${new Date(view.updatedAt).toLocaleString()}`),
      h("p", {}, i.message, " ", h("a", { href: href(`/accounts/${encodeURIComponent(i.accountId)}`) }, `Open account ${i.accountId}`)),
      view.note ? h("p", {}, `Note: ${view.note}`) : null,
      actions);
  }

  async function act(call: Promise<{ error?: unknown; response: Response }>): Promise<void> {
    try {
      await ok(call);
      fill(problems);
      await load();
    } catch (error) {
      fill(problems, errorAlert(error));
    }
  }

  await load();
}
