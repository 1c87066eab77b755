/**
 * Object bytes on disk. Writes land in a temp file first and are renamed into place, so a
 * crash never leaves a half-written object; replaced and deleted files are parked in the
 * temp area until the metadata transaction commits, so either both change or neither.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { Transform, type Readable, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ERRORS, StorageError } from "./errors";
import type { DiskLayout } from "./paths";

export interface Received {
  tmpPath: string;
  size: number;
  /** Quoted MD5 of the bytes, the form S3 (and so Storage) uses for eTag. */
  eTag: string;
}

/** A file renamed into place whose transaction has not finished yet. */
export interface PlacedFile {
  /** After commit: drop the replaced file. */
  done(): Promise<void>;
  /** After rollback: put the replaced file back (or remove the new one). */
  undo(): Promise<void>;
}

/** Files of deleted objects, moved aside until the delete commits. */
export interface ParkedFiles {
  purge(): Promise<void>;
  restore(): Promise<void>;
}

class TooLarge extends Error {}

/** Counts and hashes bytes as they pass, failing as soon as the limit is crossed. */
class Meter extends Transform {
  size = 0;
  private readonly hash = crypto.createHash("md5");

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      cb(new TooLarge());
      return;
    }
    this.hash.update(chunk);
    cb(null, chunk);
  }

  digest(): string {
    return `"${this.hash.digest("hex")}"`;
  }
}

function conflict(key: string): StorageError {
  return new StorageError({
    code: "InvalidKey",
    statusCode: 400,
    message: `Invalid key: ${key} (the local disk store cannot keep an object and a folder under the same name)`,
  });
}

function errCode(err: unknown): string | undefined {
  return typeof err === "object" && err !== null && typeof (err as { code?: unknown }).code === "string"
    ? (err as { code: string }).code
    : undefined;
}

export class ObjectFiles {
  constructor(private readonly layout: DiskLayout) {}

  private async tmpName(suffix = ""): Promise<string> {
    await fsp.mkdir(this.layout.tmp, { recursive: true });
    return path.join(this.layout.tmp, `${crypto.randomUUID()}${suffix}`);
  }

  /** Streams `source` into a temp file; never buffers the whole body in memory. */
  async receive(source: Readable, maxBytes: number): Promise<Received> {
    const tmpPath = await this.tmpName(".part");
    const meter = new Meter(maxBytes);
    try {
      await pipeline(source, meter, fs.createWriteStream(tmpPath, { flags: "wx" }));
    } catch (err) {
      await fsp.rm(tmpPath, { force: true });
      if (err instanceof TooLarge) throw ERRORS.entityTooLarge();
      throw err;
    }
    return { tmpPath, size: meter.size, eTag: meter.digest() };
  }

  /** A private copy of an existing object, ready to be committed under another key. */
  async copyToTemp(src: string): Promise<string> {
    const tmpPath = await this.tmpName(".copy");
    try {
      await fsp.copyFile(src, tmpPath, fs.constants.COPYFILE_EXCL);
    } catch (err) {
      await fsp.rm(tmpPath, { force: true });
      if (errCode(err) === "ENOENT") throw ERRORS.noSuchKey();
      throw err;
    }
    return tmpPath;
  }

  async discard(tmpPath: string): Promise<void> {
    await fsp.rm(tmpPath, { force: true });
  }

