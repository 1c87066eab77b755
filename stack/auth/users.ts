/**
 * auth.users / auth.identities access, with GoTrue's semantics: e-mails stored lower-case,
 * bcrypt hashes made by pgcrypto inside Postgres, metadata updates merged key by key
 * (a null value deletes the key), every write bumping updated_at.
 */
import crypto from "node:crypto";
import type { Db } from "./db";
import type { JsonObject } from "./params";

export const DEFAULT_AUD = "authenticated";
export const DEFAULT_ROLE = "authenticated";

export interface IdentityRecord {
  id: string;
  provider_id: string;
  user_id: string;
  identity_data: JsonObject;
  provider: string;
  last_sign_in_at: Date | null;
  created_at: Date;
  updated_at: Date;
  email: string | null;
}

export interface UserRecord {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  invited_at: Date | null;
  confirmation_token: string | null;
  confirmation_sent_at: Date | null;
  recovery_token: string | null;
  recovery_sent_at: Date | null;
  email_change: string | null;
  email_change_token_new: string | null;
  email_change_sent_at: Date | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: JsonObject | null;
  raw_user_meta_data: JsonObject | null;
  phone: string | null;
  phone_confirmed_at: Date | null;
  banned_until: Date | null;
  deleted_at: Date | null;
  is_anonymous: boolean;
  created_at: Date;
  updated_at: Date;
  identities: IdentityRecord[];
}

const USER_COLUMNS = `id, aud, role, email, encrypted_password, email_confirmed_at, invited_at, confirmation_token,
  confirmation_sent_at, recovery_token, recovery_sent_at, email_change, email_change_token_new, email_change_sent_at,
  last_sign_in_at, raw_app_meta_data, raw_user_meta_data, phone, phone_confirmed_at, banned_until, deleted_at,
  is_anonymous, created_at, updated_at`;

type UserRow = Omit<UserRecord, "identities">;

async function withIdentities(db: Db, rows: UserRow[]): Promise<UserRecord[]> {
  if (rows.length === 0) return [];
  const { rows: ids } = await db.query<IdentityRecord>(
    `select id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at, email
       from auth.identities where user_id = any($1::uuid[]) order by created_at, id`,
    [rows.map((r) => r.id)],
  );
  return rows.map((r) => ({ ...r, identities: ids.filter((i) => i.user_id === r.id) }));
}

async function findOne(db: Db, where: string, args: unknown[]): Promise<UserRecord | null> {
  const { rows } = await db.query<UserRow>(`select ${USER_COLUMNS} from auth.users where ${where} limit 1`, args);
  const [user] = await withIdentities(db, rows);
  return user ?? null;
}

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

export function findUserById(db: Db, id: string): Promise<UserRecord | null> {
  if (!isUuid(id)) return Promise.resolve(null);
  return findOne(db, "id = $1", [id]);
}

export function findUserByEmail(db: Db, email: string, aud = DEFAULT_AUD): Promise<UserRecord | null> {
  return findOne(db, "lower(email) = lower($1) and aud = $2", [email, aud]);
}

export function findUserByRecoveryToken(db: Db, tokenHash: string): Promise<UserRecord | null> {
  return findOne(db, "recovery_token = $1", [tokenHash]);
}

export function findUserByConfirmationToken(db: Db, tokenHash: string): Promise<UserRecord | null> {
  return findOne(db, "confirmation_token = $1", [tokenHash]);
}

export function findUserByEmailChangeToken(db: Db, tokenHash: string): Promise<UserRecord | null> {
  return findOne(db, "email_change_token_new = $1 or email_change_token_current = $1", [tokenHash]);
}

export async function listUsers(db: Db, aud: string, page: number, perPage: number): Promise<{ users: UserRecord[]; total: number }> {
  const { rows: countRows } = await db.query<{ n: string }>("select count(*) as n from auth.users where aud = $1", [aud]);
  const { rows } = await db.query<UserRow>(
    `select ${USER_COLUMNS} from auth.users where aud = $1 order by created_at desc, id limit $2 offset $3`,
    [aud, perPage, (page - 1) * perPage],
  );
  return { users: await withIdentities(db, rows), total: Number(countRows[0]?.n ?? 0) };
}

/** GoTrue's IsDuplicatedEmail: an identity or user of the same audience already owns the address. */
export async function findDuplicateEmailOwner(db: Db, email: string, aud: string, exceptUserId?: string): Promise<UserRecord | null> {
  const { rows } = await db.query<{ user_id: string }>(
    "select distinct user_id from auth.identities where email = lower($1)",
    [email],
  );
  for (const { user_id } of rows) {
    if (user_id === exceptUserId) continue;
    const owner = await findUserById(db, user_id);
    if (owner && owner.aud === aud) return owner;
  }
  return findUserByEmail(db, email, aud);
}

export interface NewUser {
  id?: string;
  email: string | null;
  phone?: string | null;
  /** Plain password, hashed by pgcrypto; "" stores an empty hash (no password), like GoTrue. */
  password?: string;
  /** A ready bcrypt hash (admin `password_hash`). */
  passwordHash?: string;
  aud: string;
  role: string;
  userMetadata: JsonObject;
  appMetadata: JsonObject;
}

