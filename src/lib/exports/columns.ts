/**
 * Export columns: an Indonesian header (the import matches these names back), a kind that
 * decides how each format writes the cell, and a getter.
 *
 * Dates: CSV writes ISO 8601 (`2026-03-31`, timestamps `2026-03-31 14:05:00` in WIB): it is the
 * one text form every Excel locale reads as a date and the import accepts. XLSX writes real
 * date cells shown as dd/mm/yyyy (a number underneath, so no locale can misread it).
 */
export type ColumnKind =
  /** free text: neutralised in both formats */
  | "text"
  /** E.164 number checked by the database (`^\+[1-9][0-9]{7,14}$`): neutralised in CSV, a typed text cell in XLSX */
  | "phone"
  /** rupiah or counts: typed numbers, never neutralised (a negative balance is a number, not a formula) */
  | "number"
  /** a calendar date `yyyy-mm-dd` */
  | "date"
  /** a timestamptz, written in Asia/Jakarta */
  | "datetime";

export type CellValue = string | number | null;

export interface ExportColumn<R> {
  header: string;
  kind: ColumnKind;
  /** XLSX column width in characters. */
  width: number;
  value: (row: R) => CellValue;
}

const JAKARTA_OFFSET_MS = 7 * 60 * 60 * 1000;

/** `2026-03-31T07:05:00Z` -> `2026-03-31 14:05:00` (WIB has no daylight saving: a fixed +7). */
export function wibDateTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + JAKARTA_OFFSET_MS);
  return d.toISOString().slice(0, 19).replace("T", " ");
}

/** A Date whose UTC fields are the WIB wall time: Excel date cells carry no time zone. */
export function excelDate(kind: "date" | "datetime", value: string): Date {
  if (kind === "date") {
    const [y, m, d] = value.slice(0, 10).split("-").map(Number);
    return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
  }
  return new Date(new Date(value).getTime() + JAKARTA_OFFSET_MS);
}
