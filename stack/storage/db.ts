/**
 * Metadata access. Every query that Storage runs "as the user" runs here inside a
 * transaction that first switches to the caller's role and publishes the JWT claims the way
 * Storage (and PostgREST) do, so the RLS policies colleagues write on storage.objects and
 * storage.buckets decide what the caller may see and change. `null` as caller means the
 * superuser pool connection, for the steps Storage itself performs as super user.
 */
import type pg from "pg";
import type { Caller } from "./auth";

export interface ObjectMetadata {
  eTag: string;
  size: number;
  mimetype: string;
  cacheControl: string;
  lastModified: string;
  contentLength: number;
  httpStatusCode: number;
}

export interface ObjectRow {
  id: string;
  bucket_id: string;
  name: string;
  owner: string | null;
  owner_id: string | null;
  metadata: Partial<ObjectMetadata> | null;
  version: string | null;
  created_at: Date;
  updated_at: Date;
  last_accessed_at: Date;
}

export interface BucketRow {
  id: string;
  name: string;
  owner: string | null;
  public: boolean | null;
  /** bigint arrives from pg as a string. */
  file_size_limit: string | null;
  allowed_mime_types: string[] | null;
  created_at: Date;
  updated_at: Date;
}

export const BUCKET_COLUMNS = "id, name, owner, public, file_size_limit, allowed_mime_types, created_at, updated_at";

/** Describes the request for the GUCs Storage sets (request.method, storage.operation...). */
export interface RequestInfo {
  method: string;
  path: string;
  operation: string;
}

const SCOPE_SQL = `select
  set_config('role', $1, true),
  set_config('request.jwt.claim.role', $1, true),
  set_config('request.jwt', $2, true),
  set_config('request.jwt.claim.sub', $3, true),
  set_config('request.jwt.claims', $4, true),
  set_config('request.method', $5, true),
  set_config('request.path', $6, true),
  set_config('storage.operation', $7, true)`;

class Rollback extends Error {}

export class Metadata {
  constructor(private readonly pool: pg.Pool) {}

  /** Runs `fn` in one transaction, as `caller` (RLS applies) or as superuser when null. */
  async tx<T>(caller: Caller | null, info: RequestInfo, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query("begin");
      if (caller) {
        await client.query(SCOPE_SQL, [
          caller.role,
          caller.jwt,
          caller.sub ?? "",
          JSON.stringify(caller.claims),
          info.method,
          info.path,
          info.operation,
        ]);
      }
      const result = await fn(client);
      await client.query("commit");
      return result;
    } catch (err) {
      try {
        await client.query("rollback");
      } catch {
        broken = true; // a connection that cannot roll back must not return to the pool
      }
      throw err;
    } finally {
      client.release(broken);
    }
  }

  /**
   * Storage's testPermission: try the write as the caller, then always roll back. Used to
   * refuse an upload before its bytes are streamed to disk.
   */
  async dryRun(caller: Caller, info: RequestInfo, fn: (c: pg.PoolClient) => Promise<void>): Promise<void> {
    try {
      await this.tx(caller, info, async (c) => {
        await fn(c);
        throw new Rollback();
      });
    } catch (err) {
      if (!(err instanceof Rollback)) throw err;
    }
  }

  async findBucket(c: pg.PoolClient | null, id: string, forUpdate = false): Promise<BucketRow | undefined> {
    const q = `select ${BUCKET_COLUMNS} from storage.buckets where id = $1 limit 1${forUpdate ? " for update" : ""}`;
    const { rows } = await (c ?? this.pool).query<BucketRow>(q, [id]);
    return rows[0];
  }

  async findObject(c: pg.PoolClient | null, bucket: string, name: string): Promise<ObjectRow | undefined> {
    const { rows } = await (c ?? this.pool).query<ObjectRow>(
      "select * from storage.objects where bucket_id = $1 and name = $2 limit 1",
      [bucket, name],
    );
    return rows[0];
  }
}

/** Advisory-lock namespace ("STOR") so our per-key locks never collide with job queues' locks. */
const LOCK_CLASS = 0x53544f52;

/**
 * Serialises every write to one object key (upload, delete, move, copy) for the rest of the
 * transaction. Keys are locked in sorted order, and always before any row lock, so two
 * requests can never wait on each other in a cycle. The lock is what lets the file on disk
 * and its row change together.
 */
export async function lockKeys(c: pg.PoolClient, bucket: string, names: readonly string[]): Promise<void> {
  await lockObjects(
    c,
    names.map((name) => ({ bucket, name })),
  );
}

/** lockKeys across buckets (move and copy may span two). */
export async function lockObjects(c: pg.PoolClient, objects: ReadonlyArray<{ bucket: string; name: string }>): Promise<void> {
  const keys = [...new Set(objects.map((o) => `${o.bucket}/${o.name}`))].sort();
  if (keys.length === 0) return;
  await c.query(
    "select count(pg_advisory_xact_lock($1::int, hashtext(k))) from (select unnest($2::text[]) as k order by 1) s",
    [LOCK_CLASS, keys],
  );
}

export function isUuid(v: string | undefined): v is string {
  return v !== undefined && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
}
