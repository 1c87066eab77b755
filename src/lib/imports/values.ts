/**
 * Cell values as owners write them in Indonesian spreadsheets (DOMAIN.md "Money and dates"):
 * rupiah with dot thousands and comma decimals, dates as dd/mm/yyyy or yyyy-mm-dd. Anything
 * ambiguous is an error, never a guess.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; key: RowErrorKey };
export type RowErrorKey =
  | "amountAmbiguous"
  | "amountInvalid"
  | "dateImpossible"
  | "dateInvalid"
  | "duplicateInFile"
  | "customerMissing"
  | "customerNotFound"
  | "customerAmbiguous"
  | "tagTooLong";

/** Trims, and drops the apostrophe our error file puts before =, +, -, @ (formula guard). */
export function cleanCell(value: string | undefined): string {
  const v = (value ?? "").trim();
  return /^'[=+\-@]/.test(v) ? v.slice(1) : v;
}

/**
 * Rupiah: `1500000`, `1.500.000`, `Rp1.500.000`, `Rp 1.500.000,00`, `1500000,00`, `-250.000`
 * (balances). Refused: `1,5jt` / `150rb` (words), `1.5` / `1,500` (dot or comma that could be
 * either a decimal or a thousands separator).
 */
export function parseRupiah(input: string): Parsed<number> {
  let s = input.replace(/[\s\u00a0]/g, "");
  s = s.replace(/^(-?)(rp\.?|idr)/i, "$1");
  const negative = s.startsWith("-");
  if (negative) s = s.slice(1);
  if (s === "") return { ok: false, key: "amountInvalid" };
  let normalized: string | null = null;
  if (/^\d+$/.test(s)) normalized = s;
  else if (/^\d{1,3}(\.\d{3})+$/.test(s)) normalized = s.replace(/\./g, "");
  else if (/^\d{1,3}(\.\d{3})+,\d{1,2}$/.test(s)) normalized = s.replace(/\./g, "").replace(",", ".");
  else if (/^\d+,\d{1,2}$/.test(s)) normalized = s.replace(",", ".");
  // Two or more comma groups can only be thousands (1,500,000); a single one (1,500) cannot be told apart.
  else if (/^\d{1,3}(,\d{3}){2,}$/.test(s)) normalized = s.replace(/,/g, "");
  if (normalized === null) {
    // Digits with words or separators we cannot read for sure: ambiguous; no digits at all: invalid.
    return { ok: false, key: /\d/.test(s) ? "amountAmbiguous" : "amountInvalid" };
  }
  const value = Number(normalized);
  if (!Number.isFinite(value)) return { ok: false, key: "amountInvalid" };
  return { ok: true, value: negative ? -value : value };
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** dd/mm/yyyy (also with - or .), d/m/yyyy, yyyy-mm-dd -> yyyy-mm-dd; 31/02/2026 is impossible. */
export function parseImportDate(input: string): Parsed<string> {
  const s = input.trim();
  let y: number;
  let m: number;
  let d: number;
  let hit = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (hit) {
    d = Number(hit[1]);
    m = Number(hit[2]);
    y = Number(hit[3]);
  } else {
    hit = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00(?:\.0+)?)?Z?)?$/.exec(s);
    if (!hit) return { ok: false, key: "dateInvalid" };
    y = Number(hit[1]);
    m = Number(hit[2]);
    d = Number(hit[3]);
  }
  if (m < 1 || m > 12 || d < 1 || d > 31) return { ok: false, key: "dateImpossible" };
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { ok: false, key: "dateImpossible" };
  }
  return { ok: true, value: `${pad(y, 4)}-${pad(m)}-${pad(d)}` };
}
