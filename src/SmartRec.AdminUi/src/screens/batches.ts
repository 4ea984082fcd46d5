import { api, can, downloadCsv, ok, serverSentEvents, type Schemas, type Session } from "../api/client";
import { fill, h, statusLine, table } from "../dom";
import { formatMoney } from "../money";
import { errorAlert, href, navigated } from "../nav";

type ChargeProgress = Schemas["MassChargeProgress"];

const resultsPageSize = 50;

/** Stops a screen's background work (an event stream, a poll) when the person leaves the screen. */
function untilLeft(): AbortSignal {
  const controller = new AbortController();
  const leave = () => controller.abort();
  window.addEventListener(navigated, leave, { once: true });
  window.addEventListener("popstate", leave, { once: true });
  return controller.signal;
}

/** Mass charges and mass invoices, newest first. */
export async function batchesScreen(main: HTMLElement, session: Session): Promise<void> {
  const orgId = session.organizationId;
  const [charges, invoices] = await Promise.all([
    ok(api.GET("/api/orgs/{orgId}/mass-charges", { params: { path: { orgId }, query: { limit: "50" } } })),
    ok(api.GET("/api/orgs/{orgId}/mass-invoices", { params: { path: { orgId }, query: { limit: "50" } } })),
  ]);
  fill(main, h("h1", {}, "Batches"),
    table("Mass charges", ["Batch", "Status", "Targets", "Charged", "Declined", "Skipped", "Amount charged", "Accepted"],
      charges.items.map((b) => [
        h("a", { href: href(`/batches/mass-charges/${encodeURIComponent(b.batchId)}`) }, b.batchId), b.status, String(b.counts.targets),
        String(b.counts.charged), String(b.counts.declined), String(b.counts.skipped), formatMoney(b.amountCharged), new Date(b.acceptedAt).toLocaleString(),
      ])),
    table("Mass invoices", ["Batch", "Status", "Targets", "Created", "Failed", "Skipped", "Accepted"],
      invoices.items.map((b) => [
        h("a", { href: href(`/batches/mass-invoices/${encodeURIComponent(b.batchId)}`) }, b.batchId), b.status, String(b.targets),
        String(b.created), String(b.failed), String(b.skipped), new Date(b.acceptedAt).toLocaleString(),
      ])));
}

function isOver(progress: ChargeProgress): boolean {
  return progress.status === "completed" || progress.status === "cancelled";
}

