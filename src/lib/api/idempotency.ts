/**
 * Idempotency-Key support for POST route handlers (Stripe's model, see docs/api.md):
 * - the first request with a key reserves it (an insert: the primary key makes it atomic),
 *   runs, and stores its response when it succeeded;
 * - the same key with the same request replays that response without running again;
 * - the same key with a different request is IDEMPOTENCY_CONFLICT (409);
 * - the same key while the first request still runs is CONFLICT "in progress" (409);
 * - a failed request releases its key, so the client can simply retry.
 * Keys belong to one user and expire after 24 hours.
 */
import { createHash } from "node:crypto";
import type { SupabaseClient } from "@supabase/supabase-js";
import { logger } from "../logger";
import type { Database, Json } from "../supabase/database.types";
import { AppError } from "./errors";

export const IDEMPOTENCY_HEADER = "idempotency-key";
export const REPLAYED_HEADER = "idempotent-replayed";
/** A reservation older than this is assumed abandoned (crashed function) and may be taken over. */
export const STALE_RESERVATION_MS = 10 * 60 * 1000;

/** JSON with object keys sorted at every level, so `{a,b}` and `{b,a}` hash the same. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return "null";
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sortKeys(v)));
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** `/a?b=2&a=1` -> `/a?a=1&b=2`: the query is part of the request, its order is not. */
export function canonicalPath(url: URL): string {
  const params = [...url.searchParams.entries()].sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a.localeCompare(b)));
  const query = new URLSearchParams(params).toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}

/** sha256 (hex) of method, canonical path and canonical JSON body. */
export function requestHash(method: string, path: string, body: unknown): string {
  return createHash("sha256").update(`${method.toUpperCase()}\n${path}\n${canonicalJson(body)}`).digest("hex");
}

/** 1..255 visible ASCII characters (what the table's check constraint also enforces). */
export function isValidIdempotencyKey(key: string): boolean {
  return /^[!-~]{1,255}$/.test(key);
}

export interface StoredResult {
  requestHash: string;
  /** null while the first request is still running. */
  statusCode: number | null;
  response: Json | null;
  createdAt: Date;
  expiresAt: Date;
  /** Opaque version marker: removal only deletes the exact record that was examined. */
  version: string;
}

/** Persistence for keys of one user. The Supabase implementation is below; tests use memory. */
export interface IdempotencyStore {
  /** Inserts a reservation and returns its version; null when the key already exists. */
  reserve(key: string, hash: string): Promise<string | null>;
  get(key: string): Promise<StoredResult | null>;
  /** Stores the final response on our reservation (`version` from reserve). */
  complete(key: string, version: string, statusCode: number, response: Json): Promise<void>;
  /** Deletes our reservation if it is still unfinished (the request failed). */
  release(key: string, version: string): Promise<void>;
  /** Deletes the exact record `record` (expired or abandoned), if it is still that record. */
  remove(key: string, record: StoredResult): Promise<void>;
}

export interface ExecutedResponse {
  status: number;
  body: Json;
  /** False for a response that cannot be replayed (not JSON): the key is released instead. */
  storable?: boolean;
}

export interface IdempotentOutcome extends ExecutedResponse {
  replayed: boolean;
}

/**
 * Runs `execute` at most once per (user, key) while the key lives. Only 2xx JSON responses
 * are stored: a failure releases the key, because the mutation it guards did not happen
 * (mutations are single transactions) and the client should be free to retry.
 */
