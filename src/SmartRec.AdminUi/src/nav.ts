import { ProblemError, signOut } from "./api/client";
import { h } from "./dom";

/** The app lives under /admin; the host answers index.html for every deep link below it. */
export const base = "/admin";

export const navigated = "smartrec:navigate";

export function navigate(path: string): void {
  history.pushState(null, "", base + path);
  window.dispatchEvent(new Event(navigated));
}

export function href(path: string): string {
  return base + path;
}

/** A problem the API answered, shown with its detail; anything else with its message. A lapsed token signs out. */
export function showError(container: Element, error: unknown): void {
  if (error instanceof ProblemError && error.status === 401) {
    signOut();
    navigate("/sign-in");
    return;
  }
  container.prepend(errorAlert(error));
}

export function errorAlert(error: unknown): HTMLElement {
  const title = error instanceof ProblemError ? error.problem.title ?? "The request was refused" : "Something went wrong";
  const detail = error instanceof Error ? error.message : String(error);
  return h("div", { role: "alert", class: "problem" }, h("strong", {}, title), ": ", detail);
}
