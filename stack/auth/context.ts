/** What route handlers receive, and GoTrue's requireAuthentication / requireAdminCredentials. */
import type pg from "pg";
import { badRequest, forbidden, HttpError } from "./errors";
import type { AuthRequest } from "./http";
import { verifyJwt, type AccessClaims } from "./jwt";
import type { Mailer } from "./mail";
import type { RateLimiter } from "./ratelimit";
import { findSession, type SessionRecord } from "./sessions";
import type { AuthSettings } from "./settings";
import { findUserById, isBanned, type UserRecord } from "./users";

export interface AuthDeps {
  pool: pg.Pool;
  settings: AuthSettings;
  mailer: Mailer;
  limiter: RateLimiter;
  log: (line: string) => void;
}

export interface UserContext {
  claims: AccessClaims;
  user: UserRecord;
  session: SessionRecord | null;
}

/** Roles GoTrue treats as administrators (GOTRUE_JWT_ADMIN_ROLES default). */
const ADMIN_ROLES = ["service_role", "supabase_admin"];
const NIL_UUID = "00000000-0000-0000-0000-000000000000";
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function bearerToken(ar: AuthRequest): string {
  const m = /^(?:B|b)earer (\S+)$/.exec(ar.header("authorization") ?? "");
  if (!m?.[1]) throw new HttpError(401, "no_authorization", "This endpoint requires a valid Bearer token");
  return m[1];
}

async function loadUserAndSession(deps: AuthDeps, claims: AccessClaims): Promise<UserContext> {
  const sub = claims.sub ?? "";
  if (sub === "") throw forbidden("bad_jwt", "invalid claim: missing sub claim");
  if (!UUID_RE.test(sub)) throw badRequest("bad_jwt", "invalid claim: sub claim must be a UUID");
  const user = await findUserById(deps.pool, sub);
  if (!user) throw forbidden("user_not_found", "User from sub claim in JWT does not exist");
  let session: SessionRecord | null = null;
  const sid = claims.session_id ?? "";
  if (sid !== "" && sid !== NIL_UUID) {
    if (!UUID_RE.test(sid)) throw forbidden("bad_jwt", "invalid claim: session_id claim must be a UUID");
    session = await findSession(deps.pool, sid);
    if (!session) throw forbidden("session_not_found", "Session from session_id claim in JWT does not exist");
  }
  return { claims, user, session };
}

export async function requireAuthentication(ar: AuthRequest, deps: AuthDeps): Promise<UserContext> {
  const claims = await verifyJwt(deps.settings.verifier, bearerToken(ar));
  const ctx = await loadUserAndSession(deps, claims);
  if (isBanned(ctx.user)) throw forbidden("user_banned", "User is banned");
  return ctx;
}

/** Admin endpoints want a bearer JWT whose role is an admin role (the service_role key). */
export async function requireAdmin(ar: AuthRequest, deps: AuthDeps): Promise<AccessClaims> {
  const claims = await verifyJwt(deps.settings.verifier, bearerToken(ar));
  const sid = claims.session_id ?? "";
  if (sid !== "" && sid !== NIL_UUID) {
    // A user JWT remains parseable after logout; GoTrue re-checks its session first.
    const ctx = await loadUserAndSession(deps, claims);
    if (ctx.session?.not_after && ctx.session.not_after.getTime() < Date.now()) {
      throw forbidden("session_expired", "Session is no longer valid");
    }
  }
  if (!claims.role || !ADMIN_ROLES.includes(claims.role)) throw forbidden("not_admin", "User not allowed");
  return claims;
}
