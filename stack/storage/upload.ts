/**
 * Uploads (POST/PUT /object/{bucket}/{path} and PUT /object/upload/sign/...), in Storage's
 * order: read the bucket's limits, read the body's headers (multipart fields or raw
 * headers), check RLS with a rolled-back insert as the caller, stream the bytes to a temp
 * file, then write the row and move the file into place in one superuser transaction.
 */
import type { IncomingMessage } from "node:http";
import { PassThrough, type Readable } from "node:stream";
import busboy from "busboy";
import type pg from "pg";
import type { Caller } from "./auth";
import type { StorageDeps } from "./context";
import { isUuid, lockKeys, type ObjectMetadata, type RequestInfo } from "./db";
import { ERRORS } from "./errors";
import type { PlacedFile } from "./files";
import { header } from "./http";
import { isEmptyFolder, mustBeValidBucketName, mustBeValidKey } from "./paths";

interface UploadSource {
  body: Readable;
  mimeType: string;
  cacheControl: string;
  declaredLength: number | undefined;
}

/** Storage's rule: "type/subtype" must match an allowed entry exactly or "type/*". */
export function validateMimeType(mimeType: string, allowed: readonly string[]): void {
  const [type, ext, ...more] = mimeType.split("/");
  if (type === undefined || ext === undefined || more.length > 0) throw ERRORS.invalidMimeType(mimeType);
  for (const entry of allowed) {
    const [aType, aExt] = entry.split("/");
    if (aType === type && (aExt === "*" || aExt === ext)) return;
  }
  throw ERRORS.invalidMimeType(mimeType);
}

function contentLength(req: IncomingMessage): number | undefined {
  const n = Number(header(req, "content-length"));
  return Number.isFinite(n) && n >= 0 && header(req, "content-length") !== undefined ? n : undefined;
}

function onClientGone(req: IncomingMessage, fail: (err: Error) => void): void {
  const gone = () => {
    // A client-side event, not a fault of ours: surfaced as Storage's 400, never logged.
    if (!req.complete) fail(ERRORS.invalidRequest("Request stream closed before upload could complete"));
  };
  req.once("close", gone);
  req.once("error", gone);
}

/**
 * Resolves once the file part begins (multipart) or immediately (raw body). storage-js puts
 * the text fields (cacheControl, metadata) before the file, as Storage requires.
 */
function multipartSource(req: IncomingMessage): Promise<UploadSource> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { fields: 10, files: 1, fieldSize: 1024 * 1024 } });
    } catch {
      reject(ERRORS.noContent());
      return;
    }
    const fields = new Map<string, string>();
    let gotFile = false;
    bb.on("field", (name, value) => fields.set(name, value));
    bb.on("file", (_name, stream, info) => {
      gotFile = true;
      const cacheTime = fields.get("cacheControl");
      resolve({
        body: stream,
        mimeType: fields.get("contentType") || info.mimeType,
        cacheControl: cacheTime ? `max-age=${cacheTime}` : "no-cache",
        declaredLength: undefined, // multipart length includes boundaries: not the file size
      });
    });
    bb.on("error", () => reject(ERRORS.noContent()));
    bb.on("close", () => {
      if (!gotFile) reject(ERRORS.noContent());
    });
    // A client that goes away mid-form must fail the file stream, not leave it waiting.
    onClientGone(req, (err) => bb.destroy(err));
    req.pipe(bb);
  });
}

async function openSource(req: IncomingMessage, maxBytes: number, allowed: readonly string[], key: string): Promise<UploadSource> {
  const type = header(req, "content-type") ?? "";
  const checkMime = allowed.length > 0 && !isEmptyFolder(key);
  if (type.toLowerCase().startsWith("multipart/form-data")) {
    const source = await multipartSource(req);
    if (checkMime) validateMimeType(source.mimeType, allowed);
    return source;
  }
  const mimeType = type || "application/octet-stream";
  if (checkMime) validateMimeType(mimeType, allowed);
  const declared = contentLength(req);
  // Known-size bodies are refused before a single byte is stored.
  if (declared !== undefined && declared > maxBytes) throw ERRORS.entityTooLarge();
  // A proxy, not `req` itself: a failed write destroys its source, and destroying the request
  // would reset the connection before the client could read Storage's error response.
  const body = new PassThrough();
  onClientGone(req, (err) => body.destroy(err));
  req.pipe(body);
  return { body, mimeType, cacheControl: header(req, "cache-control") ?? "no-cache", declaredLength: declared };
}

