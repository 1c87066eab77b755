/**
 * Reading an uploaded file into a header row and data rows of text cells, with papaparse
 * (CSV) and exceljs (XLSX, streaming reader). What kind of file it is comes from its bytes,
 * never its name. Problems that stop the whole file are thrown as ImportFileError with a
 * key of imports.fileErrors.
 */
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { IMPORT_MAX_BYTES, IMPORT_MAX_CELL, IMPORT_MAX_COLUMNS, IMPORT_MAX_ROWS, STAGE_CHUNK, STAGE_CHUNK_BYTES } from "./limits";

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
  /** Non-empty data rows. */
  rowCount: number;
  /**
   * The data rows as JSON text, one string per stage_import_rows call: `[[row number in the
   * file (header = 1), cells], ...]`, at most STAGE_CHUNK rows and about STAGE_CHUNK_BYTES of
   * cell text each. Rows are serialised as they are read, so a 200,000-row file is held as a
   * few MB of text instead of 200,000 arrays (~70 MB of heap, the largest part of the upload's
   * memory peak).
   */
  chunks: string[];
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

/** Takes the records of a sheet in order and keeps the header, the checks and the staged chunks. */
class Collector {
  private headers: string[] | null = null;
  private rowCount = 0;
  private readonly chunks: string[] = [];
  private pending: [number, string[]][] = [];
  private pendingBytes = 0;

  constructor(private readonly format: FileFormat) {}

  add(n: number, cells: string[]): void {
    if (isEmptyRow(cells)) return;
    if (cells.length > IMPORT_MAX_COLUMNS) throw new ImportFileError("tooManyColumns");
    if (this.headers === null) {
      this.headers = cells.map((c, i) => c.trim() || `Kolom ${i + 1}`);
      if (looksLikeData(this.headers)) throw new ImportFileError("noHeader");
      return;
    }
    if (this.rowCount >= IMPORT_MAX_ROWS) throw new ImportFileError("tooManyRows");
    // In place: the cells are serialised right below and not kept.
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i];
      if (cell !== undefined && cell.length > IMPORT_MAX_CELL) cells[i] = clip(cell);
    }
    const size = cells.reduce((sum, cell) => sum + cell.length + 4, 16);
    if (this.pending.length >= STAGE_CHUNK || (this.pending.length > 0 && this.pendingBytes + size > STAGE_CHUNK_BYTES)) this.flush();
    this.pending.push([n, cells]);
    this.pendingBytes += size;
    this.rowCount++;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.chunks.push(JSON.stringify(this.pending));
    this.pending = [];
    this.pendingBytes = 0;
  }

  finish(): SheetData {
    this.flush();
    if (this.headers === null) throw new ImportFileError("empty");
    if (this.rowCount === 0) throw new ImportFileError("noRows");
    return { format: this.format, headers: this.headers, rowCount: this.rowCount, chunks: this.chunks };
  }
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

/** Records a file may have, blank lines included (twice the row limit, so blank lines cannot hide an oversized file). */
const MAX_RECORDS = 2 * IMPORT_MAX_ROWS + 2;

export function readCsv(bytes: Uint8Array): SheetData {
  const text = decodeText(bytes);
  const collector = new Collector("csv");
  let record = 0;
  let failure: unknown = null;
  // Row by row (step): each record is checked and serialised into its chunk at once, so the
  // parsed arrays die young instead of all 200,000 living until staging.
  Papa.parse<string[]>(text, {
    delimiter: guessDelimiter(text),
    skipEmptyLines: false,
    step: (result, parser) => {
      record++;
      try {
        if (record > MAX_RECORDS) throw new ImportFileError("tooManyRows");
        collector.add(record, result.data);
      } catch (err) {
        failure = err;
        parser.abort();
      }
    },
  });
  if (failure !== null) throw failure;
  return collector.finish();
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
  const collector = new Collector("xlsx");
  let records = 0;
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
        if (++records > IMPORT_MAX_ROWS + 2) throw new ImportFileError("tooManyRows");
        const values = Array.isArray(row.values) ? row.values.slice(1) : [];
        collector.add(row.number, Array.from(values, (v) => cellText(v as ExcelJS.CellValue)));
      }
      break; // the first sheet only
    }
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    throw new ImportFileError("unreadable");
  }
  return collector.finish();
}

export async function readImportFile(bytes: Uint8Array): Promise<SheetData> {
  const format = sniffFormat(bytes);
  return format === "xlsx" ? readXlsx(bytes) : readCsv(bytes);
}
