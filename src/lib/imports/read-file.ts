/**
 * Reading an uploaded file into a header row and data rows of text cells, with papaparse
 * (CSV, a piece of the text at a time) and exceljs (XLSX, streaming WorkbookReader). What
 * kind of file it is comes from its bytes, never its name. Problems that stop the whole file
 * are thrown as ImportFileError with a key of imports.fileErrors.
 *
 * The file is parsed once, to the end, before anything is stored: each row is checked and
 * written as JSON into the stage_import_rows bodies (stage-batch.ts, Buffers outside the JS
 * heap), so no array of all rows (nor of a batch) exists at any time; the CSV's text (at most
 * 20 MB of bytes) is the largest JS object.
 */
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { fileStream, headBytes, type FileBytes } from "./file-bytes";
import { IMPORT_MAX_BYTES, IMPORT_MAX_CELL, IMPORT_MAX_COLUMNS, IMPORT_MAX_ROWS } from "./limits";
import { StageBatches } from "./stage-batch";

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
  /** The rows as stage_import_rows bodies. */
  batches: StageBatches;
}

/** XLSX is a zip (PK\x03\x04); old .xls is an OLE file; CSV is text without NUL bytes. */
export function sniffFormat(head: Uint8Array, size: number): FileFormat {
  if (size === 0) throw new ImportFileError("empty");
  if (size > IMPORT_MAX_BYTES) throw new ImportFileError("tooLarge");
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return "xlsx";
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) throw new ImportFileError("xlsUnsupported");
  if (head.includes(0)) throw new ImportFileError("notSpreadsheet");
  // Known binary signatures that happen to have no NUL in their first bytes.
  const start = new TextDecoder("latin1").decode(head.subarray(0, 8));
  if (start.startsWith("%PDF") || start.startsWith("\x89PNG") || start.startsWith("GIF8") || start.startsWith("\xff\xd8\xff")) {
    throw new ImportFileError("notSpreadsheet");
  }
  return "csv";
}

/**
 * The file's text: UTF-8 (a BOM is dropped by TextDecoder); a file that is not valid UTF-8 is
 * read as Windows-1252, as older Excel saves it. Decoded chunk by chunk (a character split
 * between two chunks is joined by the decoder), then joined into one string.
 */
function decodeText(file: FileBytes): string {
  const decode = (encoding: string, fatal: boolean) => {
    const decoder = new TextDecoder(encoding, { fatal });
    const pieces = file.chunks.map((chunk) => decoder.decode(chunk, { stream: true }));
    pieces.push(decoder.decode());
    return pieces.join("");
  };
  try {
    return decode("utf-8", true);
  } catch {
    return decode("windows-1252", false);
  }
}

const clip = (v: string) => (v.length > IMPORT_MAX_CELL ? v.slice(0, IMPORT_MAX_CELL) : v);
const isEmptyRow = (cells: readonly string[]) => cells.every((c) => c.trim() === "");

/** Takes the records of a sheet in order: the header, the checks, and the rows into the bodies. */
class Collector {
  private headers: string[] | null = null;
  private rowCount = 0;
  readonly batches = new StageBatches();

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
    this.rowCount++;
    // In place: the cells are written into the body right away and not kept.
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i];
      if (cell !== undefined && cell.length > IMPORT_MAX_CELL) cells[i] = clip(cell);
    }
    this.batches.add(n, cells);
  }

  sheet(): SheetData {
    if (this.headers === null) throw new ImportFileError("empty");
    if (this.rowCount === 0) throw new ImportFileError("noRows");
    return { format: this.format, headers: this.headers, rowCount: this.rowCount, batches: this.batches };
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
/** Text papaparse parses at a time (`chunkSize`): each piece's records are a short-lived array. */
const CSV_PIECE = 64 * 1024;

/** papaparse over the text, a piece at a time; every record goes to the collector. */
function readCsv(file: FileBytes, collector: Collector): Promise<void> {
  const text = decodeText(file);
  return new Promise((resolve, reject) => {
    let record = 0;
    let failed = false;
    Papa.parse<string[]>(text, {
      delimiter: guessDelimiter(text),
      skipEmptyLines: false,
      chunkSize: CSV_PIECE,
      chunk: (results: Papa.ParseResult<string[]>, parser: Papa.Parser) => {
        if (failed) return;
        try {
          for (const cells of results.data) {
            if (++record > MAX_RECORDS) throw new ImportFileError("tooManyRows");
            collector.add(record, cells);
          }
        } catch (err) {
          failed = true;
          parser.abort();
          reject(err);
        }
      },
      complete: () => {
        if (!failed) resolve();
      },
    });
  });
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

async function readXlsx(file: FileBytes, collector: Collector): Promise<void> {
  let records = 0;
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(fileStream(file), {
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
}

/**
 * Reads the whole file: its format, header and limits are checked to the end (ImportFileError
 * otherwise) and its data rows come back as ready stage_import_rows bodies.
 */
export async function readImportFile(file: FileBytes): Promise<SheetData> {
  const format = sniffFormat(headBytes(file, 64 * 1024), file.size);
  const collector = new Collector(format);
  if (format === "xlsx") await readXlsx(file, collector);
  else await readCsv(file, collector);
  return collector.sheet();
}
