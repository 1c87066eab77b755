/**
 * Helpers for the Auth integration tests: real @supabase/supabase-js clients against the
 * stack, sign-ups that satisfy the registration trigger, and the local mail outbox.
 */
import { randomInt, randomUUID } from "node:crypto";
import { createClient, type Session, type SupabaseClient, type User } from "@supabase/supabase-js";
import { testEnv, type TestEnv } from "./env";

export const PASSWORD = "rahasia-uji-123";
export const SITE_URL = process.env.NEXT_PUBLIC_SITE_URL ?? "http://localhost:3000";

export interface AuthTestEnv extends TestEnv {
  /** `${url}/auth/v1` */
  authUrl: string;
}

export async function authTestEnv(): Promise<AuthTestEnv> {
  const env = await testEnv();
  return { ...env, authUrl: `${env.url}/auth/v1` };
}

/** A deliverable-looking address (hosted Auth refuses to mail example.com, *.test, *.local ...). */
export const uniqueAddress = (label = "auth") => `${label}-${randomUUID().slice(0, 8)}@tokoku.co.id`;

/** Sign-up data the registration trigger accepts (new business + owner). */
export const registration = () => ({
  full_name: "Uji Auth",
  business_name: `Toko Uji ${randomUUID().slice(0, 6)}`,
  whatsapp: `+62812${randomInt(10_000_000, 99_999_999)}`,
});

export function authClient(env: TestEnv, key = env.anonKey, flowType: "implicit" | "pkce" = "implicit"): SupabaseClient {
  const store = new Map<string, string>();
  return createClient(env.url, key, {
    auth: {
      persistSession: flowType === "pkce",
      autoRefreshToken: false,
      detectSessionInUrl: false,
      flowType,
      // PKCE keeps its code verifier in storage; a per-client map stands in for cookies.
      storage: {
        getItem: (k) => store.get(k) ?? null,
        setItem: (k, v) => void store.set(k, v),
        removeItem: (k) => void store.delete(k),
      },
    },
  });
}

export interface SignedUp {
  c: SupabaseClient;
  email: string;
  session: Session;
  user: User;
}

export async function signUpUser(env: TestEnv, address = uniqueAddress()): Promise<SignedUp> {
  const c = authClient(env);
  const { data, error } = await c.auth.signUp({ email: address, password: PASSWORD, options: { data: registration() } });
  if (error || !data.session || !data.user) throw new Error(`sign-up failed: ${error?.message ?? "no session"}`);
  return { c, email: address, session: data.session, user: data.user };
}

export interface OutboxMail {
  id: number;
  to_email: string;
  subject: string;
  text: string;
  html: string;
  link: string;
  created_at: string;
}

/** The local stack's auth e-mails to `address`, newest first. */
export async function readOutbox(env: AuthTestEnv, address: string): Promise<OutboxMail[]> {
  const res = await fetch(`${env.authUrl}/_local/mail?email=${encodeURIComponent(address)}`, {
    headers: { apikey: env.serviceRoleKey },
  });
  if (res.status !== 200) throw new Error(`outbox answered ${res.status}`);
  return (await res.json()) as OutboxMail[];
}

export async function latestMail(env: AuthTestEnv, address: string): Promise<OutboxMail> {
  const [mail] = await readOutbox(env, address);
  if (!mail) throw new Error(`no mail for ${address} in the outbox`);
  return mail;
}

/** GoTrue's own /verify link, which every mail carries as the alternative link. */
export const alternativeLink = (mail: OutboxMail) => /Tautan alternatif: (\S+)/.exec(mail.text)?.[1] ?? "";

export const tokenHashOf = (mail: OutboxMail) => new URL(mail.link).searchParams.get("token_hash") ?? "";

/** A raw request to /auth/v1 with the anon key, for asserting wire formats. */
export function authFetch(env: AuthTestEnv, path: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  return fetch(`${env.authUrl}${path}`, {
    ...init,
    headers: { apikey: env.anonKey, "content-type": "application/json", ...init.headers },
  });
}