/** One mass charge: a live progress bar fed by the batch's event stream, cancel, retry-failed, results and their CSV. */
export async function massChargeScreen(main: HTMLElement, session: Session, params: Record<string, string>): Promise<void> {
  const orgId = session.organizationId;
  const batchId = params.batchId!;
  const path = { orgId, batchId };
  const bar = h("progress", { "aria-label": "Mass charge progress", max: 1, value: 0 });
  const figures = statusLine();
  const actions = h("div", { class: "actions" });
  const problems = h("div");
  const results = h("section", { "aria-label": "Results" });
  fill(main, h("h1", {}, `Mass charge ${batchId}`), problems, bar, figures, actions, results);

  let shown: ChargeProgress | null = null;
  function draw(progress: ChargeProgress): void {
    shown = progress;
    const c = progress.counts;
    const done = Number(c.targets) - Number(c.pending);
    bar.max = Math.max(1, Number(c.targets));
    bar.value = done;
    fill(figures, `${progress.status}: ${done} of ${c.targets} done — ${c.charged} charged, ${c.processing} processing, ${c.declined} declined, `
      + `${c.skipped} skipped, ${c.unknown} unknown; ${formatMoney(progress.amountCharged)} charged`);
    main.dataset.status = progress.status;
    const buttons: Node[] = [];
    if (can.operate(session) && !isOver(progress) && progress.status !== "cancelling") {
      buttons.push(h("button", { type: "button", onclick: () => act(api.POST("/api/orgs/{orgId}/mass-charges/{batchId}/cancel", { params: { path } })) }, "Cancel batch"));
    }
    if (can.operate(session) && isOver(progress) && Number(c.declined) > 0) {
      buttons.push(h("button", { type: "button", onclick: () => act(api.POST("/api/orgs/{orgId}/mass-charges/{batchId}/retry-failed", { params: { path } })) }, "Retry failed"));
    }
    buttons.push(h("button", { type: "button", onclick: () => downloadCsv(`/api/orgs/${orgId}/mass-charges/${batchId}/results`, `${batchId}.csv`).catch((e) => fill(problems, errorAlert(e))) }, "Download CSV"));
    fill(actions, buttons);
  }

  async function act(call: Promise<{ data?: ChargeProgress; error?: unknown; response: Response }>): Promise<void> {
    try {
      draw(await ok(call));
      void follow();
    } catch (error) {
      fill(problems, errorAlert(error));
    }
  }

  const signal = untilLeft();
  let following = false;
  async function follow(): Promise<void> {
    if (following) return;
    following = true;
    try {
      for await (const message of serverSentEvents(`/api/orgs/${encodeURIComponent(orgId)}/mass-charges/${encodeURIComponent(batchId)}/events`, signal)) {
        draw(JSON.parse(message.data) as ChargeProgress);
        if (message.event === "final") break;
      }
      await drawResults();
    } catch (error) {
      if (!signal.aborted) fill(problems, errorAlert(error));
    } finally {
      following = false;
    }
  }

  async function drawResults(cursor?: string): Promise<void> {
    // The route answers JSON or CSV by Accept; asked without text/csv, the answer is the JSON page.
    const page = (await ok(api.GET("/api/orgs/{orgId}/mass-charges/{batchId}/results", {
      params: { path, query: { cursor, limit: String(resultsPageSize) } }, parseAs: "json",
    }))) as Schemas["MassChargeResults"];
    fill(results,
      table("Results", ["Account", "Person", "Outcome", "Amount", "Attempt", "Payment", "Code"], page.items.map((r) => [
        h("a", { href: href(`/accounts/${encodeURIComponent(r.accountId)}`) }, r.accountId), r.personId ?? "—", r.outcome,
        formatMoney(r.amount), String(r.attempt), r.paymentId ?? "", r.code ?? "",
      ])),
      page.nextCursor ? h("button", { type: "button", onclick: () => void drawResults(page.nextCursor!) }, "Next results") : null);
  }

  draw(await ok(api.GET("/api/orgs/{orgId}/mass-charges/{batchId}", { params: { path } })));
  if (shown && isOver(shown)) await drawResults();
  else void follow();
}

/** One mass invoice: its progress, read again every second while it runs (the API streams no events for it), and results. */
export async function massInvoiceScreen(main: HTMLElement, session: Session, params: Record<string, string>): Promise<void> {
  const orgId = session.organizationId;
  const path = { orgId, batchId: params.batchId! };
  const bar = h("progress", { "aria-label": "Mass invoice progress", max: 1, value: 0 });
  const figures = statusLine();
  const results = h("section", { "aria-label": "Results" });
  fill(main, h("h1", {}, `Mass invoice ${path.batchId}`), bar, figures, results);
  const signal = untilLeft();
  for (;;) {
    const progress = await ok(api.GET("/api/orgs/{orgId}/mass-invoices/{batchId}", { params: { path } }));
    bar.max = Math.max(1, Number(progress.targets));
    bar.value = Number(progress.targets) - Number(progress.pending);
    main.dataset.status = progress.status;
    fill(figures, `${progress.status}: ${progress.created} created, ${progress.failed} failed, ${progress.skipped} skipped, ${progress.pending} pending of ${progress.targets}`);
    if (progress.status === "completed" || signal.aborted) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const page = await ok(api.GET("/api/orgs/{orgId}/mass-invoices/{batchId}/results", { params: { path, query: { limit: "200" } } }));
  fill(results, table("Results", ["Account", "Person", "Invoice", "Outcome", "Code"],
    page.items.map((r) => [r.accountId, r.personId ?? "—", r.invoiceId, r.outcome, r.code ?? ""])));
}
