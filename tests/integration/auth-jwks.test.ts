/**
 * Asymmetric JWT signing (stack/jwks.ts): Auth signs access tokens ES256 with a `kid` and
 * publishes the public key at /auth/v1/.well-known/jwks.json; PostgREST accepts that key and
 * the legacy HS256 secret (the API keys); the app verifies sessions locally against the JWKS
 * (auth.getClaims) instead of calling Auth per request. Tokens signed by another key, with an
 * unknown kid, tampered or expired are refused by all three.
 */
import { createServerClient } from "@supabase/ssr";
import { createClient } from "@supabase/supabase-js";
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK, type JWTPayload } from "jose";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadStackConfig } from "../../stack/config";
import { readSigningKey, type SigningKey } from "../../stack/jwks";
import { setLogSink } from "../../src/lib/logger";
import { updateSession } from "../../src/lib/supabase/middleware";
import { closeDb } from "./helpers/db";
import { testEnv, type TestEnv } from "./helpers/env";
import { useStackEnv } from "./helpers/next-request";
import { registerOwner, TEST_PASSWORD, type TestOwner } from "./helpers/users";

let env: TestEnv;
let owner: TestOwner;
let stackKey: SigningKey;
let session: { access_token: string; refresh_token: string; expires_at?: number };
let cookieName = "";
let restoreLogs: () => void = () => undefined;

/** Signs in through the real Auth and returns the session plus the cookie @supabase/ssr writes. */
async function signIn(email: string): Promise<{ cookie: string; name: string; session: typeof session }> {
  const jar = new Map<string, string>();
  const client = createServerClient(env.url, env.anonKey, {
    cookies: {
      getAll: () => [...jar].map(([name, value]) => ({ name, value })),
      setAll: (cookies) => cookies.forEach((c) => (c.value ? jar.set(c.name, c.value) : jar.delete(c.name))),
    },
  });
  const { data, error } = await client.auth.signInWithPassword({ email, password: TEST_PASSWORD });
  if (error || !data.session) throw new Error(`sign-in failed: ${error?.message}`);
  const [name = ""] = [...jar.keys()];
  return { cookie: [...jar].map(([n, v]) => `${n}=${v}`).join("; "), name: name.replace(/\.\d+$/, ""), session: data.session };
}

/** The app's proxy check for a session cookie holding `accessToken`. */
async function appUserFor(accessToken: string, overrides: Record<string, unknown> = {}): Promise<string | null> {
  const value = { ...session, access_token: accessToken, ...overrides };
  const cookie = `${cookieName}=base64-${Buffer.from(JSON.stringify(value)).toString("base64url")}`;
  return (await updateSession(new NextRequest("http://localhost/dashboard", { headers: { cookie } }))).user?.id ?? null;
}

const rest = (token: string) =>
  fetch(`${env.url}/rest/v1/business_members?select=role&user_id=eq.${owner.id}`, { headers: { apikey: env.anonKey, Authorization: `Bearer ${token}` } });

/** The owner's real claims, re-signed by `key` (ES256) with header `kid`. */
async function resign(key: CryptoKey, kid: string, changes: Partial<JWTPayload> = {}): Promise<string> {
  return new SignJWT({ ...decodeJwt(session.access_token), ...changes }).setProtectedHeader({ alg: "ES256", kid, typ: "JWT" }).sign(key);
}

beforeAll(async () => {
  await useStackEnv();
  env = await testEnv();
  restoreLogs = setLogSink(() => undefined);
  const key = await readSigningKey(loadStackConfig().dataDir);
  if (!key) throw new Error("the stack's signing key is missing: is the stack running with this SMA_DATA_DIR?");
  stackKey = key;
  owner = await registerOwner("jwks");
  const signed = await signIn(owner.email);
  session = signed.session;
  cookieName = signed.name;
});

afterAll(async () => {
  restoreLogs();
  await closeDb();
});

