/**
 * The request plumbing of src/lib against the running local stack: sessions from real Auth
 * cookies, defineRoute's role checks and Idempotency-Key handling on public.idempotency_keys,
 * the Postgres rate limiter, and GET /api/health. Route handlers are called directly with a
 * NextRequest, the way Next.js calls them.
 */
import { SignJWT } from "jose";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { GET as health } from "../../src/app/api/health/route";
import { defineRoute, reply } from "../../src/lib/api/handler";
import { getActiveBusiness, getMemberships, getUser, isSuperAdmin, requireRole, requireUser, setActiveBusiness } from "../../src/lib/auth/session";
import { resetEnvCache } from "../../src/lib/env";
import { setLogSink } from "../../src/lib/logger";
import { checkRateLimit, hashKey, limitAuthAttempt, slidingWindowDecision } from "../../src/lib/rate-limit";
import { updateSession } from "../../src/lib/supabase/middleware";
import { closeDb, sql, sqlOne } from "./helpers/db";
import { testEnv } from "./helpers/env";
import { fakeRequest, json, post, sessionCookie, useRequest, useStackEnv } from "./helpers/next-request";
import { addMember, anonClient, grantSuperAdmin, registerOwner, type TestOwner, type TestUser } from "./helpers/users";

// The session helpers read cookies and headers through next/headers, which only exists inside a
// Next.js request: helpers/next-request.ts stands in for it (useRequest sets cookies and headers).
vi.mock("next/headers", async () => (await import("./helpers/next-request")).nextHeadersMock);

let owner: TestOwner;
let ownerCookie: string;
let viewer: TestUser;
let viewerCookie: string;
let stranger: TestOwner;
let strangerCookie: string;
let restoreLogs: () => void = () => undefined;

beforeAll(async () => {
  await useStackEnv();
  restoreLogs = setLogSink(() => undefined);
  owner = await registerOwner("apiowner");
  stranger = await registerOwner("apistranger");
  viewer = await addMember(owner, "viewer", "apiviewer");
  [ownerCookie, viewerCookie, strangerCookie] = await Promise.all([sessionCookie(owner.email), sessionCookie(viewer.email), sessionCookie(stranger.email)]);
});

afterAll(async () => {
  restoreLogs();
  await closeDb();
});

describe("updateSession", () => {
  it("returns the verified user for a real session cookie", async () => {
    const { user, response } = await updateSession(new NextRequest("http://localhost/dashboard", { headers: { cookie: ownerCookie } }));
    expect(user?.id).toBe(owner.id);
    expect(response.headers.get("x-request-id")).toBeTruthy();
  });

  it("yields null, not a crash, for a tampered or garbage cookie", async () => {
    const [name, value] = ownerCookie.split(";")[0]?.split("=") ?? [];
    const tampered = `${name}=${value?.slice(0, -12)}AAAAAAAAAAAA`;
    for (const cookie of [tampered, `${name}=base64-not-json`, `${name}=%%%`, "sb-127-auth-token=eyJhbGciOiJIUzI1NiJ9.e30.x"]) {
      const { user } = await updateSession(new NextRequest("http://localhost/dashboard", { headers: { cookie } }));
      expect(user).toBeNull();
    }
  });

  it("yields null for a well-formed session whose token was forged or expired", async () => {
    // Re-encode the session with a modified access token, exactly as @supabase/ssr would store it.
    const parts = ownerCookie.split("; ").map((c) => c.split("=") as [string, string]);
    const base = parts[0]?.[0].replace(/\.\d+$/, "") ?? "";
    const encoded = parts.map(([, v]) => v).join("").replace(/^base64-/, "");
    const session = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8")) as { access_token: string; expires_at: number };
    const [header, payload] = session.access_token.split(".");
    const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, sub: stranger.id })).toString("base64url");
    // Correctly signed but expired an hour ago, with a refresh token Auth never issued.
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ ...claims, exp: now - 3600, iat: now - 7200 })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .sign(new TextEncoder().encode((await testEnv()).jwtSecret));
    const variants = [
      { ...session, access_token: `${header}.${forgedPayload}.${session.access_token.split(".")[2]}` },
      { ...session, access_token: `${header}.${payload}.invalidsignature` },
      { ...session, access_token: expired, expires_at: now - 3600, refresh_token: "never-issued" },
    ];
    const userFor = async (value: object) => {
      const cookie = `${base}=base64-${Buffer.from(JSON.stringify(value)).toString("base64url")}`;
      return (await updateSession(new NextRequest("http://localhost/dashboard", { headers: { cookie } }))).user;
    };
    // Control: the untouched session, re-encoded the same way, is accepted.
    expect((await userFor(session))?.id).toBe(owner.id);
    for (const variant of variants) expect(await userFor(variant)).toBeNull();
  });

  it("ignores a forged user header", async () => {
    const { user } = await updateSession(new NextRequest("http://localhost/dashboard", { headers: { "x-user-id": owner.id } }));
    expect(user).toBeNull();
  });
});

