import { describe, expect, it } from "vitest";
import { setLogSink } from "../logger";
import type { Json } from "../supabase/database.types";
import { AppError } from "./errors";
import {
  canonicalJson,
  canonicalPath,
  isValidIdempotencyKey,
  requestHash,
  runIdempotent,
  STALE_RESERVATION_MS,
  toJson,
  type IdempotencyStore,
  type StoredResult,
} from "./idempotency";

/** In-memory store with the same semantics as the table (primary key on key). */
function memoryStore(clock: () => Date) {
  const rows = new Map<string, StoredResult>();
  let n = 0;
  const store: IdempotencyStore = {
    async reserve(key, hash) {
      if (rows.has(key)) return null;
      const now = clock();
      const version = `v${++n}`;
      rows.set(key, { requestHash: hash, statusCode: null, response: null, createdAt: now, expiresAt: new Date(now.getTime() + 86_400_000), version });
      return version;
    },
    async get(key) {
      return rows.get(key) ?? null;
    },
    async complete(key, version, statusCode, response) {
      const row = rows.get(key);
      if (row && row.version === version && row.statusCode === null) rows.set(key, { ...row, statusCode, response });
    },
    async release(key, version) {
      const row = rows.get(key);
      if (row && row.version === version && row.statusCode === null) rows.delete(key);
    },
    async remove(key, record) {
      if (rows.get(key)?.version === record.version) rows.delete(key);
    },
  };
  return { store, rows };
}

function setup() {
  let now = new Date("2026-01-01T00:00:00Z");
  const clock = () => now;
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  const { store, rows } = memoryStore(clock);
  let runs = 0;
  const execute = (status = 201, body: Json = { success: true, data: { n: 1 } }) => async () => {
    runs++;
    return { status, body };
  };
  return { store, rows, clock, advance, execute, runs: () => runs };
}

describe("hashing", () => {
  it("canonical JSON ignores key order at every level and drops undefined", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
    expect(canonicalJson(undefined)).toBe("null");
    expect(canonicalJson([undefined])).toBe("[null]");
  });

  it("hash depends on method, path and body, not on key order", () => {
    const h = requestHash("POST", "/api/x", { a: 1, b: 2 });
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(requestHash("post", "/api/x", { b: 2, a: 1 })).toBe(h);
    expect(requestHash("PUT", "/api/x", { a: 1, b: 2 })).not.toBe(h);
    expect(requestHash("POST", "/api/y", { a: 1, b: 2 })).not.toBe(h);
    expect(requestHash("POST", "/api/x", { a: 1, b: 3 })).not.toBe(h);
    expect(requestHash("POST", "/api/x", { a: "1", b: 2 })).not.toBe(h);
  });

  it("canonical path sorts the query", () => {
    expect(canonicalPath(new URL("http://x/a?b=2&a=1&a=0"))).toBe("/a?a=0&a=1&b=2");
    expect(canonicalPath(new URL("http://x/a"))).toBe("/a");
  });

  it.each([
    ["abc-123", true],
    ["x".repeat(255), true],
    ["", false],
    ["x".repeat(256), false],
    ["has space", false],
    ["ünï", false],
  ])("key %j valid=%s", (key, valid) => {
    expect(isValidIdempotencyKey(key)).toBe(valid);
  });

  it("toJson keeps JSON values and drops the rest", () => {
    expect(toJson({ a: 1, b: undefined, c: [1, undefined], d: new Date("2026-01-01T00:00:00Z") })).toEqual({
      a: 1,
      c: [1, null],
      d: "2026-01-01T00:00:00.000Z",
    });
  });
});