export async function runIdempotent(options: {
  store: IdempotencyStore;
  key: string;
  hash: string;
  execute: () => Promise<ExecutedResponse>;
  now?: () => Date;
}): Promise<IdempotentOutcome> {
  const { store, key, hash, execute } = options;
  const now = options.now ?? (() => new Date());
  // Two rounds: the second covers a record that expired or was abandoned and got removed.
  for (let round = 0; round < 2; round++) {
    const version = await store.reserve(key, hash);
    if (version !== null) {
      let result: ExecutedResponse;
      try {
        result = await execute();
      } catch (err) {
        await store.release(key, version).catch((releaseErr: unknown) => logger.error("idempotency release failed", { err: releaseErr }));
        throw err;
      }
      if (result.status >= 200 && result.status < 300 && result.storable !== false) {
        try {
          await store.complete(key, version, result.status, result.body);
        } catch (err) {
          // The work is done; keep the reservation so a retry gets "in progress" rather
          // than running the mutation a second time.
          logger.error("idempotency result could not be stored", { err });
        }
      } else {
        await store.release(key, version).catch((err: unknown) => logger.error("idempotency release failed", { err }));
      }
      return { status: result.status, body: result.body, replayed: false };
    }
    const existing = await store.get(key);
    if (!existing) continue; // released between our insert and our read: try again
    const t = now().getTime();
    const expired = existing.expiresAt.getTime() <= t;
    const abandoned = existing.statusCode === null && t - existing.createdAt.getTime() > STALE_RESERVATION_MS;
    if (expired || abandoned) {
      await store.remove(key, existing);
      continue;
    }
    if (existing.requestHash !== hash) throw new AppError("IDEMPOTENCY_CONFLICT");
    if (existing.statusCode === null || existing.response === null) throw new AppError("CONFLICT", { message: "REQUEST_IN_PROGRESS" });
    return { status: existing.statusCode, body: existing.response, replayed: true };
  }
  throw new AppError("CONFLICT", { message: "REQUEST_IN_PROGRESS" });
}

/**
 * Converts a value to the JSON that will be stored, dropping what JSON cannot hold, so the
 * replayed body is exactly what a JSON response of the first request contained.
 */
export function toJson(value: unknown): Json {
  const parsed: unknown = JSON.parse(JSON.stringify(value ?? null));
  return asJson(parsed);
}

function asJson(value: unknown): Json {
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value)) return value.map(asJson);
  if (typeof value === "object") {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) out[k] = asJson(v);
    return out;
  }
  return null;
}

/** The store on public.idempotency_keys through the user's own client (RLS: own rows only). */
export function supabaseIdempotencyStore(supabase: SupabaseClient<Database>, userId: string): IdempotencyStore {
  const table = () => supabase.from("idempotency_keys");
  return {
    async reserve(key, hash) {
      const { data, error } = await table().insert({ user_id: userId, key, request_hash: hash }).select("created_at").single();
      if (!error) return data.created_at;
      if (error.code === "23505") return null;
      throw new Error(`idempotency reserve failed: ${error.message}`, { cause: error });
    },
    async get(key) {
      const { data, error } = await table()
        .select("request_hash, status_code, response, created_at, expires_at")
        .eq("user_id", userId)
        .eq("key", key)
        .maybeSingle();
      if (error) throw new Error(`idempotency read failed: ${error.message}`, { cause: error });
      if (!data) return null;
      return {
        requestHash: data.request_hash,
        statusCode: data.status_code,
        response: data.response,
        createdAt: new Date(data.created_at),
        expiresAt: new Date(data.expires_at),
        version: data.created_at,
      };
    },
    async complete(key, version, statusCode, response) {
      const { error } = await table()
        .update({ status_code: statusCode, response })
        .eq("user_id", userId)
        .eq("key", key)
        .eq("created_at", version)
        .is("status_code", null);
      if (error) throw new Error(`idempotency complete failed: ${error.message}`, { cause: error });
    },
    async release(key, version) {
      const { error } = await table().delete().eq("user_id", userId).eq("key", key).eq("created_at", version).is("status_code", null);
      if (error) throw new Error(`idempotency release failed: ${error.message}`, { cause: error });
    },
    async remove(key, record) {
      const { error } = await table().delete().eq("user_id", userId).eq("key", key).eq("created_at", record.version);
      if (error) throw new Error(`idempotency remove failed: ${error.message}`, { cause: error });
    },
  };
}