describe("session helpers (src/lib/auth/session.ts)", () => {
  it("getUser / requireUser follow the verified session", async () => {
    useRequest(ownerCookie);
    expect((await getUser())?.id).toBe(owner.id);
    expect((await requireUser()).id).toBe(owner.id);

    useRequest("", { "x-sma-pathname": "/customers?page=2" });
    expect(await getUser()).toBeNull();
    const redirect = await requireUser().catch((e: unknown) => e);
    expect(String((redirect as { digest?: string }).digest)).toContain("/login?next=%2Fcustomers%3Fpage%3D2");

    // An absolute or protocol-relative "next" is never used.
    useRequest("", { "x-sma-pathname": "//evil.example/x" });
    const plain = await requireUser().catch((e: unknown) => e);
    expect(String((plain as { digest?: string }).digest)).toMatch(/;\/login;/);
  });

  it("getMemberships lists the user's businesses with roles", async () => {
    useRequest(viewerCookie);
    expect(await getMemberships()).toEqual([{ id: owner.businessId, name: expect.any(String), role: "viewer" }]);
    useRequest("");
    expect(await getMemberships()).toEqual([]);
  });

  it("getActiveBusiness validates the cookie against memberships", async () => {
    useRequest(`${ownerCookie}; sma_business=${stranger.businessId}`);
    expect(await getActiveBusiness()).toMatchObject({ id: owner.businessId, role: "owner" });
    useRequest(`${ownerCookie}; sma_business=not-a-uuid`);
    expect((await getActiveBusiness())?.id).toBe(owner.businessId);
    useRequest("");
    expect(await getActiveBusiness()).toBeNull();
  });

  it("setActiveBusiness accepts only the user's own businesses", async () => {
    useRequest(ownerCookie);
    await expect(setActiveBusiness(stranger.businessId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(fakeRequest.cookies.has("sma_business")).toBe(false);
    await expect(setActiveBusiness(owner.businessId)).resolves.toMatchObject({ id: owner.businessId, role: "owner" });
    expect(fakeRequest.cookies.get("sma_business")).toBe(owner.businessId);
  });

  it("requireRole checks the role on the active business", async () => {
    useRequest(ownerCookie);
    await expect(requireRole("admin")).resolves.toMatchObject({ id: owner.businessId });
    useRequest(viewerCookie);
    await expect(requireRole("viewer")).resolves.toMatchObject({ id: owner.businessId, role: "viewer" });
    await expect(requireRole("staff")).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("isSuperAdmin reads the platform role", async () => {
    useRequest(strangerCookie);
    expect(await isSuperAdmin()).toBe(false);
    await grantSuperAdmin(stranger.id);
    expect(await isSuperAdmin()).toBe(true);
    useRequest("");
    expect(await isSuperAdmin()).toBe(false);
  });
});

describe("defineRoute with a real session", () => {
  const whoAmI = defineRoute({ auth: "user" }, async ({ user }) => ({ id: user.id }));
  const adminOnly = defineRoute(
    { auth: "user", role: "admin", body: z.object({ businessId: z.uuid().optional() }) },
    async ({ businessId }) => ({ businessId }),
  );

  it("resolves the user from the cookie", async () => {
    const res = await whoAmI(new NextRequest("http://localhost/api/me", { headers: { cookie: ownerCookie } }));
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ success: true, data: { id: owner.id } });
  });

  it("checks the role on the business in the body", async () => {
    const asOwner = await adminOnly(post("/api/x", { businessId: owner.businessId }, { cookie: ownerCookie }));
    expect(asOwner.status).toBe(200);
    expect((await json(asOwner)).data).toEqual({ businessId: owner.businessId });

    const asViewer = await adminOnly(post("/api/x", { businessId: owner.businessId }, { cookie: viewerCookie }));
    expect(asViewer.status).toBe(403);
    expect((await json(asViewer)).error?.code).toBe("FORBIDDEN");

    // Someone else's business: not found, so tenant ids cannot be probed.
    const foreign = await adminOnly(post("/api/x", { businessId: stranger.businessId }, { cookie: ownerCookie }));
    expect(foreign.status).toBe(404);
  });

  it("falls back to the active business cookie, validated against memberships", async () => {
    const res = await adminOnly(post("/api/x", {}, { cookie: `${ownerCookie}; sma_business=${stranger.businessId}` }));
    expect(res.status).toBe(200);
    expect((await json(res)).data).toEqual({ businessId: owner.businessId });
  });
});

describe("Idempotency-Key", () => {
  let runs = 0;
  let gate: Promise<void> = Promise.resolve();
  const create = defineRoute(
    { auth: "user", idempotent: true, body: z.object({ name: z.string(), fail: z.boolean().optional() }) },
    async ({ body }) => {
      runs++;
      await gate;
      if (body.fail) throw new Error("handler exploded");
      return reply({ name: body.name, run: runs }, { status: 201 });
    },
  );

  it("runs once and replays the stored response", async () => {
    const key = `key-${crypto.randomUUID()}`;
    const before = runs;
    const first = await create(post("/api/things", { name: "Kopi" }, { cookie: ownerCookie, "idempotency-key": key }));
    expect(first.status).toBe(201);
    const firstBody = await json(first);
    const again = await create(post("/api/things", { name: "Kopi" }, { cookie: ownerCookie, "idempotency-key": key }));
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await json(again)).toEqual(firstBody);
    expect(runs - before).toBe(1);

    const row = await sqlOne<{ status_code: number; request_hash: string; response: unknown; expires_at: Date; created_at: Date }>(
      "select status_code, request_hash, response, expires_at, created_at from public.idempotency_keys where user_id = $1 and key = $2",
      [owner.id, key],
    );
    expect(row.status_code).toBe(201);
    expect(row.request_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.response).toEqual(firstBody);
    expect(row.expires_at.getTime() - row.created_at.getTime()).toBe(24 * 3600 * 1000);
  });

  it("refuses the same key with a different body", async () => {
    const key = `key-${crypto.randomUUID()}`;
    await create(post("/api/things", { name: "Teh" }, { cookie: ownerCookie, "idempotency-key": key }));
    const res = await create(post("/api/things", { name: "Susu" }, { cookie: ownerCookie, "idempotency-key": key }));
    expect(res.status).toBe(409);
    expect((await json(res)).error?.code).toBe("IDEMPOTENCY_CONFLICT");
  });

  it("answers 409 CONFLICT to a duplicate while the first is still running", async () => {
    const key = `key-${crypto.randomUUID()}`;
    let open: () => void = () => undefined;
    gate = new Promise((resolve) => {
      open = resolve;
    });
    const first = create(post("/api/things", { name: "Gula" }, { cookie: ownerCookie, "idempotency-key": key }));
    // Wait until the first request has reserved the key.
    for (let i = 0; i < 50; i++) {
      const rows = await sql("select 1 from public.idempotency_keys where user_id = $1 and key = $2", [owner.id, key]);
      if (rows.length > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const second = await create(post("/api/things", { name: "Gula" }, { cookie: ownerCookie, "idempotency-key": key }));
    expect(second.status).toBe(409);
    const body = await json(second);
    expect(body.error?.code).toBe("CONFLICT");
    expect(body.error?.message).toMatch(/masih diproses/);
    open();
    gate = Promise.resolve();
    expect((await first).status).toBe(201);
  });

  it("releases the key when the handler fails, so the client can retry", async () => {
    const key = `key-${crypto.randomUUID()}`;
    const failed = await create(post("/api/things", { name: "Garam", fail: true }, { cookie: ownerCookie, "idempotency-key": key }));
    expect(failed.status).toBe(500);
    expect(await sql("select 1 from public.idempotency_keys where key = $1", [key])).toHaveLength(0);
  });

  it("scopes keys per user and hides them from other users (RLS)", async () => {
    const key = `key-${crypto.randomUUID()}`;
    await create(post("/api/things", { name: "Beras" }, { cookie: ownerCookie, "idempotency-key": key }));
    const other = await create(post("/api/things", { name: "Jagung" }, { cookie: viewerCookie, "idempotency-key": key }));
    expect(other.status).toBe(201);
    expect(other.headers.get("idempotent-replayed")).toBeNull();

    const { data } = await viewer.client.from("idempotency_keys").select("key, user_id").eq("key", key);
    expect(data).toEqual([{ key, user_id: viewer.id }]);
    const forged = await viewer.client.from("idempotency_keys").insert({ user_id: owner.id, key: "forged", request_hash: "a".repeat(64) });
    expect(forged.error?.code).toBe("42501");
    const anon = await (await anonClient()).from("idempotency_keys").select("key");
    expect(anon.error?.code).toBe("42501");
  });

  it("rejects a malformed key", async () => {
    const res = await create(post("/api/things", { name: "x" }, { cookie: ownerCookie, "idempotency-key": "has space" }));
    expect(res.status).toBe(400);
  });
});

describe("rate limiting in Postgres", () => {
  it("allows up to the limit, then denies with retry_after", async () => {
    const bucket = "test:window";
    const key = crypto.randomUUID();
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await checkRateLimit(bucket, key, 3, 60));
    expect(results.slice(0, 3).every((r) => r.allowed)).toBe(true);
    expect(results[3]?.allowed).toBe(false);
    expect(results[3]?.retryAfter).toBeGreaterThan(0);
    expect(results[3]?.retryAfter).toBeLessThanOrEqual(120);
    // Keys are stored hashed; denied attempts are not counted.
    const rows = await sql<{ hits: number }>("select hits from public.rate_limit_hits where bucket = $1 and key = $2", [bucket, hashKey(key)]);
    expect(rows.reduce((n, r) => n + r.hits, 0)).toBe(3);
  });

  it("is callable only by the service role", async () => {
    const args = { p_bucket: "x", p_key: "y", p_limit: 1, p_window_seconds: 60 };
    const asAnon = await (await anonClient()).rpc("rate_limit_hit", args);
    expect(asAnon.error).not.toBeNull();
    const asUser = await owner.client.rpc("rate_limit_hit", args);
    expect(asUser.error).not.toBeNull();
    const table = await owner.client.from("rate_limit_hits").select("*");
    expect(table.error?.code).toBe("42501");
  });

  it("limits auth attempts per e-mail across IPs", async () => {
    const email = `${crypto.randomUUID()}@example.id`;
    const outcomes = [];
    for (let i = 0; i < 6; i++) outcomes.push((await limitAuthAttempt("sign_in", `198.51.100.${i + 1}`, email)).allowed);
    expect(outcomes).toEqual([true, true, true, true, true, false]);
  });

  it("the SQL window arithmetic matches the TypeScript model", async () => {
    const windowSeconds = 300;
    const limit = 10;
    const bucket = "test:parity";
    const key = crypto.randomUUID();
    const base = Math.floor(Date.now() / 1000 / windowSeconds) * windowSeconds - 10 * windowSeconds;
    const at = (s: number) => new Date((base + s) * 1000).toISOString();
    // 8 hits late in the previous window, then attempts 75 s into the current one.
    for (let i = 0; i < 8; i++) await sql("select * from public.rate_limit_hit_at($1, $2, $3, $4, $5)", [bucket, key, limit, windowSeconds, at(290)]);
    let curr = 0;
    for (let i = 0; i < 6; i++) {
      const expected = slidingWindowDecision({ limit, windowSeconds, prevHits: 8, currHits: curr, elapsedSeconds: 75 });
      const got = await sqlOne<{ allowed: boolean; retry_after: number }>("select * from public.rate_limit_hit_at($1, $2, $3, $4, $5)", [
        bucket,
        key,
        limit,
        windowSeconds,
        at(windowSeconds + 75),
      ]);
      expect({ allowed: got.allowed, retryAfter: got.retry_after }).toEqual(expected);
      if (got.allowed) curr++;
    }
    expect(curr).toBe(4); // 8 * 0.75 = 6 still count, so 4 fit under 10
  });
});

describe("GET /api/health", () => {
  it("reports every part healthy with latencies and provider booleans", async () => {
    const res = await health(new NextRequest("http://localhost/api/health"));
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({
      status: "ok",
      failing: [],
      checks: { database: { status: "ok" }, auth: { status: "ok" }, storage: { status: "ok" } },
      providers: { openai: expect.any(Boolean), resend: expect.any(Boolean), fonnte: expect.any(Boolean) },
    });
    const checks = body.checks as Record<string, { latencyMs: number }>;
    for (const c of Object.values(checks)) expect(c.latencyMs).toBeGreaterThanOrEqual(0);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("answers 503 naming what fails, without leaking secrets", async () => {
    const saved = process.env.NEXT_PUBLIC_SUPABASE_URL;
    process.env.NEXT_PUBLIC_SUPABASE_URL = "http://127.0.0.1:9";
    process.env.OPENAI_API_KEY = "sk-should-never-appear";
    resetEnvCache();
    try {
      const res = await health(new NextRequest("http://localhost/api/health"));
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({ status: "error", failing: ["database", "auth", "storage"], providers: { openai: true } });
      expect(text).not.toContain("sk-should-never-appear");
      expect(text).not.toContain(process.env.SUPABASE_SERVICE_ROLE_KEY ?? "never");
    } finally {
      process.env.NEXT_PUBLIC_SUPABASE_URL = saved;
      delete process.env.OPENAI_API_KEY;
      resetEnvCache();
    }
  });

  it("reports a configuration error by variable name", async () => {
    const saved = process.env.SUPABASE_SERVICE_ROLE_KEY;
    delete process.env.SUPABASE_SERVICE_ROLE_KEY;
    resetEnvCache();
    try {
      const res = await health(new NextRequest("http://localhost/api/health"));
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ failing: ["config"], checks: { config: { error: expect.stringContaining("SUPABASE_SERVICE_ROLE_KEY") } } });
    } finally {
      process.env.SUPABASE_SERVICE_ROLE_KEY = saved;
      resetEnvCache();
    }
  });
});
