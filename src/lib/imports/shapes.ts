/** Narrowing the jsonb columns of imports / import_rows to their TypeScript shapes. */
import type { Mapping } from "./fields";
import type { RowError } from "./validate";

export function asCells(value: unknown): string[] {
  return Array.isArray(value) ? value.map((v) => (typeof v === "string" ? v : v === null || v === undefined ? "" : String(v))) : [];
}

export function asErrors(value: unknown): RowError[] {
  return Array.isArray(value) ? (value.filter((e) => typeof e === "object" && e !== null && "key" in e) as RowError[]) : [];
}

export function asMapping(value: unknown): Mapping {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === "number")) as Mapping;
}

export function asHeaders(value: unknown): string[] {
  return asCells(value);
}

/** A mapping as plain JSON (no undefined entries), for the RPCs. */
export function mappingJson(mapping: Mapping): Record<string, number> {
  return Object.fromEntries(Object.entries(mapping).filter((e): e is [string, number] => typeof e[1] === "number"));
}
