/**
 * A streamed file answer: the first page is read before the Response exists (so a refused
 * role or a bad filter still answers with the JSON envelope), then each further page is
 * fetched only when the previous one has been handed to the client (CSV: the stream's pull();
 * XLSX: the writer waits for 'drain'). Memory holds about one page, whatever the row count.
 */
import "server-only";
import { Readable } from "node:stream";
import type { Logger } from "../logger";
import type { ExportColumn } from "./columns";
import { csvHeader, csvRows, type CsvDelimiter } from "./csv";
import { xlsxSink } from "./xlsx";

export type ExportFormat = "csv" | "xlsx";

export interface ExportFile<R> {
  format: ExportFormat;
  /** Without extension, ASCII: `pelanggan-2026-11-21`. */
  baseName: string;
  sheetName: string;
  columns: ExportColumn<R>[];
  pages: AsyncIterator<R[]>;
  delimiter?: CsvDelimiter;
  log: Logger;
}

const CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export async function exportResponse<R>(file: ExportFile<R>): Promise<Response> {
  const first = await file.pages.next();
  const headers = {
    "content-type": CONTENT_TYPE[file.format],
    "content-disposition": `attachment; filename="${file.baseName}.${file.format}"`,
    "cache-control": "private, no-store",
    "x-content-type-options": "nosniff",
  };
  const body = file.format === "csv" ? csvStream(file, first) : xlsxStream(file, first);
  return new Response(body, { status: 200, headers });
}

function csvStream<R>(file: ExportFile<R>, first: IteratorResult<R[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const delimiter = file.delimiter ?? ",";
  let pending: IteratorResult<R[]> | null = first;
  let rows = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvHeader(file.columns, delimiter)));
    },
    async pull(controller) {
      try {
        const page = pending ?? (await file.pages.next());
        pending = null;
        if (page.done) {
          file.log.info("export finished", { format: "csv", file: file.baseName, rows });
          controller.close();
          return;
        }
        rows += page.value.length;
        controller.enqueue(encoder.encode(csvRows(file.columns, page.value, delimiter)));
      } catch (err) {
        file.log.error("export failed mid-stream", { format: "csv", file: file.baseName, rows, err });
        controller.error(err);
      }
    },
    async cancel() {
      await file.pages.return?.();
    },
  });
}

function xlsxStream<R>(file: ExportFile<R>, first: IteratorResult<R[]>): ReadableStream<Uint8Array> {
  const sink = xlsxSink(file.sheetName, file.columns);
  let rows = 0;
  const produce = async () => {
    let page = first;
    while (!page.done) {
      rows += page.value.length;
      if (!(await sink.addRows(page.value))) {
        file.log.info("export cancelled by the client", { format: "xlsx", file: file.baseName, rows });
        await file.pages.return?.();
        return;
      }
      page = await file.pages.next();
    }
    await sink.finish();
    file.log.info("export finished", { format: "xlsx", file: file.baseName, rows });
  };
  produce().catch((err: unknown) => {
    file.log.error("export failed mid-stream", { format: "xlsx", file: file.baseName, rows, err });
    sink.stream.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return Readable.toWeb(sink.stream) as ReadableStream<Uint8Array>;
}
