/**
 * Sends an object's bytes with the headers Storage's asset renderer sets (content type,
 * cache control, ETag, Last-Modified), plus single byte ranges and If-None-Match, which
 * browsers use for <video> and cached images.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import type { ObjectRow } from "./db";
import { ERRORS } from "./errors";
import type { ObjectFiles } from "./files";
import { header } from "./http";

interface Range {
  start: number;
  end: number;
}

/** Parses one `bytes=` range; null means "send the whole object" (absent or multi-range). */
function parseRange(value: string | undefined, size: number): Range | null {
  if (!value) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(value.trim());
  if (!m) return null;
  const [, a = "", b = ""] = m;
  if (a === "" && b === "") throw ERRORS.invalidRange();
  if (a === "") {
    const suffix = Number(b);
    if (suffix === 0) throw ERRORS.invalidRange();
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(a);
  const end = b === "" ? size - 1 : Math.min(Number(b), size - 1);
  if (start >= size || end < start) throw ERRORS.invalidRange();
  return { start, end };
}

function contentDisposition(download: string | null, key: string): string | undefined {
  if (download === null) return undefined;
  const name = download !== "" ? download : (key.split("/").pop() ?? key);
  return `attachment; filename="${name.replace(/["\\\r\n]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export async function serveObject(
  files: ObjectFiles,
  req: IncomingMessage,
  res: ServerResponse,
  opts: { filePath: string; key: string; row: ObjectRow; query: URLSearchParams; expires?: Date },
): Promise<void> {
  const { handle, size, mtime } = await files.openForRead(opts.filePath);
  try {
    const meta = opts.row.metadata ?? {};
    const headers: Record<string, string> = {
      "content-type": meta.mimetype ?? "application/octet-stream",
      "cache-control": meta.cacheControl ?? "no-cache",
      "last-modified": new Date(meta.lastModified ?? mtime).toUTCString(),
      "accept-ranges": "bytes",
    };
    if (meta.eTag) headers.etag = meta.eTag;
    if (opts.expires) headers.expires = opts.expires.toUTCString();
    const disposition = contentDisposition(opts.query.get("download"), opts.key);
    if (disposition) headers["content-disposition"] = disposition;

    if (meta.eTag && header(req, "if-none-match") === meta.eTag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    let range: Range | null;
    try {
      range = parseRange(header(req, "range"), size);
    } catch (err) {
      res.setHeader("content-range", `bytes */${size}`);
      throw err;
    }
    const start = range?.start ?? 0;
    const end = range?.end ?? size - 1;
    headers["content-length"] = String(Math.max(0, end - start + 1));
    if (range) headers["content-range"] = `bytes ${start}-${end}/${size}`;
    res.writeHead(range ? 206 : 200, headers);
    if (req.method === "HEAD" || size === 0) {
      res.end();
      return;
    }
    // The finally below owns the descriptor, also when the client disconnects mid-stream.
    const stream = handle.createReadStream({ start, end, autoClose: false });
    await pipeline(stream, res);
  } finally {
    await handle.close().catch(() => undefined);
  }
}
