/**
 * The downloadable list of rows that were not imported: the file's own columns, then the
 * row number and an error column in the user's language, as CSV (UTF-8 with BOM and ";",
 * which Indonesian Excel opens directly). Cells that Excel would run as a formula (=, +, -,
 * @) get a leading apostrophe; the importer drops it again when the fixed file comes back.
 */
import "server-only";
import Papa from "papaparse";
import type { Catalog } from "@/i18n/catalog";
import { rowErrorsText } from "./messages";
import type { ProblemRow } from "./queries";

const guard = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

export function errorFileHeader(headers: readonly string[], messages: Catalog): string {
  return "\ufeff" + Papa.unparse([[...headers.map(guard), messages.imports.summary.rowColumn, messages.imports.summary.errorColumn]], { delimiter: ";" }) + "\r\n";
}

export function errorFileRows(rows: readonly ProblemRow[], columns: number, messages: Catalog): string {
  if (rows.length === 0) return "";
  const data = rows.map((r) => {
    const cells = Array.from({ length: columns }, (_, i) => guard(r.raw[i] ?? ""));
    return [...cells, String(r.rowNumber), guard(rowErrorsText(messages, r.errors))];
  });
  return Papa.unparse(data, { delimiter: ";" }) + "\r\n";
}
