/**
 * Object routes: upload/update, download (authenticated, public, plain), info, list,
 * delete, move and copy. Reads and writes that Storage performs "as the user" run through
 * `db.tx(caller, ...)`, so RLS on storage.objects decides; the rest run as superuser, as in
 * Storage.
 */
import type pg from "pg";
import { optionalCaller, requireCaller, type Caller } from "./auth";
import type { RouteCall, StorageDeps } from "./context";
import { isUuid, lockObjects, type ObjectRow, type RequestInfo } from "./db";
import { ERRORS } from "./errors";
import type { ParkedFiles, PlacedFile } from "./files";
import { bool, header, readJson, requireStr, sendJson, strArray } from "./http";
import { mustBeValidBucketName, mustBeValidKey, splitBucketKey } from "./paths";
import { serveObject } from "./serve";
import { canUpload, upload } from "./upload";

const OBJECT_COLUMNS = "id, bucket_id, name, owner, owner_id, metadata, version, created_at, updated_at, last_accessed_at";

function target(rest: string): { bucket: string; key: string } {
  const { bucket, key } = splitBucketKey(rest);
  mustBeValidBucketName(bucket);
  mustBeValidKey(key);
  return { bucket, key };
}

export async function uploadObject(call: RouteCall, mode: "create" | "update"): Promise<void> {
  const caller = await requireCaller(call.deps.verifier, call.req, call.query);
  const { bucket, key } = target(call.rest);
  const upsert = mode === "update" || header(call.req, "x-upsert") === "true";
  const result = await upload(call.deps, call.req, { bucket, key, upsert, owner: caller.sub, caller, info: call.info });
  sendJson(call.res, 200, { Id: result.id, Key: result.key });
}

/**
 * Finds an object the caller may read, following Storage's getObject: unauthenticated
 * callers only see public buckets; public buckets skip RLS; private ones read as the caller.
 */
async function findReadable(deps: StorageDeps, caller: Caller, info: RequestInfo, bucket: string, key: string): Promise<ObjectRow> {
  const bucketRow = await deps.db.findBucket(null, bucket);
  if (!bucketRow || (!caller.authenticated && !bucketRow.public)) throw ERRORS.noSuchBucket();
  const row = bucketRow.public
    ? await deps.db.findObject(null, bucket, key)
    : await deps.db.tx(caller, info, (c) => deps.db.findObject(c, bucket, key));
  if (!row) throw ERRORS.noSuchKey();
  return row;
}

type ReadMode = "authenticated" | "optional" | "public";

/** The object a read route addresses, found with that route's access rules. */
async function lookup(call: RouteCall, mode: ReadMode): Promise<{ bucket: string; key: string; row: ObjectRow }> {
  const { deps } = call;
  const { bucket, key } = target(call.rest);
  if (mode === "public") {
    // No JWT involved: only public buckets, read as superuser.
    if (!(await deps.db.findBucket(null, bucket))?.public) throw ERRORS.noSuchBucket();
    const row = await deps.db.findObject(null, bucket, key);
    if (!row) throw ERRORS.noSuchKey();
    return { bucket, key, row };
  }
  const caller =
    mode === "authenticated"
      ? await requireCaller(deps.verifier, call.req, call.query)
      : await optionalCaller(deps.verifier, call.req, call.query);
  return { bucket, key, row: await findReadable(deps, caller, call.info, bucket, key) };
}

export async function downloadObject(call: RouteCall, mode: ReadMode): Promise<void> {
  const { bucket, key, row } = await lookup(call, mode);
  const filePath = call.deps.layout.objectPath(bucket, key);
  await serveObject(call.deps.files, call.req, call.res, { filePath, key, row, query: call.query });
}

