/**
 * XLSX with exceljs's streaming WorkbookWriter: rows are committed (zipped and handed to the
 * output stream) as they are written, shared strings are off, so memory holds about one page,
 * not the workbook.
 */
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { excelDate, type ExportColumn } from "./columns";
import { neutralise } from "./neutralise";

const NUM_FMT: Partial<Record<ExportColumn<unknown>["kind"], string>> = {
  number: "#,##0",
  date: "dd/mm/yyyy",
  datetime: "dd/mm/yyyy hh:mm",
};

export function xlsxCell<R>(column: ExportColumn<R>, row: R): string | number | Date | null {
  const value = column.value(row);
  if (value === null || value === "") return null;
  switch (column.kind) {
    case "number":
      return typeof value === "number" ? value : Number(value);
    case "date":
    case "datetime":
      return excelDate(column.kind, String(value));
    case "phone":
      // A typed string cell: Excel never evaluates it, and the DB allows only +digits.
      return String(value);
    default:
      return neutralise(String(value));
  }
}

export interface XlsxSink<R> {
  /** The zip bytes, to pipe into the response. */
  stream: PassThrough;
  /** False once the reader went away (client closed the download): stop producing. */
  addRows(rows: R[]): Promise<boolean>;
  finish(): Promise<void>;
}

export function xlsxSink<R>(sheetName: string, columns: ExportColumn<R>[]): XlsxSink<R> {
  const stream = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = columns.map((c, i) => ({ key: String(i), header: c.header, width: c.width, style: NUM_FMT[c.kind] ? { numFmt: NUM_FMT[c.kind] } : {} }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  return {
    stream,
    async addRows(rows) {
      if (stream.destroyed) return false;
      for (const row of rows) sheet.addRow(columns.map((c) => xlsxCell(c, row))).commit();
      // Backpressure: wait while the reader (the HTTP response) has not taken what we wrote;
      // a closed reader ends the wait too (else a cancelled download would wait forever).
      if (stream.writableNeedDrain) {
        await new Promise<void>((resolve) => {
          const done = () => {
            stream.off("drain", done);
            stream.off("close", done);
            resolve();
          };
          stream.on("drain", done);
          stream.on("close", done);
        });
      }
      return !stream.destroyed;
    },
    async finish() {
      sheet.commit();
      await workbook.commit();
    },
  };
}
