import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];
export type Problem = Schemas["ProblemDetails"] & { errors?: Record<string, string[]> };

/** Who is signed in, read from the bearer token's claims; the API decides, the UI only hides what it would refuse. */
export interface Session {
  token: string;
  subject: string;
  role: "admin" | "operator" | "viewer" | string;
  organizationId: string;
}

const storageKey = "smartrec.session";

export function currentSession(): Session | null {
  const raw = sessionStorage.getItem(storageKey);
  return raw ? (JSON.parse(raw) as Session) : null;
}

export function signIn(token: string): Session {
  const claims = readClaims(token);
  if (!claims.org) throw new Error("This token belongs to no organization; the admin UI needs an admin, operator or viewer token.");
  const session: Session = { token, subject: String(claims.sub ?? ""), role: String(claims.role ?? ""), organizationId: String(claims.org) };
  sessionStorage.setItem(storageKey, JSON.stringify(session));
  return session;
}

export function signOut(): void {
  sessionStorage.removeItem(storageKey);
}

function readClaims(token: string): Record<string, unknown> {
  const payload = token.split(".")[1];
  if (!payload) throw new Error("That is not a bearer token (a JWT has three parts separated by dots).");
  try {
    return JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as Record<string, unknown>;
  } catch {
    throw new Error("The token's claims cannot be read.");
  }
}

/** Role checks mirror the API's policies (src/SmartRec.Api/Security/Roles.cs). */
export const can = {
  /** Admins change clients, methods and money: payments, refunds, plans, Action Center actions. */
  admin: (s: Session) => s.role === "admin",
  /** Admins and operators run mass charges and mass invoices. */
  operate: (s: Session) => s.role === "admin" || s.role === "operator",
};

const authenticate: Middleware = {
  onRequest({ request }) {
    const session = currentSession();
    if (session) request.headers.set("Authorization", `Bearer ${session.token}`);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: location.origin });
api.use(authenticate);

/** An RFC 9457 problem turned into an Error whose message is what a person should read. */
export class ProblemError extends Error {
  constructor(readonly problem: Problem, readonly status: number) {
    const fields = problem.errors ? Object.values(problem.errors).flat().join(" ") : "";
    super(problem.detail || fields || problem.title || `The request failed (HTTP ${status}).`);
  }
}

/** The data of an openapi-fetch answer, or a thrown ProblemError carrying the problem's detail. */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) {
    const problem = (typeof error === "object" && error ? error : { title: response.statusText }) as Problem;
    throw new ProblemError(problem, response.status);
  }
  return data as T;
}

/** A fresh Idempotency-Key, made once per form so a resubmitted form is the same request. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/** Reads a Server-Sent Events stream with the bearer token (EventSource cannot send one), event by event. */
export async function* serverSentEvents(path: string, signal: AbortSignal): AsyncGenerator<{ event: string; data: string }> {
  const session = currentSession();
  const response = await fetch(path, {
    headers: { Accept: "text/event-stream", ...(session ? { Authorization: `Bearer ${session.token}` } : {}) },
    signal,
  });
  if (!response.ok || !response.body) {
    throw new ProblemError((await response.json().catch(() => ({ title: response.statusText }))) as Problem, response.status);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
      }
      if (data.length) yield { event, data: data.join("\n") };
    }
  }
}

/** Downloads a route's CSV answer with the bearer token as a file. */
export async function downloadCsv(path: string, fileName: string): Promise<void> {
  const session = currentSession();
  const response = await fetch(path, { headers: { Accept: "text/csv", ...(session ? { Authorization: `Bearer ${session.token}` } : {}) } });
  if (!response.ok) throw new ProblemError((await response.json().catch(() => ({}))) as Problem, response.status);
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement("a"), { href: url, download: fileName });
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Later, not at once: the browser reads the blob after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