export async function objectInfo(call: RouteCall, mode: ReadMode): Promise<void> {
  const { row } = await lookup(call, mode);
  const meta = row.metadata ?? {};
  sendJson(call.res, 200, {
    id: row.id,
    name: row.name,
    version: row.version,
    bucket_id: row.bucket_id,
    size: meta.size ?? null,
    content_type: meta.mimetype ?? null,
    cache_control: meta.cacheControl ?? null,
    etag: meta.eTag ?? null,
    metadata: null, // user metadata: no column for it in this schema
    last_modified: row.updated_at,
    created_at: row.created_at,
  });
}

const SORT_COLUMNS = new Set(["name", "updated_at", "created_at", "last_accessed_at"]);

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/**
 * POST /object/list/{bucket}: one level of the bucket's tree, folders first (id null), the
 * same query as Storage's storage.search() run as the caller, so RLS filters the rows.
 */
export async function listObjects(call: RouteCall): Promise<void> {
  const caller = await requireCaller(call.deps.verifier, call.req, call.query);
  const bucket = splitBucketKey(call.rest).bucket;
  mustBeValidBucketName(bucket);
  const body = await readJson(call.req);
  let prefix = requireStr(body, "prefix");
  const search = typeof body.search === "string" ? body.search : "";
  const limit = typeof body.limit === "number" && body.limit > 0 ? Math.floor(body.limit) : 100;
  const offset = typeof body.offset === "number" && body.offset > 0 ? Math.floor(body.offset) : 0;
  const sortBy = typeof body.sortBy === "object" && body.sortBy !== null ? (body.sortBy as Record<string, unknown>) : {};
  const column = typeof sortBy.column === "string" && SORT_COLUMNS.has(sortBy.column) ? sortBy.column : "name";
  const order = sortBy.order === "desc" ? "desc" : "asc";
  if (prefix.length > 0 && !prefix.endsWith("/")) prefix = `${prefix}/`;
  const levels = `${prefix}${search}`.split("/").length;
  const pattern = `${escapeLike(prefix)}${escapeLike(search)}%`;
  // Identifiers come from the allow-lists above, never from the request verbatim.
  const sql = `
    with folders as (
      select path_tokens[$1] as folder from storage.objects
      where lower(name) like lower($2) and bucket_id = $3 and array_length(path_tokens, 1) <> $1
      group by folder order by folder ${order}
    )
    (select folder as name, null::uuid as id, null::timestamptz as updated_at, null::timestamptz as created_at,
            null::timestamptz as last_accessed_at, null::jsonb as metadata from folders)
    union all
    (select path_tokens[$1] as name, id, updated_at, created_at, last_accessed_at, metadata from storage.objects
     where lower(name) like lower($2) and bucket_id = $3 and array_length(path_tokens, 1) = $1
     order by ${column === "name" ? "path_tokens[$1]" : column} ${order})
    limit $4 offset $5`;
  const rows = await call.deps.db.tx(caller, call.info, async (c) => {
    const result = await c.query(sql, [levels, pattern, bucket, limit, offset]);
    return result.rows;
  });
  sendJson(call.res, 200, rows);
}

/**
 * Deletes rows as the caller (RLS: delete + select, as Storage), then parks their files
 * while the keys are locked and removes them for good after commit.
 */
async function deleteAsCaller(deps: StorageDeps, caller: Caller | null, info: RequestInfo, bucket: string, names: string[]) {
  const bucketDir = deps.layout.bucketDir(bucket);
  const slot: { parked?: ParkedFiles } = {};
  try {
    const rows = await deps.db.tx(caller, info, async (c: pg.PoolClient) => {
      await lockObjects(
        c,
        names.map((name) => ({ bucket, name })),
      );
      const { rows: deleted } = await c.query<ObjectRow>(
        `delete from storage.objects where bucket_id = $1 and name = any($2::text[]) returning ${OBJECT_COLUMNS}`,
        [bucket, names],
      );
      slot.parked = await deps.files.park(
        bucketDir,
        deleted.map((r) => deps.layout.objectPath(bucket, r.name)),
      );
      return deleted;
    });
    await slot.parked?.purge();
    return rows;
  } catch (err) {
    await slot.parked?.restore();
    throw err;
  }
}

