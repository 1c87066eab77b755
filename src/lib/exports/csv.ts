/**
 * CSV pages with csv-stringify (quoting, embedded quotes and newlines done by the library).
 * UTF-8 with a BOM so Excel shows Indonesian text (é, curly quotes, emoji) correctly; comma
 * separated by default, semicolon on request (Indonesian Excel's list separator).
 */
import { stringify } from "csv-stringify/sync";
import { wibDateTime, type ExportColumn } from "./columns";
import { neutralise } from "./neutralise";

export const CSV_BOM = "\uFEFF";
export type CsvDelimiter = "," | ";";

export function csvCell<R>(column: ExportColumn<R>, row: R): string {
  const value = column.value(row);
  if (value === null || value === "") return "";
  switch (column.kind) {
    case "number":
      return String(value);
    case "date":
      return String(value).slice(0, 10);
    case "datetime":
      return wibDateTime(String(value));
    default:
      return neutralise(String(value));
  }
}

export function csvHeader<R>(columns: ExportColumn<R>[], delimiter: CsvDelimiter): string {
  return CSV_BOM + stringify([columns.map((c) => neutralise(c.header))], { delimiter, record_delimiter: "windows" });
}

export function csvRows<R>(columns: ExportColumn<R>[], rows: R[], delimiter: CsvDelimiter): string {
  if (rows.length === 0) return "";
  return stringify(rows.map((row) => columns.map((c) => csvCell(c, row))), { delimiter, record_delimiter: "windows" });
}
