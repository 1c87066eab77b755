/**
 * The local Auth service through the real clients (@supabase/supabase-js / auth-js): the
 * flows the app uses must behave, and fail, exactly as hosted Supabase Auth does.
 */
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  authClient,
  authFetch,
  authTestEnv,
  PASSWORD,
  registration,
  signUpUser,
  uniqueAddress,
  type AuthTestEnv,
} from "./helpers/auth";
import { closeDb, sql, sqlOne } from "./helpers/db";

let env: AuthTestEnv;
beforeAll(async () => {
  env = await authTestEnv();
});
afterAll(closeDb);

const client = () => authClient(env);
const signUp = () => signUpUser(env);
const email = uniqueAddress;

describe("sign-up", () => {
  it("returns a session, stores the metadata and an e-mail identity, and runs the registration trigger", async () => {
    const { user, session, email: address } = await signUp();
    expect(user.email).toBe(address);
    expect(user.email_confirmed_at).toBeTruthy();
    expect(user.user_metadata).toMatchObject({ full_name: "Uji Auth", email_verified: true });
    expect(user.app_metadata).toEqual({ provider: "email", providers: ["email"] });
    expect(user.identities?.[0]).toMatchObject({ provider: "email", id: user.id, identity_data: { email: address, sub: user.id } });
    const claims = decodeJwt(session.access_token);
    expect(claims).toMatchObject({ sub: user.id, aud: "authenticated", role: "authenticated", email: address, aal: "aal1" });
    expect(claims.iss).toBe(env.authUrl);
    expect(claims.amr).toEqual([{ method: "password", timestamp: expect.any(Number) }]);
    const profile = await sqlOne<{ full_name: string }>("select full_name from public.profiles where id = $1", [user.id]);
    expect(profile.full_name).toBe("Uji Auth");
  });

  it("signs up through a PKCE client with emailRedirectTo, as the app's server actions do", async () => {
    const address = email("ssr");
    const { data, error } = await authClient(env, env.anonKey, "pkce").auth.signUp({
      email: address,
      password: PASSWORD,
      options: { data: registration(), emailRedirectTo: "http://localhost:3000/auth/confirm?next=/dashboard" },
    });
    expect(error).toBeNull();
    expect(data.session?.user.email).toBe(address);
    expect(data.user?.identities).toHaveLength(1);
  });

  it("refuses a duplicate e-mail with user_already_exists and creates nothing", async () => {
    const { email: address } = await signUp();
    const { data, error } = await client().auth.signUp({ email: address.toUpperCase(), password: PASSWORD, options: { data: registration() } });
    expect(error?.code).toBe("user_already_exists");
    expect(error?.status).toBe(422);
    expect(error?.message).toBe("User already registered");
    expect(data.session).toBeNull();
    const rows = await sql("select id from auth.users where lower(email) = $1", [address]);
    expect(rows).toHaveLength(1);
  });

  it("refuses a weak password with weak_password and its reasons", async () => {
    const { error } = await client().auth.signUp({ email: email(), password: "pendek", options: { data: registration() } });
    expect(error?.code).toBe("weak_password");
    expect(error?.status).toBe(422);
    expect(error?.message).toBe("Password should be at least 8 characters.");
    expect(error && "reasons" in error ? error.reasons : null).toEqual(["length"]);
  });

  it("refuses a malformed e-mail with validation_failed", async () => {
    const { error } = await client().auth.signUp({ email: "bukan-email", password: PASSWORD });
    expect(error?.code).toBe("validation_failed");
    expect(error?.status).toBe(400);
    expect(error?.message).toBe("Unable to validate email address: invalid format");
  });

  it("fails cleanly when the auth.users trigger raises, leaving nothing behind", async () => {
    const address = email("trigger");
    const { data, error } = await client().auth.signUp({ email: address, password: PASSWORD, options: { data: { full_name: "Tanpa Usaha" } } });
    expect(error?.status).toBe(500);
    expect(error?.message).toBe("Database error saving new user");
    expect(data.user).toBeNull();
    const res = await authFetch(env, "/signup", {
      method: "POST",
      headers: { "x-supabase-api-version": "2024-01-01" },
      body: JSON.stringify({ email: address, password: PASSWORD, data: { full_name: "Tanpa Usaha" } }),
    });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ code: "unexpected_failure", message: "Database error saving new user" });
    expect(await sql("select 1 from auth.users where email = $1", [address])).toHaveLength(0);
    expect(await sql("select 1 from public.profiles where email = $1", [address])).toHaveLength(0);
  });
});

