/**
 * defineRoute's session on the running local stack (src/lib/supabase/request.ts requestSession):
 * a session whose token this process has verified and which is not near expiry skips the
 * cookie-bound client; everything else takes the full path. Each case checks that the shortcut
 * answers exactly as the full path would: the same user, RLS with their token, no cookie
 * written, a refresh near expiry, 401 for a tampered token, a working `supabase.auth`.
 */
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineRoute } from "../../src/lib/api/handler";
import { setLogSink } from "../../src/lib/logger";
import { authCookieName, parseAuthCookie, readAuthCookie } from "../../src/lib/supabase/request";
import { closeDb } from "./helpers/db";
import { json, sessionCookie, useStackEnv } from "./helpers/next-request";
import { registerOwner, type TestOwner } from "./helpers/users";

let owner: TestOwner;
let stranger: TestOwner;
let ownerCookie: string;
let restoreLogs: () => void = () => undefined;

beforeAll(async () => {
  await useStackEnv();
  restoreLogs = setLogSink(() => undefined);
  [owner, stranger] = await Promise.all([registerOwner("sessowner"), registerOwner("sessstranger")]);
  ownerCookie = await sessionCookie(owner.email);
});

afterAll(async () => {
  restoreLogs();
  await closeDb();
});

/** The businesses the caller sees through ctx.supabase (RLS with the caller's token). */
const whoAmI = defineRoute({ auth: "user", role: "viewer" }, async ({ user, supabase, businessId }) => {
  const { data, error } = await supabase.from("businesses").select("id");
  if (error) throw error;
  return { userId: user.id, businessId, visible: (data ?? []).map((b) => b.id).sort(), shortcut: !Object.hasOwn(supabase, "rest") };
});

const get = (cookie: string) => new NextRequest("http://localhost/api/whoami", { headers: { cookie } });
const cookieName = () => authCookieName(process.env.NEXT_PUBLIC_SUPABASE_URL ?? "");

/** The stored session of a cookie header, as JSON. */
function sessionOf(cookieHeader: string): Record<string, unknown> {
  const jar = new Map(cookieHeader.split("; ").map((c) => [c.slice(0, c.indexOf("=")), c.slice(c.indexOf("=") + 1)] as const));
  const raw = readAuthCookie({ get: (name) => (jar.has(name) ? { value: jar.get(name) ?? "" } : undefined) }, cookieName()) ?? "";
  return JSON.parse(Buffer.from(raw.slice("base64-".length), "base64url").toString("utf8")) as Record<string, unknown>;
}

/** A cookie header holding `session` in one (unchunked) auth cookie. */
const cookieWith = (session: Record<string, unknown>) => `${cookieName()}=base64-${Buffer.from(JSON.stringify(session)).toString("base64url")}`;

describe("requestSession in defineRoute", () => {
  it("answers repeated requests of one session as the same user, under RLS, writing no cookie", async () => {
    for (let i = 0; i < 3; i++) {
      const res = await whoAmI(get(ownerCookie));
      expect(res.status).toBe(200);
      expect(res.headers.get("set-cookie")).toBeNull();
      // The first request verifies the token (full path); the next ones take the shortcut.
      expect((await json(res)).data).toEqual({ userId: owner.id, businessId: owner.businessId, visible: [owner.businessId], shortcut: i > 0 });
    }
  });

  it("refuses a token whose signature was changed, even once the real one is remembered", async () => {
    expect((await whoAmI(get(ownerCookie))).status).toBe(200);
    const session = sessionOf(ownerCookie);
    const token = String(session.access_token);
    const forged = `${token.slice(0, -6)}${token.endsWith("AAAAAA") ? "BBBBBB" : "AAAAAA"}`;
    const res = await whoAmI(get(cookieWith({ ...session, access_token: forged })));
    expect(res.status).toBe(401);
    expect((await json(res)).error?.code).toBe("UNAUTHENTICATED");
  });

  it("answers a second session as its own user, not the remembered one", async () => {
    // The stranger's valid session is verified on its own; the owner's token does not carry over.
    const strangerCookie = await sessionCookie(stranger.email);
    const res = await whoAmI(get(strangerCookie));
    expect((await json(res)).data).toMatchObject({ userId: stranger.id, businessId: stranger.businessId, visible: [stranger.businessId] });
  });

  it("refreshes a session close to expiry and writes the new cookie, as before", async () => {
    const cookie = await sessionCookie(owner.email);
    expect((await whoAmI(get(cookie))).status).toBe(200); // remembered now
    const session = sessionOf(cookie);
    const expiring = cookieWith({ ...session, expires_at: Math.floor(Date.now() / 1000) + 30 });
    const res = await whoAmI(get(expiring));
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie") ?? "").toContain(cookieName());
    expect((await json(res)).data).toMatchObject({ userId: owner.id, shortcut: false });
  });

  it("keeps ctx.supabase.auth bound to the request's cookies on the shortcut", async () => {
    const route = defineRoute({ auth: "user" }, async ({ supabase }) => {
      const { data } = await supabase.auth.getSession();
      return { token: data.session?.access_token ?? null };
    });
    expect((await whoAmI(get(ownerCookie))).status).toBe(200);
    const res = await route(get(ownerCookie));
    expect(((await json(res)).data as { token: string }).token).toBe(sessionOf(ownerCookie).access_token);
  });

  it("reads only a well-formed stored session", () => {
    expect(parseAuthCookie("base64-not-json")).toBeNull();
    expect(parseAuthCookie(`base64-${Buffer.from('{"access_token":""}').toString("base64url")}`)).toBeNull();
    expect(parseAuthCookie('{"access_token":"t","expires_at":10}')).toEqual({ token: "t", expiresAt: 10_000 });
  });
});
