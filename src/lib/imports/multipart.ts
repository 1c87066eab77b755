/**
 * The upload form (multipart/form-data: `kind`, `file`) read as a stream with busboy: the
 * file's bytes are kept as the chunks they arrive in, checked against the 20 MB limit as
 * they come, and nothing else is buffered. (request.formData() held the body, the File and
 * a byte copy of it at once: three copies of the file, the largest part of the upload's
 * memory after the parsed rows.)
 */
import "server-only";
import { Readable } from "node:stream";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import busboy from "busboy";
import type { FileBytes } from "./file-bytes";
import { IMPORT_MAX_BYTES } from "./limits";

export type UploadProblem = "empty" | "tooLarge";

export class UploadFormError extends Error {
  constructor(readonly key: UploadProblem) {
    super(`upload form: ${key}`);
    this.name = "UploadFormError";
  }
}

export interface UploadForm {
  /** The text fields (the first value of each name). */
  fields: Record<string, string>;
  file: (FileBytes & { name: string }) | null;
}

/** Reads the whole form; throws UploadFormError("tooLarge") as soon as the file passes the limit. */
export function readUploadForm(request: Request): Promise<UploadForm> {
  return new Promise((resolve, reject) => {
    const contentType = request.headers.get("content-type") ?? "";
    if (!request.body || !contentType.toLowerCase().startsWith("multipart/form-data")) return reject(new UploadFormError("empty"));
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: { "content-type": contentType }, limits: { files: 1, fields: 10, fieldSize: 1024, fileSize: IMPORT_MAX_BYTES } });
    } catch {
      return reject(new UploadFormError("empty"));
    }
    const body = Readable.fromWeb(request.body as NodeWebStream<Uint8Array>);
    const fields: Record<string, string> = {};
    let file: UploadForm["file"] = null;
    let settled = false;
    // The answer goes at once; the rest of the body is still read and dropped (destroying the
    // request stream mid-upload would break the connection before the 400 reaches the client).
    const fail = (err: UploadFormError) => {
      if (settled) return;
      settled = true;
      file = null;
      reject(err);
    };
    bb.on("field", (name, value) => {
      if (!(name in fields)) fields[name] = value;
    });
    bb.on("file", (name, stream, info) => {
      if (name !== "file" || file !== null) {
        stream.resume();
        return;
      }
      const current = { name: info.filename ?? "", chunks: [] as Buffer[], size: 0 };
      file = current;
      stream.on("data", (chunk: Buffer) => {
        if (settled) return;
        current.chunks.push(chunk);
        current.size += chunk.length;
      });
      stream.on("limit", () => fail(new UploadFormError("tooLarge")));
    });
    bb.on("error", () => {
      fail(new UploadFormError("empty"));
      body.unpipe(bb);
      body.resume();
    });
    bb.on("close", () => {
      if (settled) return;
      settled = true;
      resolve({ fields, file });
    });
    body.on("error", () => fail(new UploadFormError("empty")));
    body.pipe(bb);
  });
}
