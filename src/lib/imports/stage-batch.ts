/**
 * The data rows of a file as ready-made stage_import_rows request bodies, written row by row
 * as JSON into Buffers while the file is parsed: `{"p_import_id":"<uuid>","p_rows":[[row
 * number, [cells]], ...]}`, at most STAGE_CHUNK rows or about STAGE_CHUNK_BYTES each. The
 * import's id is not known while parsing (the file is checked to the end before anything is
 * stored), so each body starts with room for its prefix, filled in by `bodies(importId)`.
 *
 * Why bytes: rows kept as JS arrays until they are sent outlive a few young-generation
 * collections, get promoted, and V8 grows both generations to hold them; a 200,000-row upload
 * then cost the app ~75 MB more resident memory per file (docs/imports.md "Memory"). Buffers
 * live outside the JS heap, and the file is parsed once.
 */
import { STAGE_CHUNK, STAGE_CHUNK_BYTES } from "./limits";

const prefixOf = (importId: string) => `{"p_import_id":${JSON.stringify(importId)},"p_rows":[`;
/** Room for the prefix: a UUID is 36 characters. */
const PREFIX_BYTES = Buffer.byteLength(prefixOf("00000000-0000-0000-0000-000000000000"));
const SUFFIX = Buffer.from("]}");

export class StageBatches {
  private readonly done: Buffer<ArrayBuffer>[] = [];
  private buf: Buffer<ArrayBuffer> = Buffer.allocUnsafe(1024 * 1024);
  private length = PREFIX_BYTES;
  private rows = 0;

  /** Adds one row (cells already clipped). */
  add(n: number, cells: readonly string[]): void {
    const json = JSON.stringify([n, cells]);
    const need = Buffer.byteLength(json) + 1 + SUFFIX.length;
    if (this.length + need > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + need));
      this.buf.copy(grown, 0, 0, this.length);
      this.buf = grown;
    }
    if (this.rows > 0) this.buf[this.length++] = 0x2c; // ","
    this.length += this.buf.write(json, this.length, "utf8");
    this.rows++;
    if (this.rows >= STAGE_CHUNK || this.length >= STAGE_CHUNK_BYTES) this.close();
  }

  /** Ends the current body: kept at its exact size, the working buffer is reused. */
  private close(): void {
    if (this.rows === 0) return;
    const end = this.length + SUFFIX.copy(this.buf, this.length);
    this.done.push(Buffer.from(this.buf.subarray(0, end)));
    this.length = PREFIX_BYTES;
    this.rows = 0;
  }

  /** The bodies for `importId`, in file order; each is handed out once. */
  *bodies(importId: string): Generator<Uint8Array<ArrayBuffer>> {
    this.close();
    const prefix = Buffer.from(prefixOf(importId));
    if (prefix.length !== PREFIX_BYTES) throw new Error("import id must be a UUID");
    while (this.done.length > 0) {
      const body = this.done.shift();
      if (!body) break;
      prefix.copy(body, 0);
      yield body;
    }
  }
}
