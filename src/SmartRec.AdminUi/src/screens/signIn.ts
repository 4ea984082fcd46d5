import { api, ok, signIn } from "../api/client";
import { field, fill, h, select } from "../dom";
import { errorAlert } from "../nav";

/**
 * Sign in with a pasted bearer token, or, where the host mints demo tokens (SmartRec:Auth:DevTokens), pick a role in
 * a demo organization and get one.
 */
export function signInScreen(main: HTMLElement, signedIn: () => void): void {
  const problems = h("div");
  const fail = (error: unknown) => fill(problems, errorAlert(error));

  const role = select("role", [["admin", "Admin"], ["operator", "Operator"], ["viewer", "Viewer"]]);
  const organization = select("organizationId", [["riverside", "Riverside Parks & Recreation (demo)"], ["lakeside", "Lakeside Aquatic Club (demo)"]]);
  const subject = h("input", { name: "subject", value: "demo-admin", autocomplete: "username" });
  const demo = h("form", { "aria-labelledby": "demo-title", onsubmit: async (event: Event) => {
    event.preventDefault();
    try {
      const minted = await ok(api.POST("/api/dev/tokens", {
        body: { subject: subject.value, role: role.value, organizationId: organization.value },
      }));
      signIn(minted.token);
      signedIn();
    } catch (error) {
      fail(error);
    }
  } },
  h("h2", { id: "demo-title" }, "Demo token"),
  h("p", {}, "The demo host mints tokens for any role in its seeded organizations."),
  field("Organization", organization), field("Role", role), field("Name", subject),
  h("button", { type: "submit" }, "Sign in with a demo token"));

  const token = h("textarea", { name: "token", rows: 3, autocomplete: "off" });
  const pasted = h("form", { "aria-labelledby": "token-title", onsubmit: (event: Event) => {
    event.preventDefault();
    try {
      signIn(token.value.trim());
      signedIn();
    } catch (error) {
      fail(error);
    }
  } },
  h("h2", { id: "token-title" }, "Bearer token"),
  field("Bearer token", token),
  h("button", { type: "submit" }, "Sign in with this token"));

  fill(main, h("h1", {}, "Sign in"), problems, h("div", { class: "columns" }, demo, pasted));
}
