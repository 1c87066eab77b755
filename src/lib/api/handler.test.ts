import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { z } from "zod";
import { resetEnvCache } from "../env";
import { setLogSink } from "../logger";
import { defineRoute, reply, searchParamsToObject } from "./handler";

const saved = { ...process.env };
let restoreLogs: () => void = () => undefined;

beforeAll(() => {
  // No network is needed: a request without a session cookie never reaches Auth.
  Object.assign(process.env, {
    NEXT_PUBLIC_SUPABASE_URL: "http://127.0.0.1:9",
    NEXT_PUBLIC_SUPABASE_ANON_KEY: "anon",
    NEXT_PUBLIC_SITE_URL: "http://localhost:3000",
    SUPABASE_SERVICE_ROLE_KEY: "service",
    DATABASE_URL: "postgresql://postgres:postgres@127.0.0.1:9/postgres",
    CRON_SECRET: "a-test-cron-secret-of-32-characters",
  });
  resetEnvCache();
  restoreLogs = setLogSink(() => undefined);
});

afterAll(() => {
  process.env = { ...saved };
  resetEnvCache();
  restoreLogs();
});

const json = async (res: Response) => (await res.json()) as Record<string, unknown>;

describe("defineRoute", () => {
  const echo = defineRoute(
    { auth: "public", body: z.object({ name: z.string().min(2), qty: z.number().int() }), query: z.object({ page: z.coerce.number().default(1) }) },
    async ({ body, query }) => reply({ ...body, page: query.page }, { status: 201, meta: { page: query.page, limit: 10, total: 1 } }),
  );

  it("validates and wraps the result in the envelope", async () => {
    const res = await echo(new NextRequest("http://localhost/api/echo?page=2", { method: "POST", body: JSON.stringify({ name: "Sari", qty: 3 }) }));
    expect(res.status).toBe(201);
    expect(await json(res)).toEqual({ success: true, data: { name: "Sari", qty: 3, page: 2 }, meta: { page: 2, limit: 10, total: 1 } });
  });

  it("echoes a valid x-request-id and makes one otherwise", async () => {
    const res = await echo(
      new NextRequest("http://localhost/api/echo", { method: "POST", body: "{}", headers: { "x-request-id": "abc-123-def-456" } }),
    );
    expect(res.headers.get("x-request-id")).toBe("abc-123-def-456");
    const other = await echo(new NextRequest("http://localhost/api/echo", { method: "POST", body: "{}", headers: { "x-request-id": "bad id!" } }));
    expect(other.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers 400 with per-field details, in English when NEXT_LOCALE=en", async () => {
    const res = await echo(
      new NextRequest("http://localhost/api/echo", { method: "POST", body: JSON.stringify({ name: "S" }), headers: { cookie: "NEXT_LOCALE=en" } }),
    );
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.success).toBe(false);
    expect(body.error).toMatchObject({ code: "VALIDATION_ERROR", message: "The submitted data is invalid. Please check your input." });
    expect(Object.keys((body.error as { details: object }).details)).toEqual(["name", "qty"]);
  });

  it("answers 400 for a body that is not JSON", async () => {
    const res = await echo(new NextRequest("http://localhost/api/echo", { method: "POST", body: "{oops" }));
    expect(res.status).toBe(400);
    expect((await json(res)).error).toMatchObject({ code: "VALIDATION_ERROR", message: "Isi permintaan bukan JSON yang valid." });
  });

  it("validates route params", async () => {
    const route = defineRoute({ auth: "public", params: z.object({ id: z.uuid() }) }, async ({ params }) => params.id);
    const bad = await route(new NextRequest("http://localhost/api/x/1"), { params: Promise.resolve({ id: "1" }) });
    expect(bad.status).toBe(400);
    const id = "6f1c2a8e-3b7d-4c1e-9a2b-5d4e3f2a1b0c";
    const good = await route(new NextRequest(`http://localhost/api/x/${id}`), { params: Promise.resolve({ id }) });
    expect(await json(good)).toEqual({ success: true, data: id });
  });

  it("hides unexpected errors as 500 INTERNAL with the request id", async () => {
    const route = defineRoute({ auth: "public" }, async () => {
      throw new Error("secret internals");
    });
    const res = await route(new NextRequest("http://localhost/api/x", { headers: { "x-request-id": "req-abcdefgh" } }));
    expect(res.status).toBe(500);
    const body = await json(res);
    expect(body.error).toMatchObject({ code: "INTERNAL", details: { requestId: "req-abcdefgh" } });
    expect(JSON.stringify(body)).not.toContain("secret internals");
  });

  it("requires a session for auth 'user'", async () => {
    const route = defineRoute({ auth: "user" }, async ({ user }) => user.id);
    const res = await route(new NextRequest("http://localhost/api/me"));
    expect(res.status).toBe(401);
    expect((await json(res)).error).toMatchObject({ code: "UNAUTHENTICATED" });
    expect(res.headers.get("cache-control")).toBe("private, no-store");
  });

  it("checks the cron secret in constant time", async () => {
    const route = defineRoute({ auth: "cron" }, async () => "ran");
    expect((await route(new NextRequest("http://localhost/api/cron/x"))).status).toBe(401);
    expect((await route(new NextRequest("http://localhost/api/cron/x", { headers: { authorization: "Bearer wrong" } }))).status).toBe(401);
    const okRes = await route(
      new NextRequest("http://localhost/api/cron/x", { headers: { authorization: "Bearer a-test-cron-secret-of-32-characters" } }),
    );
    expect(okRes.status).toBe(200);
  });

  it("refuses role/idempotent without a user session at definition time", () => {
    expect(() => defineRoute({ auth: "public", role: "admin" }, async () => null)).toThrow(/auth: 'user'/);
    expect(() => defineRoute({ auth: "cron", idempotent: true }, async () => null)).toThrow(/auth: 'user'/);
  });

  it("passes a Response through untouched", async () => {
    const route = defineRoute({ auth: "public" }, async () => new Response("a,b\n1,2", { headers: { "content-type": "text/csv" } }));
    const res = await route(new NextRequest("http://localhost/api/export"));
    expect(res.headers.get("content-type")).toBe("text/csv");
    expect(await res.text()).toBe("a,b\n1,2");
  });
});

describe("searchParamsToObject", () => {
  it("keeps repeated keys as arrays", () => {
    expect(searchParamsToObject(new URLSearchParams("a=1&a=2&b=3&c="))).toEqual({ a: ["1", "2"], b: "3", c: "" });
  });
});
