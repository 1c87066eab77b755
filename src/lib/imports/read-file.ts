/**
 * Reading an uploaded file into a header row and data rows of text cells, with papaparse
 * (CSV) and exceljs (XLSX, streaming reader). What kind of file it is comes from its bytes,
 * never its name. Problems that stop the whole file are thrown as ImportFileError with a
 * key of imports.fileErrors.
 */
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { IMPORT_MAX_BYTES, IMPORT_MAX_CELL, IMPORT_MAX_COLUMNS, IMPORT_MAX_ROWS } from "./limits";

export type FileErrorKey =
  | "empty"
  | "tooLarge"
  | "notSpreadsheet"
  | "xlsUnsupported"
  | "unreadable"
  | "noHeader"
  | "noRows"
  | "tooManyRows"
  | "tooManyColumns";

export class ImportFileError extends Error {
  constructor(readonly key: FileErrorKey) {
    super(`import file: ${key}`);
    this.name = "ImportFileError";
  }
}

export type FileFormat = "csv" | "xlsx";

export interface SheetData {
  format: FileFormat;
  headers: string[];
  /** [row number in the file (header = 1), cells] for every non-empty data row. */
  rows: [number, string[]][];
}

/** XLSX is a zip (PK\x03\x04); old .xls is an OLE file; CSV is text without NUL bytes. */
export function sniffFormat(bytes: Uint8Array): FileFormat {
  if (bytes.length === 0) throw new ImportFileError("empty");
  if (bytes.length > IMPORT_MAX_BYTES) throw new ImportFileError("tooLarge");
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return "xlsx";
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) throw new ImportFileError("xlsUnsupported");
  const head = bytes.subarray(0, 64 * 1024);
  if (head.includes(0)) throw new ImportFileError("notSpreadsheet");
  // Known binary signatures that happen to have no NUL in their first bytes.
  const start = new TextDecoder("latin1").decode(bytes.subarray(0, 8));
  if (start.startsWith("%PDF") || start.startsWith("\x89PNG") || start.startsWith("GIF8") || start.startsWith("\xff\xd8\xff")) {
    throw new ImportFileError("notSpreadsheet");
  }
  return "csv";
}

/** UTF-8 (BOM dropped by TextDecoder); a file that is not valid UTF-8 is read as Windows-1252, as older Excel saves it. */
function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

const clip = (v: string) => (v.length > IMPORT_MAX_CELL ? v.slice(0, IMPORT_MAX_CELL) : v);
const isEmptyRow = (cells: readonly string[]) => cells.every((c) => c.trim() === "");

function collect(format: FileFormat, records: Iterable<[number, string[]]>): SheetData {
  let headers: string[] | null = null;
  const rows: [number, string[]][] = [];
  for (const [n, cells] of records) {
    if (isEmptyRow(cells)) continue;
    if (cells.length > IMPORT_MAX_COLUMNS) throw new ImportFileError("tooManyColumns");
    if (headers === null) {
      headers = cells.map((c, i) => c.trim() || `Kolom ${i + 1}`);
      if (looksLikeData(headers)) throw new ImportFileError("noHeader");
      continue;
    }
    if (rows.length >= IMPORT_MAX_ROWS) throw new ImportFileError("tooManyRows");
    // In place: a 200,000-row file should not be copied row by row once more.
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i];
      if (cell !== undefined && cell.length > IMPORT_MAX_CELL) cells[i] = clip(cell);
    }
    rows.push([n, cells]);
  }
  if (headers === null) throw new ImportFileError("empty");
  if (rows.length === 0) throw new ImportFileError("noRows");
  return { format, headers, rows };
}

/**
 * A header row holds names, not values: a first row with a phone number, an email address, a
 * date or an amount is data, so the header row is missing.
 */
function looksLikeData(cells: readonly string[]): boolean {
  return cells.some((c) => /\d{6,}/.test(c.replace(/[\s.\-+()]/g, "")) || /\S+@\S+\.\S+/.test(c) || /^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}$/.test(c.trim()));
}

/**
 * The delimiter, guessed by papaparse on the first lines with empty lines left out (they
 * would count as one-field rows and make a small semicolon file look comma-separated).
 */
function guessDelimiter(text: string): string {
  const sample = Papa.parse<string[]>(text.slice(0, 256 * 1024), {
    delimitersToGuess: [",", ";", "\t", "|"],
    skipEmptyLines: "greedy",
    preview: 50,
  });
  return sample.meta.delimiter || ",";
}

export function readCsv(bytes: Uint8Array): SheetData {
  const text = decodeText(bytes);
  // One pass without a per-row callback: papaparse then allocates nothing but the rows. Lines
  // are capped (twice the row limit, so blank lines cannot hide an oversized file).
  const parsed = Papa.parse<string[]>(text, { delimiter: guessDelimiter(text), skipEmptyLines: false, preview: 2 * IMPORT_MAX_ROWS + 2 });
  if (parsed.meta.truncated) throw new ImportFileError("tooManyRows");
  return collect("csv", numbered(parsed.data));
}

/** [line number, cells] for each record, 1-based like the sheet's rows. */
function* numbered(data: string[][]): Generator<[number, string[]]> {
  for (let i = 0; i < data.length; i++) yield [i + 1, data[i] ?? []];
}

/** An exceljs cell value as text: dates as yyyy-mm-dd, numbers without thousands separators. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString().slice(0, 10);
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(value).replace(".", ",");
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "object") {
    if ("result" in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("text" in value) return typeof value.text === "string" ? value.text : cellText(value.text as ExcelJS.CellValue);
    if ("error" in value) return String(value.error);
  }
  return "";
}

export async function readXlsx(bytes: Uint8Array): Promise<SheetData> {
  const records: [number, string[]][] = [];
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(Buffer.from(bytes)), {
      worksheets: "emit",
      sharedStrings: "cache",
      styles: "cache",
      hyperlinks: "ignore",
      entries: "ignore",
    });
    for await (const sheet of reader) {
      for await (const row of sheet) {
        if (records.length > IMPORT_MAX_ROWS + 1) throw new ImportFileError("tooManyRows");
        const values = Array.isArray(row.values) ? row.values.slice(1) : [];
        records.push([row.number, Array.from(values, (v) => cellText(v as ExcelJS.CellValue))]);
      }
      break; // the first sheet only
    }
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    throw new ImportFileError("unreadable");
  }
  return collect("xlsx", records);
}

export async function readImportFile(bytes: Uint8Array): Promise<SheetData> {
  const format = sniffFormat(bytes);
  return format === "xlsx" ? readXlsx(bytes) : readCsv(bytes);
}
