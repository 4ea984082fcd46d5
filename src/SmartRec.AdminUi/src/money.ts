import type { components } from "./api/schema";

export type Money = components["schemas"]["Money"];

const digits = new Map<string, number>();

/** The currency's minor-unit exponent as Intl knows it (2 for USD, 0 for JPY). */
function exponent(currency: string): number {
  let value = digits.get(currency);
  if (value === undefined) {
    value = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digits.set(currency, value);
  }
  return value;
}

/** Money travels as long minor units plus an ISO currency; it is only turned into a decimal to be shown. */
export function formatMoney(money: Money | null | undefined): string {
  if (!money || money.currency === undefined || money.minor === undefined) return "—";
  const currency = money.currency;
  const minor = Number(money.minor);
  return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(minor / 10 ** exponent(currency));
}

/** Reads a decimal amount typed by a person ("12.50") as minor units, or null when it is not a valid amount. */
export function parseMoney(text: string, currency: string): Money | null {
  const match = /^\s*(\d+)(?:[.,](\d+))?\s*$/.exec(text);
  const places = exponent(currency);
  if (!match || (match[2]?.length ?? 0) > places) return null;
  const minor = Number(match[1]) * 10 ** places + Number((match[2] ?? "").padEnd(places, "0") || 0);
  return { minor, currency };
}

/** Minor units as the plain decimal a person types ("12.50"), to prefill an amount field. */
export function toDecimal(money: Money): string {
  const places = exponent(money.currency ?? "USD");
  return (Number(money.minor ?? 0) / 10 ** places).toFixed(places);
}