export async function removeObjects(call: RouteCall): Promise<void> {
  const caller = await requireCaller(call.deps.verifier, call.req, call.query);
  const bucket = splitBucketKey(call.rest).bucket;
  mustBeValidBucketName(bucket);
  const prefixes = strArray(await readJson(call.req), "prefixes");
  if (!prefixes || prefixes.length === 0) throw ERRORS.invalidRequest("body/prefixes must NOT have fewer than 1 items");
  if (prefixes.length > 1000) throw ERRORS.invalidRequest("Bulk object requests are limited to 1000 objects per request.");
  prefixes.forEach(mustBeValidKey);
  sendJson(call.res, 200, await deleteAsCaller(call.deps, caller, call.info, bucket, prefixes));
}

export async function deleteObject(call: RouteCall): Promise<void> {
  const caller = await requireCaller(call.deps.verifier, call.req, call.query);
  const { bucket, key } = target(call.rest);
  if (!(await call.deps.db.findObject(null, bucket, key))) throw ERRORS.noSuchKey();
  const deleted = await deleteAsCaller(call.deps, caller, call.info, bucket, [key]);
  // The row exists but RLS kept the caller from deleting it: Storage says "Access denied".
  if (deleted.length === 0) throw ERRORS.accessDenied("Access denied");
  sendJson(call.res, 200, { message: "Successfully deleted" });
}

/** Deletes every object of a bucket as superuser (emptyBucket, after its RLS check on the bucket). */
export async function deleteAllObjects(deps: StorageDeps, info: RequestInfo, bucket: string): Promise<void> {
  const { rows } = await deps.db.tx(null, info, (c) =>
    c.query<{ name: string }>("select name from storage.objects where bucket_id = $1", [bucket]),
  );
  for (let i = 0; i < rows.length; i += 500) {
    await deleteAsCaller(
      deps,
      null,
      info,
      bucket,
      rows.slice(i, i + 500).map((r) => r.name),
    );
  }
}

function moveBody(body: Record<string, unknown>) {
  const bucket = requireStr(body, "bucketId");
  const sourceKey = requireStr(body, "sourceKey");
  const destinationKey = requireStr(body, "destinationKey");
  const destinationBucket = typeof body.destinationBucket === "string" && body.destinationBucket !== "" ? body.destinationBucket : bucket;
  for (const b of [bucket, destinationBucket]) mustBeValidBucketName(b);
  mustBeValidKey(sourceKey);
  mustBeValidKey(destinationKey);
  return { bucket, sourceKey, destinationBucket, destinationKey };
}

/** POST /object/move: the row is renamed as the caller (RLS: select + update), the file with it. */
export async function moveObject(call: RouteCall): Promise<void> {
  const { deps } = call;
  const caller = await requireCaller(deps.verifier, call.req, call.query);
  const m = moveBody(await readJson(call.req));
  if (m.destinationBucket !== m.bucket && !(await deps.db.findBucket(null, m.destinationBucket))) throw ERRORS.noSuchBucket();
  const from = deps.layout.objectPath(m.bucket, m.sourceKey);
  const to = deps.layout.objectPath(m.destinationBucket, m.destinationKey);
  const slot: { undo?: () => Promise<void> } = {};
  try {
    const id = await deps.db.tx(caller, call.info, async (c) => {
      await lockObjects(c, [
        { bucket: m.bucket, name: m.sourceKey },
        { bucket: m.destinationBucket, name: m.destinationKey },
      ]);
      if (!(await deps.db.findObject(c, m.bucket, m.sourceKey))) throw ERRORS.noSuchKey();
      if (m.bucket === m.destinationBucket && m.sourceKey === m.destinationKey) return null;
      const { rows } = await c.query<{ id: string }>(
        `update storage.objects set bucket_id = $3, name = $4, owner = $5, owner_id = $6,
           version = gen_random_uuid()::text, updated_at = now()
         where bucket_id = $1 and name = $2 returning id`,
        [m.bucket, m.sourceKey, m.destinationBucket, m.destinationKey, isUuid(caller.sub) ? caller.sub : null, caller.sub ?? null],
      );
      const row = rows[0];
      if (!row) throw ERRORS.noSuchKey();
      slot.undo = await deps.files.rename(from, to, m.destinationKey);
      return row.id;
    });
    sendJson(call.res, 200, { message: "Successfully moved", ...(id ? { Id: id } : {}), Key: m.destinationKey });
  } catch (err) {
    if (slot.undo) await slot.undo().catch(() => undefined);
    throw err;
  }
}