  /**
   * Renames `tmpPath` onto the object's file, parking any previous file. Call this inside the
   * metadata transaction (while the key is locked); then `done()` after commit or `undo()`
   * if the commit failed.
   */
  async place(tmpPath: string, finalPath: string, key: string): Promise<PlacedFile> {
    let backup: string | null = null;
    try {
      await fsp.mkdir(path.dirname(finalPath), { recursive: true });
      // Never park a folder: it holds other objects. An empty one (left by a move) can go.
      const existing = await fsp.lstat(finalPath).catch(() => null);
      if (existing && !existing.isFile()) {
        await fsp.rmdir(finalPath).catch(() => {
          throw conflict(key);
        });
      }
      backup = await this.tmpName(".old");
      try {
        await fsp.rename(finalPath, backup);
      } catch (err) {
        if (errCode(err) !== "ENOENT") throw err;
        backup = null;
      }
      await fsp.rename(tmpPath, finalPath);
    } catch (err) {
      if (backup) await fsp.rename(backup, finalPath).catch(() => undefined);
      if (err instanceof StorageError) throw err;
      const code = errCode(err);
      if (code === "ENOTDIR" || code === "EISDIR" || code === "EEXIST" || code === "ENOTEMPTY") throw conflict(key);
      throw err;
    }
    const parked = backup;
    return {
      // Only temp-area garbage is left if this fails; the next start sweeps it.
      done: async () => {
        if (parked) await fsp.rm(parked, { force: true }).catch(() => undefined);
      },
      undo: async () => {
        if (parked) await fsp.rename(parked, finalPath);
        else await fsp.rm(finalPath, { force: true });
      },
    };
  }

  /**
   * Moves the files of deleted objects aside (inside the transaction, under the key locks);
   * `purge()` after commit removes them for good, `restore()` puts them back on rollback.
   */
  async park(bucketDir: string, files: readonly string[]): Promise<ParkedFiles> {
    const parked: Array<{ from: string; to: string }> = [];
    for (const from of files) {
      const to = await this.tmpName(".del");
      try {
        await fsp.rename(from, to);
        parked.push({ from, to });
      } catch (err) {
        // A row without a file (e.g. a wiped data dir) is still deletable.
        if (errCode(err) !== "ENOENT") throw err;
      }
    }
    return {
      // After commit nothing may fail the request: leftovers in the temp area are swept on start.
      purge: async () => {
        await Promise.all(parked.map((p) => fsp.rm(p.to, { force: true }).catch(() => undefined)));
        await Promise.all(parked.map((p) => pruneEmptyDirs(path.dirname(p.from), bucketDir)));
      },
      restore: async () => {
        for (const p of parked) await fsp.rename(p.to, p.from).catch(() => undefined);
      },
    };
  }

  /** Moves an object's file to another key's path (used by move, inside its transaction). */
  async rename(from: string, to: string, key: string): Promise<() => Promise<void>> {
    try {
      await fsp.mkdir(path.dirname(to), { recursive: true });
      await fsp.rename(from, to);
    } catch (err) {
      const code = errCode(err);
      if (code === "ENOENT") throw ERRORS.noSuchKey();
      if (code === "ENOTDIR" || code === "EISDIR" || code === "EEXIST" || code === "ENOTEMPTY") throw conflict(key);
      throw err;
    }
    return () => fsp.rename(to, from);
  }

  async openForRead(file: string): Promise<{ handle: fsp.FileHandle; size: number; mtime: Date }> {
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(file, "r");
    } catch (err) {
      if (errCode(err) === "ENOENT" || errCode(err) === "EISDIR" || errCode(err) === "ENOTDIR") throw ERRORS.noSuchKey();
      throw err;
    }
    // Sizes come from the open file, not the row, so a concurrent replace cannot make
    // Content-Length disagree with the bytes sent.
    const st = await handle.stat();
    return { handle, size: st.size, mtime: st.mtime };
  }

  /**
   * Clears the temp area at start-up: partial uploads, parked deletes and replaced files of
   * requests that were cut off by a crash (none of them is referenced by a row).
   */
  async sweepTmp(): Promise<void> {
    await fsp.rm(this.layout.tmp, { recursive: true, force: true });
    await fsp.mkdir(this.layout.tmp, { recursive: true });
  }

  async removeBucketDir(bucketDir: string): Promise<void> {
    await fsp.rm(bucketDir, { recursive: true, force: true });
  }
}

/** Removes now-empty folders left behind by deletes, never going above the bucket directory. */
async function pruneEmptyDirs(dir: string, stopAt: string): Promise<void> {
  let current = dir;
  while (current.startsWith(stopAt + path.sep)) {
    try {
      await fsp.rmdir(current);
    } catch {
      return; // not empty (or already gone): stop climbing
    }
    current = path.dirname(current);
  }
}
