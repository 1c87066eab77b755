/**
 * The Auth flows that go through e-mail (recovery, e-mail change, invite) and the admin API,
 * through the real clients and the local outbox.
 */
import { randomUUID } from "node:crypto";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  alternativeLink,
  authClient,
  authTestEnv,
  latestMail,
  PASSWORD,
  registration,
  SITE_URL,
  signUpUser,
  tokenHashOf,
  uniqueAddress,
  type AuthTestEnv,
} from "./helpers/auth";
import { closeDb, sqlOne } from "./helpers/db";

let env: AuthTestEnv;
beforeAll(async () => {
  env = await authTestEnv();
});
afterAll(closeDb);

const client = () => authClient(env);
const redirectTo = `${SITE_URL}/auth/confirm?next=/reset-password`;
const fragmentOf = (res: Response) => new URLSearchParams(new URL(res.headers.get("location") ?? "").hash.slice(1));

describe("password recovery", () => {
  it("mails an Indonesian link with token_hash; verifyOtp gives a session that can set a new password", async () => {
    const { email } = await signUpUser(env);
    const c = client();
    expect((await c.auth.resetPasswordForEmail(email, { redirectTo })).error).toBeNull();
    const mail = await latestMail(env, email);
    expect(mail.subject).toBe("Atur ulang kata sandi Anda");
    expect(mail.text).toContain("kata sandi");
    const link = new URL(mail.link);
    expect(`${link.origin}${link.pathname}`).toBe(`${SITE_URL}/auth/confirm`);
    expect(link.searchParams.get("next")).toBe("/reset-password");
    expect(link.searchParams.get("type")).toBe("recovery");
    const tokenHash = tokenHashOf(mail);
    expect(tokenHash).toMatch(/^[0-9a-f]{56}$/);
    expect(alternativeLink(mail)).toContain(`${env.authUrl}/verify?token=${tokenHash}&type=recovery&redirect_to=`);

    const verified = await c.auth.verifyOtp({ type: "recovery", token_hash: tokenHash });
    expect(verified.error).toBeNull();
    expect(verified.data.session?.user.email).toBe(email);
    expect(decodeJwt(verified.data.session?.access_token ?? "").amr).toEqual([{ method: "otp", timestamp: expect.any(Number) }]);
    expect((await c.auth.updateUser({ password: "dipulihkan-789" })).error).toBeNull();
    expect((await client().auth.signInWithPassword({ email, password: "dipulihkan-789" })).error).toBeNull();

    const reused = await client().auth.verifyOtp({ type: "recovery", token_hash: tokenHash });
    expect(reused.error?.code).toBe("otp_expired");
    expect(reused.error?.message).toBe("Email link is invalid or has expired");
  });

  it("accepts the 6-digit code from the mail with the e-mail address", async () => {
    const { email } = await signUpUser(env);
    expect((await client().auth.resetPasswordForEmail(email)).error).toBeNull();
    const code = /kode berikut: (\d{6})/.exec((await latestMail(env, email)).text)?.[1] ?? "";
    const wrong = await client().auth.verifyOtp({ type: "recovery", email, token: code === "000000" ? "111111" : "000000" });
    expect(wrong.error?.code).toBe("otp_expired");
    const ok = await client().auth.verifyOtp({ type: "recovery", email, token: code });
    expect(ok.error).toBeNull();
  });

  it("answers {} for an unknown address and limits repeated requests per user", async () => {
    expect((await client().auth.resetPasswordForEmail(uniqueAddress("nobody"))).error).toBeNull();
    const { email } = await signUpUser(env);
    expect((await client().auth.resetPasswordForEmail(email)).error).toBeNull();
    const second = await client().auth.resetPasswordForEmail(email);
    expect(second.error?.code).toBe("over_email_send_rate_limit");
    expect(second.error?.status).toBe(429);
  });

  it("works with PKCE clients (pkce_ token hash) and their code exchange after GoTrue's /verify link", async () => {
    const { email } = await signUpUser(env);
    const pkce = authClient(env, env.anonKey, "pkce");
    expect((await pkce.auth.resetPasswordForEmail(email, { redirectTo })).error).toBeNull();
    const mail = await latestMail(env, email);
    expect(tokenHashOf(mail).startsWith("pkce_")).toBe(true);
    const res = await fetch(alternativeLink(mail), { redirect: "manual" });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get("location") ?? "");
    expect(location.pathname).toBe("/auth/confirm");
    const exchanged = await pkce.auth.exchangeCodeForSession(location.searchParams.get("code") ?? "");
    expect(exchanged.error).toBeNull();
    expect(exchanged.data.session?.user.email).toBe(email);
  });

  it("redirects an implicit /verify link with the session in the fragment, and an error on reuse", async () => {
    const { email } = await signUpUser(env);
    expect((await client().auth.resetPasswordForEmail(email, { redirectTo })).error).toBeNull();
    const link = alternativeLink(await latestMail(env, email));
    const ok = await fetch(link, { redirect: "manual" });
    expect(ok.status).toBe(303);
    expect(fragmentOf(ok).get("type")).toBe("recovery");
    expect(decodeJwt(fragmentOf(ok).get("access_token") ?? "").email).toBe(email);
    const again = await fetch(link, { redirect: "manual" });
    expect(fragmentOf(again).get("error_code")).toBe("otp_expired");
    expect(fragmentOf(again).get("error")).toBe("access_denied");
  });
});

