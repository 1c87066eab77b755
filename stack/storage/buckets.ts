/**
 * Bucket routes. As in Storage, every statement runs as the caller, so RLS on
 * storage.buckets applies: with no bucket policies only service_role manages buckets, and
 * users see only the buckets a policy shows them.
 */
import { requireCaller } from "./auth";
import type { RouteCall } from "./context";
import { BUCKET_COLUMNS, isUuid } from "./db";
import { ERRORS } from "./errors";
import { bool, readJson, sendJson } from "./http";
import { decodeSegment, mustBeValidBucketName } from "./paths";
import { deleteAllObjects } from "./objects";

const SIZE_UNITS: Record<string, number> = { B: 1, KB: 1000, MB: 1000 ** 2, GB: 1000 ** 3 };

/** Storage accepts a byte count or "20MB"-style strings (decimal units, as Storage parses them). */
function parseFileSizeLimit(value: unknown, globalLimit: number): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  let bytes: number;
  if (typeof value === "number") {
    bytes = value;
  } else if (typeof value === "string") {
    const m = /^([0-9]+(?:\.[0-9]+)?)(gb|mb|kb|b)$/i.exec(value.trim());
    const [, amount, unit] = m ?? [];
    if (amount === undefined || unit === undefined) throw ERRORS.invalidFileSizeLimit();
    bytes = Math.round(Number(Number(amount).toPrecision(3)) * (SIZE_UNITS[unit.toUpperCase()] ?? 1));
  } else {
    throw ERRORS.invalidFileSizeLimit();
  }
  if (!Number.isFinite(bytes) || bytes < 0) throw ERRORS.invalidFileSizeLimit();
  if (bytes > globalLimit) throw ERRORS.entityTooLarge();
  return Math.floor(bytes);
}

const MIME_ENTRY = /^([a-zA-Z0-9\-+.]+)\/([a-zA-Z0-9\-+.]+)(;\s*charset=[a-zA-Z0-9-]+)?$|\*$/;

function parseMimeTypes(value: unknown): string[] | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (!Array.isArray(value)) throw ERRORS.invalidParameter("allowed_mime_types");
  const list = value.filter((v): v is string => typeof v === "string" && v !== "");
  for (const type of list) if (type.length > 1000 || !MIME_ENTRY.test(type)) throw ERRORS.invalidMimeType(type);
  return list;
}

function toBucketJson(row: Record<string, unknown>): Record<string, unknown> {
  // bigint comes back from pg as a string; Storage sends a number.
  const limit = row.file_size_limit;
  return { ...row, file_size_limit: typeof limit === "string" ? Number(limit) : limit };
}

const SORT_COLUMNS = new Set(["id", "name", "created_at", "updated_at"]);