describe("password sign-in and tokens", () => {
  it("rejects a wrong password and an unknown e-mail with invalid_credentials", async () => {
    const { email: address } = await signUp();
    for (const creds of [{ email: address, password: "salah-sekali" }, { email: email("nobody"), password: PASSWORD }]) {
      const { error } = await client().auth.signInWithPassword(creds);
      expect(error?.code).toBe("invalid_credentials");
      expect(error?.status).toBe(400);
      expect(error?.message).toBe("Invalid login credentials");
    }
  });

  it("signs in, and getUser answers for the access token", async () => {
    const { email: address, user } = await signUp();
    const c = client();
    const { data, error } = await c.auth.signInWithPassword({ email: address, password: PASSWORD });
    expect(error).toBeNull();
    expect(data.session?.user.id).toBe(user.id);
    const got = await c.auth.getUser(data.session?.access_token);
    expect(got.error).toBeNull();
    expect(got.data.user?.email).toBe(address);
  });

  it("rotates refresh tokens and rejects a revoked one reused after the reuse interval", async () => {
    const { c, session } = await signUp();
    const first = session.refresh_token;
    const r1 = await c.auth.refreshSession({ refresh_token: first });
    expect(r1.error).toBeNull();
    const second = r1.data.session?.refresh_token ?? "";
    expect(second).not.toBe(first);
    const row = await sqlOne<{ parent: string }>("select parent from auth.refresh_tokens where token = $1", [second]);
    expect(row.parent).toBe(first);

    // Presenting the parent of the active token again returns the active token (lost response).
    const again = await c.auth.refreshSession({ refresh_token: first });
    expect(again.data.session?.refresh_token).toBe(second);

    const r2 = await c.auth.refreshSession({ refresh_token: second });
    const third = r2.data.session?.refresh_token ?? "";
    expect(third).not.toBe(second);
    // Age the revoked token beyond GoTrue's 10 s reuse interval instead of sleeping.
    await sql("update auth.refresh_tokens set updated_at = now() - interval '1 minute' where token = $1", [first]);
    const reused = await c.auth.refreshSession({ refresh_token: first });
    expect(reused.error?.code).toBe("refresh_token_already_used");
    expect(reused.error?.message).toBe("Invalid Refresh Token: Already Used");
    const revoked = await sqlOne<{ revoked: boolean }>("select revoked from auth.refresh_tokens where token = $1", [third]);
    expect(revoked.revoked).toBe(true);
  });

  it("updates user data and password; the new password works, the old one and other sessions do not", async () => {
    const { c, email: address } = await signUp();
    const other = client();
    const otherLogin = await other.auth.signInWithPassword({ email: address, password: PASSWORD });
    expect(otherLogin.error).toBeNull();

    const data = await c.auth.updateUser({ data: { full_name: "Nama Baru", city: "Bandung" } });
    expect(data.error).toBeNull();
    expect(data.data.user?.user_metadata).toMatchObject({ full_name: "Nama Baru", city: "Bandung", email_verified: true });

    const same = await c.auth.updateUser({ password: PASSWORD });
    expect(same.error?.code).toBe("same_password");
    const weak = await c.auth.updateUser({ password: "123" });
    expect(weak.error?.code).toBe("weak_password");

    const changed = await c.auth.updateUser({ password: "kata-sandi-baru-456" });
    expect(changed.error).toBeNull();
    expect((await client().auth.signInWithPassword({ email: address, password: PASSWORD })).error?.code).toBe("invalid_credentials");
    expect((await client().auth.signInWithPassword({ email: address, password: "kata-sandi-baru-456" })).error).toBeNull();
    const otherRefresh = await other.auth.refreshSession({ refresh_token: otherLogin.data.session?.refresh_token ?? "" });
    expect(otherRefresh.error?.code).toBe("refresh_token_not_found");
  });

  it("signs out globally: the refresh token and the access token's session are gone", async () => {
    const { c, session } = await signUp();
    const out = await c.auth.signOut();
    expect(out.error).toBeNull();
    const refreshed = await client().auth.refreshSession({ refresh_token: session.refresh_token });
    expect(refreshed.error?.code).toBe("refresh_token_not_found");
    const got = await client().auth.getUser(session.access_token);
    expect(got.error?.name).toBe("AuthSessionMissingError");
  });

  it("rejects a tampered access token (bad_jwt) and PostgREST refuses it (401)", async () => {
    const { session, user } = await signUp();
    const [header, , signature] = session.access_token.split(".");
    const payload = Buffer.from(JSON.stringify({ ...decodeJwt(session.access_token), role: "service_role" })).toString("base64url");
    const tampered = `${header}.${payload}.${signature}`;
    const got = await client().auth.getUser(tampered);
    expect(got.error?.code).toBe("bad_jwt");
    expect(got.error?.status).toBe(403);
    const rest = await fetch(`${env.url}/rest/v1/profiles?id=eq.${user.id}`, {
      headers: { apikey: env.anonKey, Authorization: `Bearer ${tampered}` },
    });
    expect(rest.status).toBe(401);
    const genuine = await fetch(`${env.url}/rest/v1/profiles?id=eq.${user.id}`, {
      headers: { apikey: env.anonKey, Authorization: `Bearer ${session.access_token}` },
    });
    expect(genuine.status).toBe(200);
  });
});

describe("API keys and wire formats", () => {
  it("requires a valid API key, guards the outbox, and speaks both error formats", async () => {
    const none = await fetch(`${env.authUrl}/settings`);
    expect(none.status).toBe(401);
    const bad = await fetch(`${env.authUrl}/settings`, { headers: { apikey: "not-a-key" } });
    expect(await bad.json()).toMatchObject({ message: "Invalid API key" });
    const settings = await authFetch(env, "/settings");
    expect(settings.headers.get("x-supabase-api-version")).toBe("2024-01-01");
    expect(await settings.json()).toMatchObject({ external: { email: true, phone: false }, mailer_autoconfirm: true });
    const mail = await authFetch(env, "/_local/mail?email=x@tokoku.co.id");
    expect(mail.status).toBe(403);
    const legacy = await authFetch(env, "/token?grant_type=password", { method: "POST", body: JSON.stringify({ email: "x@tokoku.co.id", password: "x" }) });
    expect(await legacy.json()).toEqual({ code: 400, error_code: "invalid_credentials", msg: "Invalid login credentials" });
  });
});