describe("GET /auth/v1/.well-known/jwks.json", () => {
  it("publishes the EC public key without an API key, and never the private part or the secret", async () => {
    const res = await fetch(`${env.url}/auth/v1/.well-known/jwks.json`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { keys: JWK[] };
    expect(body.keys).toHaveLength(1);
    expect(body.keys[0]).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", kid: stackKey.kid, key_ops: ["verify"] });
    expect(body.keys[0]).not.toHaveProperty("d");
    expect(JSON.stringify(body)).not.toContain(Buffer.from(env.jwtSecret).toString("base64url"));
  });

  it("is the key access tokens are signed with (ES256, kid in the header)", async () => {
    expect(decodeProtectedHeader(session.access_token)).toEqual({ alg: "ES256", kid: stackKey.kid, typ: "JWT" });
    const jwks = createLocalJWKSet((await (await fetch(`${env.url}/auth/v1/.well-known/jwks.json`)).json()) as { keys: JWK[] });
    const { payload } = await jwtVerify(session.access_token, jwks, { issuer: `${env.url}/auth/v1`, audience: "authenticated" });
    expect(payload.sub).toBe(owner.id);
    expect(payload.role).toBe("authenticated");
  });
});

describe("PostgREST", () => {
  it("accepts the ES256 access token and the HS256 API keys", async () => {
    const ok = await rest(session.access_token);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual([{ role: "owner" }]);
    // The legacy secret still verifies: the same claims signed HS256 (as the API keys are).
    const legacy = await new SignJWT(decodeJwt(session.access_token)).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(new TextEncoder().encode(env.jwtSecret));
    expect((await rest(legacy)).status).toBe(200);
    const wrongSecret = await new SignJWT(decodeJwt(session.access_token)).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(new TextEncoder().encode("another-secret-of-at-least-32-characters!"));
    expect((await rest(wrongSecret)).status).toBe(401);
  });

  it("refuses a token signed by another key (same kid or unknown kid), a tampered one and an expired one", async () => {
    const { privateKey: wrongKey } = await generateKeyPair("ES256");
    const expired = await resign(stackKey.privateKey, stackKey.kid, { iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 });
    const [h, , s] = session.access_token.split(".");
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...decodeJwt(session.access_token), role: "service_role" })).toString("base64url")}.${s}`;
    for (const token of [await resign(wrongKey, stackKey.kid), await resign(wrongKey, "00000000-0000-4000-8000-000000000000"), tampered, expired]) {
      expect((await rest(token)).status).toBe(401);
    }
    // Control: the same claims re-signed by the real key pass.
    expect((await rest(await resign(stackKey.privateKey, stackKey.kid))).status).toBe(200);
  });
});

describe("Auth", () => {
  it("getUser refuses a token of another key with bad_jwt, and getClaims verifies locally", async () => {
    const anon = createClient(env.url, env.anonKey, { auth: { persistSession: false, autoRefreshToken: false } });
    const { privateKey: wrongKey } = await generateKeyPair("ES256");
    const forged = await anon.auth.getUser(await resign(wrongKey, stackKey.kid));
    expect(forged.error?.code).toBe("bad_jwt");
    const claims = await anon.auth.getClaims(session.access_token);
    expect(claims.error).toBeNull();
    expect(claims.data?.claims.sub).toBe(owner.id);
    expect((await anon.auth.getClaims(await resign(wrongKey, stackKey.kid))).error?.message).toMatch(/signature/i);
  });
});

describe("the app (updateSession / defineRoute / session helpers)", () => {
  it("accepts a real session without a round trip to Auth's /user endpoint", async () => {
    const calls: string[] = [];
    const realFetch = globalThis.fetch;
    const spy = vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => {
      calls.push(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
      return realFetch(input, init);
    });
    try {
      expect(await appUserFor(session.access_token)).toBe(owner.id);
      expect(await appUserFor(session.access_token)).toBe(owner.id);
    } finally {
      spy.mockRestore();
    }
    expect(calls.filter((u) => u.includes("/auth/v1/user"))).toEqual([]);
    // At most the JWKS, fetched once and cached for the process.
    expect(calls.every((u) => u.endsWith("/auth/v1/.well-known/jwks.json"))).toBe(true);
  });

  it("treats tokens signed by a wrong key, with an unknown kid, or expired as signed out", async () => {
    const { privateKey: wrongKey } = await generateKeyPair("ES256");
    const now = Math.floor(Date.now() / 1000);
    expect(await appUserFor(await resign(wrongKey, stackKey.kid))).toBeNull();
    expect(await appUserFor(await resign(wrongKey, "00000000-0000-4000-8000-000000000000"))).toBeNull();
    // Expired and not refreshable (a refresh token Auth never issued).
    const expired = await resign(stackKey.privateKey, stackKey.kid, { iat: now - 7200, exp: now - 3600 });
    expect(await appUserFor(expired, { expires_at: now - 3600, refresh_token: "never-issued" })).toBeNull();
    // Control: a fresh token signed by the stack's key is accepted.
    expect(await appUserFor(await resign(stackKey.privateKey, stackKey.kid))).toBe(owner.id);
  });

  it("refuses an API key (role anon, no sub) placed in the session cookie", async () => {
    expect(await appUserFor(env.anonKey)).toBeNull();
  });
});

// Keep the public key exportable in the shape GoTrue uses (guards stack/jwks.ts's JWK copy).
it("the published key round-trips through exportJWK", async () => {
  const { publicKey } = await generateKeyPair("ES256", { extractable: true });
  const jwk = await exportJWK(publicKey);
  expect(Object.keys(stackKey.publicJwk).sort()).toEqual([...Object.keys(jwk), "alg", "ext", "key_ops", "kid"].sort());
});
