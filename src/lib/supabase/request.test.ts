import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "../env";
import { setLogSink } from "../logger";
import { authCookieName, parseAuthCookie, readAuthCookie, requestSession } from "./request";

const saved = { ...process.env };
let restoreLogs: () => void = () => undefined;

beforeAll(() => {
  // No network: without a usable session cookie nothing reaches Auth.
  Object.assign(process.env, {
    NEXT_PUBLIC_SUPABASE_URL: "http://127.0.0.1:9",
    NEXT_PUBLIC_SUPABASE_ANON_KEY: "anon",
    NEXT_PUBLIC_SITE_URL: "http://localhost:3000",
  });
  resetEnvCache();
  restoreLogs = setLogSink(() => undefined);
});

afterAll(() => {
  process.env = { ...saved };
  resetEnvCache();
  restoreLogs();
});

const jar = (cookies: Record<string, string>) => ({ get: (name: string) => (name in cookies ? { value: cookies[name] ?? "" } : undefined) });
const encoded = (session: object) => `base64-${Buffer.from(JSON.stringify(session)).toString("base64url")}`;

describe("authCookieName", () => {
  it("is sb-<first host label>-auth-token, as supabase-js names it", () => {
    expect(authCookieName("http://127.0.0.1:54321")).toBe("sb-127-auth-token");
    expect(authCookieName("https://abcd.supabase.co")).toBe("sb-abcd-auth-token");
  });
});

describe("readAuthCookie", () => {
  it("prefers the whole cookie, else joins the chunks in order until one is missing", () => {
    expect(readAuthCookie(jar({ k: "whole", "k.0": "a" }), "k")).toBe("whole");
    expect(readAuthCookie(jar({ "k.0": "ab", "k.1": "cd", "k.3": "zz" }), "k")).toBe("abcd");
    expect(readAuthCookie(jar({ other: "x" }), "k")).toBeNull();
  });
});

describe("parseAuthCookie", () => {
  it("reads the access token and expiry (ms) of a base64url or plain JSON session", () => {
    expect(parseAuthCookie(encoded({ access_token: "tok", expires_at: 2_000_000_000, user: { email: "é@x.id" } }))).toEqual({ token: "tok", expiresAt: 2_000_000_000_000 });
    expect(parseAuthCookie('{"access_token":"tok","expires_at":5}')).toEqual({ token: "tok", expiresAt: 5000 });
  });

  it("yields null for garbage, a missing token or a missing expiry", () => {
    for (const raw of ["base64-%%%", "base64-bm90LWpzb24", "null", "[]", encoded({ access_token: "", expires_at: 1 }), encoded({ access_token: "tok" }), encoded({ expires_at: 1 })]) {
      expect(parseAuthCookie(raw)).toBeNull();
    }
  });
});

describe("requestSession", () => {
  it("has no user without a session cookie, and a client that writes no cookie", async () => {
    const session = await requestSession(new NextRequest("http://localhost/api/x"));
    expect(session.user).toBeNull();
    const res = session.applyTo(new (await import("next/server")).NextResponse(null));
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("treats a token it never verified as the full path does (a forged one is nobody)", async () => {
    const forged = encoded({ access_token: "eyJhbGciOiJIUzI1NiJ9.e30.x", refresh_token: "r", expires_at: Math.floor(Date.now() / 1000) + 3600, token_type: "bearer", user: { id: "u" } });
    const session = await requestSession(new NextRequest("http://localhost/api/x", { headers: { cookie: `sb-127-auth-token=${forged}` } }));
    expect(session.user).toBeNull();
  });
});
