/**
 * An uploaded file as the list of chunks it arrived in (no single copy of the whole file):
 * the parser decodes them piece by piece, the XLSX reader and Storage receive them as a
 * stream. At most IMPORT_MAX_BYTES (20 MB) of Buffers, outside the JS heap.
 */
import { Readable } from "node:stream";

export interface FileBytes {
  chunks: readonly Buffer[];
  size: number;
}

/** The first `max` bytes (or the whole file when smaller), copied into one small Buffer. */
export function headBytes(file: FileBytes, max: number): Buffer {
  const parts: Buffer[] = [];
  let length = 0;
  for (const chunk of file.chunks) {
    if (length >= max) break;
    const part = chunk.subarray(0, max - length);
    parts.push(part);
    length += part.length;
  }
  return Buffer.concat(parts, length);
}

/** A fresh Node stream over the chunks (each read of the file gets its own). */
export function fileStream(file: FileBytes): Readable {
  return Readable.from(file.chunks, { objectMode: false });
}

/** A fresh web stream over the chunks, for fetch bodies (Storage upload). */
export function fileWebStream(file: FileBytes): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = file.chunks[i++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    },
  });
}