/** POST /object/copy: read the source as the caller, check the insert with RLS, then write as superuser. */
export async function copyObject(call: RouteCall): Promise<void> {
  const { deps } = call;
  const caller = await requireCaller(deps.verifier, call.req, call.query);
  const body = await readJson(call.req);
  const m = moveBody(body);
  const upsert = header(call.req, "x-upsert") === "true";
  const copyMetadata = bool(body, "copyMetadata") ?? true;
  const overrides = typeof body.metadata === "object" && body.metadata !== null ? (body.metadata as Record<string, unknown>) : {};
  if (!(await deps.db.findBucket(null, m.destinationBucket))) throw ERRORS.noSuchBucket();
  const source = await deps.db.tx(caller, call.info, (c) => deps.db.findObject(c, m.bucket, m.sourceKey));
  if (!source) throw ERRORS.noSuchKey();
  const metadata = { ...(source.metadata ?? {}), lastModified: new Date().toISOString() };
  if (!copyMetadata) {
    if (typeof overrides.cacheControl === "string") metadata.cacheControl = overrides.cacheControl;
    if (typeof overrides.mimetype === "string") metadata.mimetype = overrides.mimetype;
  }
  await deps.db.dryRun(caller, call.info, (c) =>
    canUpload(c, { bucket: m.destinationBucket, key: m.destinationKey, owner: caller.sub, upsert, metadata }),
  );
  const tmp = await deps.files.copyToTemp(deps.layout.objectPath(m.bucket, m.sourceKey));
  const dest = deps.layout.objectPath(m.destinationBucket, m.destinationKey);
  const slot: { file?: PlacedFile } = {};
  try {
    const row = await deps.db.tx(null, call.info, async (c) => {
      await lockObjects(c, [{ bucket: m.destinationBucket, name: m.destinationKey }]);
      const existing = await c.query("select 1 from storage.objects where bucket_id = $1 and name = $2 for update", [
        m.destinationBucket,
        m.destinationKey,
      ]);
      if (!upsert && existing.rowCount) throw ERRORS.keyAlreadyExists();
      const { rows } = await c.query<ObjectRow>(
        `insert into storage.objects (bucket_id, name, owner, owner_id, metadata, version)
         values ($1, $2, $3, $4, $5::jsonb, gen_random_uuid()::text)
         on conflict (bucket_id, name) do update set owner = excluded.owner, owner_id = excluded.owner_id,
           metadata = excluded.metadata, version = excluded.version, updated_at = now()
         returning ${OBJECT_COLUMNS}`,
        [m.destinationBucket, m.destinationKey, isUuid(caller.sub) ? caller.sub : null, caller.sub ?? null, JSON.stringify(metadata)],
      );
      slot.file = await deps.files.place(tmp, dest, m.destinationKey);
      return rows[0];
    });
    await slot.file?.done();
    sendJson(call.res, 200, { Id: row?.id, Key: `${m.destinationBucket}/${m.destinationKey}`, ...row });
  } catch (err) {
    if (slot.file) await slot.file.undo().catch(() => undefined);
    else await deps.files.discard(tmp);
    throw err;
  }
}