export async function insertUser(db: Db, u: NewUser): Promise<string> {
  const id = u.id ?? crypto.randomUUID();
  await db.query(
    `insert into auth.users (instance_id, id, aud, role, email, phone, encrypted_password, raw_app_meta_data,
        raw_user_meta_data, is_super_admin, created_at, updated_at, is_anonymous, confirmation_token, recovery_token,
        email_change, email_change_token_new, email_change_token_current, email_change_confirm_status)
     values ('00000000-0000-0000-0000-000000000000', $1, $2, $3, lower($4), $5,
        case when $6::text is not null then $6::text
             when coalesce($7::text, '') = '' then ''
             else extensions.crypt($7::text, extensions.gen_salt('bf', 10)) end,
        $8::jsonb, $9::jsonb, false, now(), now(), false, '', '', '', '', '', 0)`,
    [id, u.aud, u.role, u.email, u.phone ?? null, u.passwordHash ?? null, u.password ?? null, u.appMetadata, u.userMetadata],
  );
  return id;
}

export async function insertIdentity(db: Db, userId: string, provider: string, identityData: JsonObject): Promise<void> {
  const data: JsonObject = { ...identityData };
  if (typeof data.email === "string") data.email = data.email.toLowerCase();
  const providerId = typeof data.sub === "string" ? data.sub : userId;
  await db.query(
    `insert into auth.identities (id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
     values ($1, $2, $3, $4::jsonb, $5, now(), now(), now())`,
    [crypto.randomUUID(), providerId, userId, data, provider],
  );
}

/** Merge `data` into the identity's identity_data (GoTrue's UpdateIdentityData). */
export async function updateIdentityData(db: Db, userId: string, provider: string, data: JsonObject): Promise<boolean> {
  const { rowCount } = await db.query(
    `update auth.identities set identity_data = identity_data || $3::jsonb, updated_at = now()
      where user_id = $1 and provider = $2`,
    [userId, provider, data],
  );
  return (rowCount ?? 0) > 0;
}

function splitPatch(patch: JsonObject): { set: JsonObject; remove: string[] } {
  const set: JsonObject = {};
  const remove: string[] = [];
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) remove.push(k);
    else set[k] = v;
  }
  return { set, remove };
}

export async function mergeUserMetadata(db: Db, userId: string, patch: JsonObject): Promise<void> {
  const { set, remove } = splitPatch(patch);
  await db.query(
    `update auth.users set raw_user_meta_data = (coalesce(raw_user_meta_data, '{}'::jsonb) || $2::jsonb) - $3::text[],
        updated_at = now() where id = $1`,
    [userId, set, remove],
  );
}

export async function mergeAppMetadata(db: Db, userId: string, patch: JsonObject): Promise<void> {
  const { set, remove } = splitPatch(patch);
  await db.query(
    `update auth.users set raw_app_meta_data = (coalesce(raw_app_meta_data, '{}'::jsonb) || $2::jsonb) - $3::text[],
        updated_at = now() where id = $1`,
    [userId, set, remove],
  );
}

/** GoTrue's User.Confirm: confirm the e-mail and record email_verified in user_metadata. */
export async function confirmEmail(db: Db, userId: string): Promise<void> {
  await db.query(
    `update auth.users set email_confirmed_at = now(), confirmation_token = '', updated_at = now(),
        raw_user_meta_data = coalesce(raw_user_meta_data, '{}'::jsonb) || '{"email_verified": true}'::jsonb
      where id = $1`,
    [userId],
  );
}

/**
 * GoTrue's UpdatePassword: new hash, every pending e-mail token cleared (the old password's
 * owner may no longer be trusted), then sessions other than `keepSessionId` are ended.
 */
export async function setPassword(db: Db, userId: string, password: string, keepSessionId: string | null): Promise<void> {
  await db.query(
    `update auth.users set encrypted_password = extensions.crypt($2, extensions.gen_salt('bf', 10)),
        confirmation_token = '', confirmation_sent_at = null, recovery_token = '', recovery_sent_at = null,
        email_change_token_new = '', email_change_token_current = '', email_change_sent_at = null, updated_at = now()
      where id = $1`,
    [userId, password],
  );
  if (keepSessionId) await db.query("delete from auth.sessions where user_id = $1 and id <> $2", [userId, keepSessionId]);
  else await db.query("delete from auth.sessions where user_id = $1", [userId]);
}

export async function passwordMatches(db: Db, userId: string, password: string): Promise<boolean> {
  const { rows } = await db.query<{ ok: boolean }>(
    `select coalesce(encrypted_password, '') <> ''
        and encrypted_password = extensions.crypt($2, encrypted_password) as ok
       from auth.users where id = $1`,
    [userId, password],
  );
  return rows[0]?.ok === true;
}

export const hasPassword = (u: UserRecord) => (u.encrypted_password ?? "") !== "";
export const isConfirmed = (u: UserRecord) => u.email_confirmed_at !== null;
export const isBanned = (u: UserRecord) => u.banned_until !== null && u.banned_until.getTime() > Date.now();

/** GoTrue's UpdateAppMetaDataProviders: app_metadata.providers lists the user's identity providers. */
export async function syncProviders(db: Db, userId: string): Promise<void> {
  const { rows } = await db.query<{ provider: string }>(
    "select distinct provider from auth.identities where user_id = $1 order by provider",
    [userId],
  );
  const providers = rows.map((r) => r.provider);
  const patch: JsonObject = { providers };
  if (providers[0] !== undefined) patch.provider = providers[0];
  await mergeAppMetadata(db, userId, patch);
}