export async function listBuckets(call: RouteCall): Promise<void> {
  const caller = await requireCaller(call.deps.verifier, call.req, call.query);
  const q = call.query;
  const values: unknown[] = [];
  let where = "";
  const search = q.get("search");
  if (search) {
    values.push(`%${search.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
    where = `where name ilike $${values.length}`;
  }
  const sortColumn = q.get("sortColumn");
  const order = sortColumn && SORT_COLUMNS.has(sortColumn) ? `order by ${sortColumn} ${q.get("sortOrder") === "desc" ? "desc" : "asc"}` : "";
  let page = "";
  for (const [name, sql] of [
    ["limit", "limit"],
    ["offset", "offset"],
  ] as const) {
    const raw = q.get(name);
    if (raw === null) continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw ERRORS.invalidParameter(name);
    values.push(n);
    page += ` ${sql} $${values.length}`;
  }
  const rows = await call.deps.db.tx(caller, call.info, async (c) => {
    const res = await c.query<Record<string, unknown>>(
      `select ${BUCKET_COLUMNS}, 'STANDARD' as type from storage.buckets ${where} ${order}${page}`,
      values,
    );
    return res.rows;
  });
  sendJson(call.res, 200, rows.map(toBucketJson));
}

export async function getBucket(call: RouteCall): Promise<void> {
  const caller = await requireCaller(call.deps.verifier, call.req, call.query);
  const id = decodeSegment(call.rest);
  const row = await call.deps.db.tx(caller, call.info, (c) => call.deps.db.findBucket(c, id));
  if (!row) throw ERRORS.noSuchBucket();
  sendJson(call.res, 200, toBucketJson({ ...row }));
}

export async function createBucket(call: RouteCall): Promise<void> {
  const { deps } = call;
  const caller = await requireCaller(deps.verifier, call.req, call.query);
  const body = await readJson(call.req);
  const name = typeof body.name === "string" ? body.name : "";
  const id = typeof body.id === "string" && body.id !== "" ? body.id : name;
  mustBeValidBucketName(name);
  mustBeValidBucketName(id); // the id names the bucket's directory on disk
  const isPublic = bool(body, "public") ?? false;
  const fileSizeLimit = parseFileSizeLimit(body.file_size_limit, deps.globalFileSizeLimit) ?? null;
  const mimeTypes = parseMimeTypes(body.allowed_mime_types) ?? null;
  try {
    await deps.db.tx(caller, call.info, (c) =>
      // No RETURNING: inserting needs an insert policy only, as in Storage.
      c.query(
        `insert into storage.buckets (id, name, owner, public, file_size_limit, allowed_mime_types)
         values ($1, $2, $3, $4, $5, $6)`,
        [id, name, isUuid(caller.sub) ? caller.sub : null, isPublic, fileSizeLimit, mimeTypes],
      ),
    );
  } catch (err) {
    if ((err as { code?: unknown }).code === "23505") throw ERRORS.bucketAlreadyExists();
    throw err;
  }
  sendJson(call.res, 200, { name });
}

export async function updateBucket(call: RouteCall): Promise<void> {
  const { deps } = call;
  const caller = await requireCaller(deps.verifier, call.req, call.query);
  const id = decodeSegment(call.rest);
  mustBeValidBucketName(id);
  const body = await readJson(call.req);
  const sets: string[] = [];
  const values: unknown[] = [];
  const set = (column: string, value: unknown) => {
    values.push(value);
    sets.push(`${column} = $${values.length}`);
  };
  const isPublic = bool(body, "public");
  if (isPublic !== undefined) set("public", isPublic);
  const limit = parseFileSizeLimit(body.file_size_limit, deps.globalFileSizeLimit);
  if (limit !== undefined) set("file_size_limit", limit);
  const mimeTypes = parseMimeTypes(body.allowed_mime_types);
  if (mimeTypes !== undefined) set("allowed_mime_types", mimeTypes);
  if (sets.length === 0) throw ERRORS.noContent();
  values.push(id);
  const result = await deps.db.tx(caller, call.info, (c) =>
    c.query(`update storage.buckets set ${sets.join(", ")}, updated_at = now() where id = $${values.length}`, values),
  );
  if (!result.rowCount) throw ERRORS.noSuchBucket();
  sendJson(call.res, 200, { message: "Successfully updated" });
}

export async function deleteBucket(call: RouteCall): Promise<void> {
  const { deps } = call;
  const caller = await requireCaller(deps.verifier, call.req, call.query);
  const id = decodeSegment(call.rest);
  mustBeValidBucketName(id);
  await readJson(call.req);
  if (!(await deps.db.findBucket(null, id))) throw ERRORS.noSuchBucket();
  const { rowCount } = await deps.db.tx(null, call.info, (c) => c.query("select 1 from storage.objects where bucket_id = $1 limit 1", [id]));
  if (rowCount) throw ERRORS.bucketNotEmpty();
  let deleted: number;
  try {
    deleted = await deps.db.tx(caller, call.info, async (c) => (await c.query("delete from storage.buckets where id = $1", [id])).rowCount ?? 0);
  } catch (err) {
    // An object arrived between the count and the delete: still "not empty".
    if ((err as { code?: unknown }).code === "23503") throw ERRORS.bucketNotEmpty();
    throw err;
  }
  if (deleted === 0) throw ERRORS.noSuchBucket();
  await deps.files.removeBucketDir(deps.layout.bucketDir(id));
  sendJson(call.res, 200, { message: "Successfully deleted" });
}

/** POST /bucket/{id}/empty. Storage queues this; locally it is done before answering. */
export async function emptyBucket(call: RouteCall): Promise<void> {
  const { deps } = call;
  const caller = await requireCaller(deps.verifier, call.req, call.query);
  const id = decodeSegment(call.rest);
  mustBeValidBucketName(id);
  await readJson(call.req);
  const row = await deps.db.tx(caller, call.info, (c) => deps.db.findBucket(c, id));
  if (!row) throw ERRORS.noSuchBucket();
  await deleteAllObjects(deps, call.info, id);
  sendJson(call.res, 200, { message: "Successfully emptied" });
}
