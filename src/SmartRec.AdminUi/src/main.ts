import "./style.css";
import { currentSession, signOut, type Session } from "./api/client";
import { fill, h } from "./dom";
import { accountScreen } from "./screens/account";
import { actionCenterScreen } from "./screens/actionCenter";
import { batchesScreen, massChargeScreen, massInvoiceScreen } from "./screens/batches";
import { clientsScreen } from "./screens/clients";
import { signInScreen } from "./screens/signIn";
import { base, navigate, navigated, showError } from "./nav";

export type Screen = (main: HTMLElement, session: Session, params: Record<string, string>) => Promise<void> | void;

const routes: [RegExp, Screen][] = [
  [/^\/?$/, clientsScreen],
  [/^\/clients\/?$/, clientsScreen],
  [/^\/accounts\/(?<accountId>[^/]+)\/?$/, accountScreen],
  [/^\/batches\/?$/, batchesScreen],
  [/^\/batches\/mass-charges\/(?<batchId>[^/]+)\/?$/, massChargeScreen],
  [/^\/batches\/mass-invoices\/(?<batchId>[^/]+)\/?$/, massInvoiceScreen],
  [/^\/action-center\/?$/, actionCenterScreen],
];

/** Links inside the app change the screen without reloading the page. */
document.addEventListener("click", (event) => {
  const link = (event.target as Element).closest?.("a");
  if (!link || link.target || link.hasAttribute("download") || event.ctrlKey || event.metaKey) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || !url.pathname.startsWith(base)) return;
  event.preventDefault();
  navigate(url.pathname.slice(base.length) + url.search);
});
window.addEventListener("popstate", () => void render());
window.addEventListener(navigated, () => void render());

let renderCount = 0;

async function render(): Promise<void> {
  const app = document.getElementById("app")!;
  const path = location.pathname.slice(base.length) || "/";
  const session = currentSession();
  const main = h("main", { id: "main" });
  if (!session || path.startsWith("/sign-in")) {
    fill(app, h("header", { class: "top" }, h("span", { class: "brand" }, "SmartRec admin")), main);
    signInScreen(main, () => navigate("/clients"));
    return;
  }

  fill(app, header(session), main);
  const render = ++renderCount;
  for (const [pattern, screen] of routes) {
    const match = pattern.exec(path);
    if (!match) continue;
    try {
      await screen(main, session, match.groups ?? {});
    } catch (error) {
      if (render === renderCount) showError(main, error);
    }
    return;
  }
  fill(main, h("h1", {}, "Not found"), h("p", {}, "No screen here. ", h("a", { href: `${base}/clients` }, "Go to clients")));
}

function header(session: Session): HTMLElement {
  const link = (path: string, text: string) => {
    const current = location.pathname.startsWith(base + path);
    return h("a", { href: base + path, "aria-current": current ? "page" : null }, text);
  };
  return h("header", { class: "top" },
    h("span", { class: "brand" }, "SmartRec admin"),
    h("nav", { "aria-label": "Main" }, link("/clients", "Clients"), link("/batches", "Batches"), link("/action-center", "Action Center")),
    h("span", { class: "who" }, `${session.subject} · ${session.role} · ${session.organizationId}`),
    h("button", { type: "button", onclick: () => { signOut(); navigate("/sign-in"); } }, "Sign out"));
}

void render();
