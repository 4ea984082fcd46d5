import { api, can, ok, type Schemas, type Session } from "../api/client";
import { field, fill, h, select, statusLine } from "../dom";
import { formatMoney } from "../money";
import { href, showError } from "../nav";
import { massChargeForm, massInvoiceForm } from "./massForms";

type Tab = Schemas["DirectoryTab"];
type Key = Schemas["DirectoryKey"];
type Selection = Schemas["DirectorySelection"];

const pageSize = 25;

/** The query both tabs accept, as the API names it; every filter of the directory (R4). */
interface Query {
  savedCard: string;
  savedECheck: string;
  programId: string;
  activityId: string;
  affiliationId: string;
  q: string;
  sort: string;
}

/** A yes/no select's value as the filter reads it: "yes", "no", or no criterion. */
function yesOrNo(value: string): "yes" | "no" | null {
  return value === "yes" || value === "no" ? value : null;
}

/**
 * The Accounts and Persons tabs: every directory filter, the name search, sort, the total that matches, paging by
 * cursor, and a selection (rows picked by hand, or every row that matches) that mass charges and invoices start from.
 */
export async function clientsScreen(main: HTMLElement, session: Session): Promise<void> {
  const orgId = session.organizationId;
  const catalog = await ok(api.GET("/api/orgs/{orgId}/catalog", { params: { path: { orgId } } }));
  const params = new URLSearchParams(location.search);
  let tab: Tab = params.get("tab") === "persons" ? "persons" : "accounts";
  const query: Query = {
    savedCard: params.get("savedCard") ?? "", savedECheck: params.get("savedECheck") ?? "", programId: params.get("programId") ?? "",
    activityId: params.get("activityId") ?? "", affiliationId: params.get("affiliationId") ?? "", q: params.get("q") ?? "", sort: params.get("sort") ?? "id",
  };
  let cursors: (string | undefined)[] = [undefined];
  let total = 0;
  let picked = new Map<string, Key>();
  let allThatMatch = false;
  // Filters change faster than pages arrive; only the answer to the latest request is drawn.
  let latest = 0;

  const yesNo: [string, string][] = [["", "Any"], ["yes", "Yes"], ["no", "No"]];
  const entries = (list: Schemas["CatalogEntry"][], any: string): [string, string][] => [["", any], ...list.map((e): [string, string] => [e.id, e.name])];
  const controls = {
    savedCard: select("savedCard", yesNo, query.savedCard),
    savedECheck: select("savedECheck", yesNo, query.savedECheck),
    programId: select("programId", entries(catalog.programs, "Any program"), query.programId),
    activityId: select("activityId", entries(catalog.activities, "Any activity"), query.activityId),
    affiliationId: select("affiliationId", entries(catalog.affiliations, "Any affiliation"), query.affiliationId),
    q: h("input", { type: "search", name: "q", value: query.q }),
    sort: select("sort", [["id", "Id"], ["name", "Name"]], query.sort),
  };
  const filters = h("form", { role: "search", "aria-label": "Filters", class: "filters", onsubmit: (event: Event) => { event.preventDefault(); void reload(); } },
    field("Saved card", controls.savedCard), field("Saved e-check", controls.savedECheck), field("Program", controls.programId),
    field("Activity", controls.activityId), field("Affiliation", controls.affiliationId), field("Search names", controls.q),
    field("Sort by", controls.sort), h("button", { type: "submit" }, "Apply filters"));
  for (const control of Object.values(controls)) if (control instanceof HTMLSelectElement) control.addEventListener("change", () => void reload());

  const tabButton = (value: Tab, text: string) => h("button", {
    type: "button", role: "tab", id: `tab-${value}`, "aria-controls": "directory", "aria-selected": String(tab === value),
    onclick: () => { tab = value; void reload(); },
  }, text);
  const tabs = h("div", { role: "tablist", "aria-label": "Directory" }, tabButton("accounts", "Accounts"), tabButton("persons", "Persons"));
  const summary = statusLine();
  const selectionBar = h("div", { class: "selection", role: "region", "aria-label": "Selection" });
  const panel = h("div", { role: "tabpanel", id: "directory" });
  const pager = h("nav", { "aria-label": "Pages", class: "pager" });
  const forms = h("div");
  fill(main, h("h1", {}, "Clients"), tabs, filters, summary, selectionBar, panel, pager, forms);

  function read(): Query {
    return Object.fromEntries(Object.entries(controls).map(([k, c]) => [k, c.value])) as unknown as Query;
  }

  /** The filter as the mass routes read it: the same values as the query string, the name search as `name`. */
  function selection(): Selection {
    if (!allThatMatch) return { tab, ids: [...picked.values()] };
    const q = read();
    return {
      tab,
      filter: {
        savedCard: yesOrNo(q.savedCard), savedECheck: yesOrNo(q.savedECheck), programId: q.programId || null,
        activityId: q.activityId || null, affiliationId: q.affiliationId || null, name: q.q || null,
      },
    };
  }

  async function reload(): Promise<void> {
    cursors = [undefined];
    picked = new Map();
    allThatMatch = false;
    fill(forms);
    const q = read();
    const search = new URLSearchParams(Object.entries({ tab, ...q }).filter(([k, v]) => v && !(k === "sort" && v === "id") && !(k === "tab" && v === "accounts")));
    history.replaceState(null, "", href("/clients") + (search.size ? `?${search}` : ""));
    for (const button of tabs.querySelectorAll("button")) button.setAttribute("aria-selected", String(button.id === `tab-${tab}`));
    await loadPage();
  }

  async function loadPage(): Promise<void> {
    const q = read();
    const query = {
      savedCard: q.savedCard || undefined, savedECheck: q.savedECheck || undefined, programId: q.programId || undefined,
      activityId: q.activityId || undefined, affiliationId: q.affiliationId || undefined, q: q.q || undefined,
      sort: q.sort, cursor: cursors[cursors.length - 1], limit: String(pageSize),
    };
    const request = ++latest;
    try {
      if (tab === "accounts") {
        const page = await ok(api.GET("/api/orgs/{orgId}/accounts", { params: { path: { orgId }, query } }));
        if (request !== latest) return;
        total = Number(page.total);
        drawRows(page.items.map((row) => ({ key: { accountId: row.accountId }, cells: accountCells(row) })),
          ["Account", "Holder", "Persons", "Saved card", "Saved e-check", "Balance owing", "Holder signed in"]);
        drawPager(page.nextCursor);
      } else {
        const page = await ok(api.GET("/api/orgs/{orgId}/persons", { params: { path: { orgId }, query } }));
        if (request !== latest) return;
        total = Number(page.total);
        const activities = new Map(catalog.activities.map((a) => [a.id, a.name]));
        drawRows(page.items.map((row) => ({ key: { accountId: row.accountId, personId: row.personId }, cells: personCells(row, activities) })),
          ["Person", "Account", "Activities", "Saved card", "Saved e-check"]);
        drawPager(page.nextCursor);
      }
    } catch (error) {
      if (request === latest) showError(panel, error);
    }
    drawSelection();
  }

  function keyOf(key: Key): string {
    return key.personId ? `${key.accountId}/${key.personId}` : key.accountId;
  }

  function drawRows(rows: { key: Key; cells: (Node | string)[] }[], headers: string[]): void {
    const noun = tab === "accounts" ? "account" : "person";
    fill(summary, `${total} ${noun}${total === 1 ? "" : "s"} match`);
    const body = rows.map(({ key, cells }) => {
      const box = h("input", {
        type: "checkbox", "aria-label": `Select ${keyOf(key)}`, checked: allThatMatch || picked.has(keyOf(key)), disabled: allThatMatch,
        onchange: (event: Event) => {
          if ((event.target as HTMLInputElement).checked) picked.set(keyOf(key), key);
          else picked.delete(keyOf(key));
          drawSelection();
        },
      });
      return h("tr", {}, h("td", {}, box), ...cells.map((cell) => h("td", {}, cell)));
    });
    fill(panel, h("table", {},
      h("caption", {}, tab === "accounts" ? "Accounts" : "Persons"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Selected"), ...headers.map((text) => h("th", { scope: "col" }, text)))),
      h("tbody", {}, body)));
  }

  function drawPager(nextCursor: string | null): void {
    const page = cursors.length;
    fill(pager,
      h("button", { type: "button", disabled: page === 1, onclick: () => { cursors.pop(); void loadPage(); } }, "Previous page"),
      h("span", {}, ` Page ${page} of ${Math.max(1, Math.ceil(total / pageSize))} `),
      h("button", { type: "button", disabled: !nextCursor, onclick: () => { cursors.push(nextCursor ?? undefined); void loadPage(); } }, "Next page"));
  }

  function drawSelection(): void {
    const count = allThatMatch ? total : picked.size;
    const status = h("span", { role: "status", "aria-label": "Selected" }, allThatMatch ? `All ${total} that match are selected` : `${count} selected`);
    const toggleAll = allThatMatch
      ? h("button", { type: "button", onclick: () => { allThatMatch = false; void loadPage(); } }, "Clear selection")
      : h("button", { type: "button", disabled: total === 0, onclick: () => { allThatMatch = true; picked = new Map(); void loadPage(); } }, `Select all ${total} that match`);
    const actions = can.operate(session) && count > 0
      ? [h("button", { type: "button", onclick: () => fill(forms, massChargeForm(session, selection(), count)) }, "Mass charge…"),
        h("button", { type: "button", onclick: () => fill(forms, massInvoiceForm(session, selection(), count)) }, "Mass invoice…")]
      : [];
    fill(selectionBar, status, " ", toggleAll, " ", actions);
  }

  await loadPage();
}

function accountCells(row: Schemas["AccountListRow"]): (Node | string)[] {
  return [
    h("a", { href: href(`/accounts/${encodeURIComponent(row.accountId)}`) }, `${row.displayName} (${row.accountId})`),
    row.holderUserId, String(row.personCount), row.hasSavedCard ? "Yes" : "No", row.hasSavedECheck ? "Yes" : "No",
    formatMoney(row.balanceOwing), row.holderNeverSignedIn ? "Never" : "Yes",
  ];
}

function personCells(row: Schemas["PersonRow"], activities: Map<string, string>): (Node | string)[] {
  return [
    `${row.firstName} ${row.lastName}`,
    h("a", { href: href(`/accounts/${encodeURIComponent(row.accountId)}`) }, row.accountId),
    row.activityIds.map((id) => activities.get(id) ?? id).join(", ") || "—",
    row.hasSavedCard ? "Yes" : "No", row.hasSavedECheck ? "Yes" : "No",
  ];
}