describe("runIdempotent", () => {
  it("runs once and replays the first result for the same request", async () => {
    const t = setup();
    const first = await runIdempotent({ store: t.store, key: "k1", hash: "h", execute: t.execute(201), now: t.clock });
    expect(first).toEqual({ status: 201, body: { success: true, data: { n: 1 } }, replayed: false });
    const second = await runIdempotent({ store: t.store, key: "k1", hash: "h", execute: t.execute(201, { other: true }), now: t.clock });
    expect(second).toEqual({ status: 201, body: { success: true, data: { n: 1 } }, replayed: true });
    expect(t.runs()).toBe(1);
  });

  it("refuses the same key with a different request", async () => {
    const t = setup();
    await runIdempotent({ store: t.store, key: "k1", hash: "h1", execute: t.execute(), now: t.clock });
    const err = await runIdempotent({ store: t.store, key: "k1", hash: "h2", execute: t.execute(), now: t.clock }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("IDEMPOTENCY_CONFLICT");
    expect((err as AppError).status).toBe(409);
    expect(t.runs()).toBe(1);
  });

  it("answers CONFLICT while the first request is still running", async () => {
    const t = setup();
    let release: () => void = () => undefined;
    const slow = runIdempotent({
      store: t.store,
      key: "k1",
      hash: "h",
      now: t.clock,
      execute: () =>
        new Promise((resolve) => {
          release = () => resolve({ status: 200, body: { done: true } });
        }),
    });
    await Promise.resolve();
    const err = await runIdempotent({ store: t.store, key: "k1", hash: "h", execute: t.execute(), now: t.clock }).catch((e: unknown) => e);
    expect((err as AppError).code).toBe("CONFLICT");
    expect((err as AppError).localized("en")).toMatch(/still in progress/);
    release();
    await expect(slow).resolves.toMatchObject({ status: 200, replayed: false });
    await expect(runIdempotent({ store: t.store, key: "k1", hash: "h", execute: t.execute(), now: t.clock })).resolves.toMatchObject({
      body: { done: true },
      replayed: true,
    });
  });

  it("releases the key when the handler throws, so a retry runs again", async () => {
    const t = setup();
    const boom = async () => {
      throw new Error("boom");
    };
    await expect(runIdempotent({ store: t.store, key: "k1", hash: "h", execute: boom, now: t.clock })).rejects.toThrow("boom");
    expect(t.rows.size).toBe(0);
    await expect(runIdempotent({ store: t.store, key: "k1", hash: "h", execute: t.execute(), now: t.clock })).resolves.toMatchObject({ replayed: false });
  });

  it("does not store error responses", async () => {
    const t = setup();
    await runIdempotent({ store: t.store, key: "k1", hash: "h", execute: t.execute(400, { success: false }), now: t.clock });
    expect(t.rows.size).toBe(0);
    await runIdempotent({ store: t.store, key: "k1", hash: "h", execute: t.execute(200), now: t.clock });
    expect(t.runs()).toBe(2);
  });

  it("does not store a response it cannot replay", async () => {
    const t = setup();
    const file = async () => ({ status: 200, body: null, storable: false });
    await runIdempotent({ store: t.store, key: "k1", hash: "h", execute: file, now: t.clock });
    expect(t.rows.size).toBe(0);
  });

  it("forgets a key after it expires", async () => {
    const t = setup();
    await runIdempotent({ store: t.store, key: "k1", hash: "h1", execute: t.execute(), now: t.clock });
    t.advance(24 * 3600 * 1000 + 1);
    await expect(runIdempotent({ store: t.store, key: "k1", hash: "h2", execute: t.execute(), now: t.clock })).resolves.toMatchObject({ replayed: false });
    expect(t.runs()).toBe(2);
  });

  it("takes over a reservation abandoned by a crashed request", async () => {
    const t = setup();
    await t.store.reserve("k1", "h");
    const err = await runIdempotent({ store: t.store, key: "k1", hash: "h", execute: t.execute(), now: t.clock }).catch((e: unknown) => e);
    expect((err as AppError).code).toBe("CONFLICT");
    t.advance(STALE_RESERVATION_MS + 1);
    await expect(runIdempotent({ store: t.store, key: "k1", hash: "h", execute: t.execute(), now: t.clock })).resolves.toMatchObject({ replayed: false });
  });

  it("returns the result even if storing it fails (and logs)", async () => {
    const t = setup();
    const lines: string[] = [];
    const restore = setLogSink((_l, line) => lines.push(line));
    try {
      const store: IdempotencyStore = { ...t.store, complete: async () => Promise.reject(new Error("db down")) };
      await expect(runIdempotent({ store, key: "k1", hash: "h", execute: t.execute(), now: t.clock })).resolves.toMatchObject({ status: 201 });
      expect(lines.join("\n")).toContain("could not be stored");
    } finally {
      restore();
    }
  });
});