/** The rolled-back insert (or upsert) Storage uses to ask RLS before accepting bytes. */
export async function canUpload(c: pg.PoolClient, row: { bucket: string; key: string; owner: string | undefined; upsert: boolean; metadata: object }) {
  const values = [row.bucket, row.key, isUuid(row.owner) ? row.owner : null, row.owner ?? null, JSON.stringify(row.metadata)];
  // No RETURNING: that would also demand a SELECT policy, which a plain insert does not.
  const insert = `insert into storage.objects (bucket_id, name, owner, owner_id, metadata, version)
                  values ($1, $2, $3, $4, $5::jsonb, '1')`;
  try {
    if (row.upsert) {
      await c.query(
        `${insert} on conflict (bucket_id, name) do update set
           metadata = excluded.metadata, version = excluded.version, owner = excluded.owner, owner_id = excluded.owner_id`,
        values,
      );
    } else {
      await c.query(insert, values);
    }
  } catch (err) {
    if ((err as { code?: unknown }).code === "23505") throw ERRORS.keyAlreadyExists();
    throw err;
  }
}

export interface UploadOptions {
  bucket: string;
  key: string;
  upsert: boolean;
  owner: string | undefined;
  /** The caller whose RLS policies must allow the write; null for signed-URL uploads. */
  caller: Caller | null;
  info: RequestInfo;
}

export async function upload(deps: StorageDeps, req: IncomingMessage, opts: UploadOptions): Promise<{ id: string; key: string }> {
  const { bucket, key, upsert, owner } = opts;
  mustBeValidBucketName(bucket);
  mustBeValidKey(key);
  const bucketRow = await deps.db.findBucket(null, bucket);
  if (!bucketRow) throw ERRORS.noSuchBucket();
  const bucketLimit = bucketRow.file_size_limit === null ? null : Number(bucketRow.file_size_limit);
  const maxBytes = isEmptyFolder(key) ? 0 : Math.min(deps.globalFileSizeLimit, bucketLimit ?? Infinity);
  const source = await openSource(req, maxBytes, bucketRow.allowed_mime_types ?? [], key);

  const caller = opts.caller;
  if (caller) {
    const metadata = { mimetype: source.mimeType, contentLength: source.declaredLength };
    await deps.db.dryRun(caller, opts.info, (c) => canUpload(c, { bucket, key, owner, upsert, metadata }));
  }

  const received = await deps.files.receive(source.body, maxBytes);
  const metadata: ObjectMetadata = {
    eTag: received.eTag,
    size: received.size,
    mimetype: source.mimeType,
    cacheControl: source.cacheControl,
    lastModified: new Date().toISOString(),
    contentLength: received.size,
    httpStatusCode: 200,
  };
  const finalPath = deps.layout.objectPath(bucket, key);
  // Filled once the file has been renamed into place, inside the transaction.
  const slot: { file?: PlacedFile } = {};
  let id: string;
  try {
    id = await deps.db.tx(null, opts.info, async (c) => {
      await lockKeys(c, bucket, [key]);
      const existing = await c.query("select 1 from storage.objects where bucket_id = $1 and name = $2 for update", [bucket, key]);
      // Someone else created the key while our bytes were streaming.
      if (!upsert && existing.rowCount) throw ERRORS.keyAlreadyExists();
      const { rows } = await c.query<{ id: string }>(
        `insert into storage.objects (bucket_id, name, owner, owner_id, metadata, version)
         values ($1, $2, $3, $4, $5::jsonb, gen_random_uuid()::text)
         on conflict (bucket_id, name) do update set
           owner = excluded.owner, owner_id = excluded.owner_id, metadata = excluded.metadata,
           version = excluded.version, updated_at = now(), last_accessed_at = now()
         returning id`,
        [bucket, key, isUuid(owner) ? owner : null, owner ?? null, JSON.stringify(metadata)],
      );
      const row = rows[0];
      if (!row) throw ERRORS.internal();
      slot.file = await deps.files.place(received.tmpPath, finalPath, key);
      return row.id;
    });
  } catch (err) {
    if (slot.file) await slot.file.undo().catch(() => undefined);
    else await deps.files.discard(received.tmpPath);
    throw err;
  }
  await slot.file?.done();
  return { id, key: `${bucket}/${key}` };
}