describe("e-mail change", () => {
  it("mails the new address and switches the e-mail (and the profile) once confirmed", async () => {
    const { c, email, user } = await signUpUser(env);
    const next = uniqueAddress("baru");
    const asked = await c.auth.updateUser({ email: next });
    expect(asked.error).toBeNull();
    expect(asked.data.user?.email).toBe(email);
    expect(asked.data.user?.new_email).toBe(next);
    const mail = await latestMail(env, next);
    expect(mail.subject).toBe("Konfirmasi perubahan alamat email");
    const verified = await client().auth.verifyOtp({ type: "email_change", token_hash: tokenHashOf(mail) });
    expect(verified.error).toBeNull();
    expect(verified.data.user?.email).toBe(next);
    const profile = await sqlOne<{ email: string }>("select email from public.profiles where id = $1", [user.id]);
    expect(profile.email).toBe(next);
    expect((await client().auth.signInWithPassword({ email: next, password: PASSWORD })).error).toBeNull();
  });

  it("refuses an address another account owns", async () => {
    const first = await signUpUser(env);
    const second = await signUpUser(env);
    const { error } = await second.c.auth.updateUser({ email: first.email });
    expect(error?.code).toBe("email_exists");
    expect(error?.status).toBe(422);
  });
});

describe("admin API", () => {
  const admin = () => authClient(env, env.serviceRoleKey).auth.admin;

  it("creates users with the service_role key and refuses the anon key with not_admin", async () => {
    const email = uniqueAddress("admin");
    const { data, error } = await admin().createUser({
      email,
      password: PASSWORD,
      email_confirm: true,
      user_metadata: registration(),
      app_metadata: { plan: "gratis" },
    });
    expect(error).toBeNull();
    expect(data.user?.app_metadata).toEqual({ provider: "email", providers: ["email"], plan: "gratis" });
    expect(data.user?.email_confirmed_at).toBeTruthy();
    const id = data.user?.id ?? "";
    expect((await admin().getUserById(id)).data.user?.email).toBe(email);
    expect((await client().auth.signInWithPassword({ email, password: PASSWORD })).error).toBeNull();
    expect((await admin().createUser({ email, password: PASSWORD, user_metadata: registration() })).error?.code).toBe("email_exists");

    const refused = await client().auth.admin.createUser({ email: uniqueAddress("anon"), password: PASSWORD });
    expect(refused.error?.code).toBe("not_admin");
    expect(refused.error?.status).toBe(403);

    const updated = await admin().updateUserById(id, { user_metadata: { city: "Medan" }, ban_duration: "1h" });
    expect(updated.error).toBeNull();
    expect(updated.data.user?.user_metadata).toMatchObject({ city: "Medan", full_name: "Uji Auth" });
    expect((await client().auth.signInWithPassword({ email, password: PASSWORD })).error?.code).toBe("user_banned");

    // Soft delete: a hard delete of a business owner is refused by the tenancy rules.
    expect((await admin().deleteUser(id, true)).error).toBeNull();
    expect((await admin().getUserById(id)).data.user?.deleted_at).toBeTruthy();
    expect((await admin().getUserById(randomUUID())).error?.code).toBe("user_not_found");
  });

  it("lists users with pagination", async () => {
    await signUpUser(env);
    await signUpUser(env);
    const { data, error } = await admin().listUsers({ page: 1, perPage: 1 });
    expect(error).toBeNull();
    expect(data.users).toHaveLength(1);
    expect("total" in data && data.total).toBeGreaterThanOrEqual(2);
    expect("nextPage" in data && data.nextPage).toBe(2);
  });

  it("generates a recovery link whose hashed token verifies", async () => {
    const { email } = await signUpUser(env);
    const { data, error } = await admin().generateLink({ type: "recovery", email });
    expect(error).toBeNull();
    expect(data.properties?.action_link).toContain(`${env.authUrl}/verify?token=`);
    const verified = await client().auth.verifyOtp({ type: "recovery", token_hash: data.properties?.hashed_token ?? "" });
    expect(verified.error).toBeNull();
  });

  it("invites by e-mail; the invite link signs the new user in", async () => {
    const email = uniqueAddress("undang");
    const invited = await admin().inviteUserByEmail(email, { data: registration() });
    expect(invited.error).toBeNull();
    expect(invited.data.user?.invited_at).toBeTruthy();
    const mail = await latestMail(env, email);
    expect(mail.subject).toBe("Anda diundang ke Smart Marketing Agent");
    expect(new URL(mail.link).searchParams.get("type")).toBe("invite");
    const verified = await client().auth.verifyOtp({ type: "invite", token_hash: tokenHashOf(mail) });
    expect(verified.error).toBeNull();
    expect(verified.data.user?.email_confirmed_at).toBeTruthy();
  });
});
