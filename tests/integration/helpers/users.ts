/**
 * Test users without depending on the Auth service: a row goes into auth.users (as the
 * Auth service would write it, raw_user_meta_data included, so the registration trigger
 * runs for real), and the access token is minted with the stack's JWT secret, carrying the
 * claims PostgREST and auth.uid()/auth.jwt() read. Every client talks to PostgREST, so the
 * real grants and RLS policies decide what each user may do.
 */
import { randomInt, randomUUID } from "node:crypto";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { SignJWT } from "jose";
import type { Database } from "../../../src/lib/supabase/database.types";
import { sql, sqlOne } from "./db";
import { testEnv } from "./env";

type BusinessRole = Database["public"]["Enums"]["business_role"];

/** What the sign-up form sends as `options.data` (auth.users.raw_user_meta_data). */
export interface RegistrationData {
  full_name?: string;
  whatsapp?: string;
  business_name?: string;
  invitation_token?: string;
  locale?: string;
}

export interface TestUser {
  id: string;
  email: string;
  accessToken: string;
  /** Typed client carrying this user's JWT: every query runs under RLS as this user. */
  client: SupabaseClient<Database>;
  /** The same session untyped, for tests that loop over table names. */
  rest: SupabaseClient;
}

export interface TestOwner extends TestUser {
  businessId: string;
}

/** Password stored for the test users, should a test also want to sign in through Auth. */
export const TEST_PASSWORD = "rahasia-uji-123";

export function uniqueEmail(label = "user"): string {
  return `${label}-${randomUUID().slice(0, 8)}@test.local`;
}

/** A valid Indonesian mobile number in E.164 (+62 812 xxxx xxxx). */
export function randomWhatsapp(): string {
  return `+62812${String(randomInt(10_000_000, 99_999_999))}`;
}

const CLIENT_OPTIONS = { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } };

/** Inserts the auth.users row like the Auth service does; the registration trigger runs. Throws its error. */
export async function insertAuthUser(email: string, data: RegistrationData): Promise<string> {
  const id = randomUUID();
  await sql(
    `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
       raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
     values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2,
       extensions.crypt($3, extensions.gen_salt('bf', 4)), now(),
       '{"provider": "email", "providers": ["email"]}', $4, now(), now())`,
    [id, email, TEST_PASSWORD, JSON.stringify(data)],
  );
  return id;
}

/** A session for an existing auth user: a signed access token and clients carrying it. */
export async function sessionFor(id: string, email: string): Promise<TestUser> {
  const env = await testEnv();
  const now = Math.floor(Date.now() / 1000);
  const accessToken = await new SignJWT({ sub: id, role: "authenticated", aud: "authenticated", email })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(new TextEncoder().encode(env.jwtSecret));
  const options = { ...CLIENT_OPTIONS, global: { headers: { Authorization: `Bearer ${accessToken}` } } };
  return {
    id,
    email,
    accessToken,
    client: createClient<Database>(env.url, env.anonKey, options),
    rest: createClient(env.url, env.anonKey, options),
  };
}

/** Registers a user with the given sign-up data and returns their session. */
export async function createUser(data: RegistrationData, email = uniqueEmail()): Promise<TestUser> {
  return sessionFor(await insertAuthUser(email, data), email);
}

/** Registers a new owner together with their business, the way the sign-up form does. */
export async function registerOwner(label: string): Promise<TestOwner> {
  const user = await createUser(
    { full_name: `Pemilik ${label}`, business_name: `Usaha ${label} ${randomUUID().slice(0, 6)}`, whatsapp: randomWhatsapp() },
    uniqueEmail(label),
  );
  const { business_id } = await sqlOne<{ business_id: string }>(
    "select business_id from public.business_members where user_id = $1 and role = 'owner'",
    [user.id],
  );
  return { ...user, businessId: business_id };
}

/** Invites a new person through the owner's session and registers them with the invitation token. */
export async function addMember(owner: TestOwner, role: Exclude<BusinessRole, "owner">, label: string): Promise<TestUser> {
  const email = uniqueEmail(label);
  const { data, error } = await owner.client.rpc("invite_member", {
    p_business_id: owner.businessId,
    p_email: email,
    p_role: role,
  });
  const token = data?.[0]?.token;
  if (error || !token) throw new Error(`invite_member failed: ${error?.message ?? "no token"}`);
  return createUser({ full_name: `Anggota ${label}`, invitation_token: token }, email);
}

/** Platform roles are granted with SQL only (never through the API), exactly like this. */
export async function grantSuperAdmin(userId: string): Promise<void> {
  await sql("insert into public.platform_roles (user_id) values ($1) on conflict (user_id) do nothing", [userId]);
}

/** A client with only the anon key: a visitor who is not signed in. */
export async function anonClient(): Promise<SupabaseClient> {
  const env = await testEnv();
  return createClient(env.url, env.anonKey, CLIENT_OPTIONS);
}
