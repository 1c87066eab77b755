/**
 * Sessions, refresh tokens and access tokens, modelled on GoTrue's legacy (v1) refresh
 * tokens: a 12-character token per rotation in auth.refresh_tokens, chained by `parent`,
 * all tied to one auth.sessions row. Authentication methods go to auth.mfa_amr_claims and
 * come back as the `amr` claim.
 */
import crypto from "node:crypto";
import net from "node:net";
import type { Db } from "./db";
import { internalError } from "./errors";
import type { AuthRequest } from "./http";
import { signAccessToken, type AmrEntry } from "./jwt";
import type { AuthSettings } from "./settings";
import { userJson } from "./userJson";
import { findUserById, type UserRecord } from "./users";

/** GoTrue's AuthenticationMethod strings as stored in mfa_amr_claims. */
export type AuthMethod = "password" | "otp" | "recovery" | "invite" | "magiclink" | "email/signup" | "email_change";

export interface SessionRecord {
  id: string;
  user_id: string;
  created_at: Date;
  not_after: Date | null;
  aal: string | null;
}

export interface TokenResponse {
  access_token: string;
  token_type: "bearer";
  expires_in: number;
  expires_at: number;
  refresh_token: string;
  user: Record<string, unknown>;
  weak_password?: { message: string; reasons: string[] };
}

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/** GoTrue's crypto.SecureAlphanumeric(12): lower-case base32 of random bytes. */
export function newRefreshToken(): string {
  const bytes = crypto.randomBytes(12);
  let out = "";
  for (const b of bytes) out += BASE32[b & 31];
  return out;
}

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export const clientInfo = (ar: AuthRequest): ClientInfo => ({
  ip: ar.ip && net.isIP(ar.ip) ? ar.ip : null,
  userAgent: ar.userAgent,
});

export async function findSession(db: Db, id: string, forUpdate = false): Promise<SessionRecord | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const { rows } = await db.query<SessionRecord>(
    `select id, user_id, created_at, not_after, aal from auth.sessions where id = $1${forUpdate ? " for update" : ""}`,
    [id],
  );
  return rows[0] ?? null;
}

/** Upsert the claim so a repeated method only refreshes its timestamp (GoTrue's AddClaimToSession). */
export async function addAmrClaim(db: Db, sessionId: string, method: AuthMethod): Promise<void> {
  await db.query(
    `insert into auth.mfa_amr_claims (id, session_id, created_at, updated_at, authentication_method)
     values ($1, $2, now(), now(), $3)
     on conflict on constraint mfa_amr_claims_session_id_authentication_method_pkey do update set updated_at = now()`,
    [crypto.randomUUID(), sessionId, method],
  );
}

async function amrFor(db: Db, sessionId: string): Promise<AmrEntry[]> {
  const { rows } = await db.query<{ method: string; ts: string }>(
    `select authentication_method as method, floor(extract(epoch from updated_at))::bigint as ts
       from auth.mfa_amr_claims where session_id = $1 order by updated_at desc`,
    [sessionId],
  );
  return rows.map((r) => ({ method: r.method, timestamp: Number(r.ts) }));
}

export async function insertRefreshToken(db: Db, userId: string, sessionId: string, parent: string | null): Promise<string> {
  const token = newRefreshToken();
  await db.query(
    `insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
     values ('00000000-0000-0000-0000-000000000000', $1, $2, false, now(), now(), $3, $4)`,
    [token, userId, parent, sessionId],
  );
  // GoTrue stamps last_sign_in_at whenever it hands out a refresh token, rotations included.
  await db.query("update auth.users set last_sign_in_at = now(), updated_at = now() where id = $1", [userId]);
  return token;
}

/** Build the token response for an existing session (the user is re-read so it is current). */
export async function tokenResponseFor(
  db: Db,
  settings: AuthSettings,
  userId: string,
  sessionId: string,
  refreshToken: string,
): Promise<TokenResponse> {
  const user = await findUserById(db, userId);
  if (!user) throw internalError("Database error loading user after sign-in");
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + settings.jwtExpirySeconds;
  const accessToken = await signAccessToken({
    issuer: settings.issuer,
    key: settings.signingKey,
    userId: user.id,
    aud: user.aud ?? "",
    iat,
    exp,
    email: user.email ?? "",
    phone: user.phone ?? "",
    appMetadata: user.raw_app_meta_data ?? {},
    userMetadata: user.raw_user_meta_data ?? {},
    role: user.role ?? "",
    aal: "aal1",
    amr: await amrFor(db, sessionId),
    sessionId,
    isAnonymous: user.is_anonymous,
  });
  return {
    access_token: accessToken,
    token_type: "bearer",
    expires_in: exp - iat,
    expires_at: exp,
    refresh_token: refreshToken,
    user: userJson(user),
  };
}

/** GoTrue's IssueRefreshToken: a new session with its first refresh token and an access token. */
export async function issueSession(
  db: Db,
  settings: AuthSettings,
  user: UserRecord,
  method: AuthMethod,
  client: ClientInfo,
): Promise<TokenResponse> {
  const sessionId = crypto.randomUUID();
  await db.query(
    `insert into auth.sessions (id, user_id, created_at, updated_at, aal, user_agent, ip)
     values ($1, $2, now(), now(), 'aal1', $3, $4::inet)`,
    [sessionId, user.id, client.userAgent, client.ip],
  );
  const refreshToken = await insertRefreshToken(db, user.id, sessionId, null);
  await addAmrClaim(db, sessionId, method);
  return tokenResponseFor(db, settings, user.id, sessionId, refreshToken);
}
