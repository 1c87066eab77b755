/**
 * PKCE: @supabase/ssr clients default to flowType 'pkce', so recovery/invite requests carry
 * a code challenge. GoTrue then remembers a flow state; clicking GoTrue's own /verify link
 * redirects with `?code=`, which the app exchanges (grant_type=pkce) with its code verifier.
 */
import crypto from "node:crypto";
import type pg from "pg";
import { withTransaction, type Db } from "./db";
import { badRequest, HttpError, notFound, unprocessable } from "./errors";
import type { AuthRequest } from "./http";
import { clientInfo, issueSession, type AuthMethod, type TokenResponse } from "./sessions";
import type { AuthSettings } from "./settings";
import { findUserById } from "./users";

interface FlowStateRow {
  id: string;
  user_id: string | null;
  auth_code: string | null;
  code_challenge: string | null;
  code_challenge_method: string | null;
  authentication_method: string;
  created_at: Date;
  auth_code_issued_at: Date | null;
}

export async function createFlowState(
  db: Db,
  p: { userId: string; method: AuthMethod; providerType: string; codeChallenge: string; codeChallengeMethod: string },
): Promise<void> {
  await db.query(
    `insert into auth.flow_state (id, user_id, auth_code, code_challenge_method, code_challenge, provider_type,
        provider_access_token, provider_refresh_token, created_at, updated_at, authentication_method)
     values ($1, $2, $3, $4, $5, $6, '', '', now(), now(), $7)`,
    [crypto.randomUUID(), p.userId, crypto.randomUUID(), p.codeChallengeMethod.toLowerCase(), p.codeChallenge, p.providerType, p.method],
  );
}

/** GoTrue's issueAuthCode: the user's latest flow state for this method hands out its code. */
export async function issueAuthCode(db: Db, userId: string, method: AuthMethod): Promise<string> {
  const { rows } = await db.query<FlowStateRow>(
    `select id, auth_code, code_challenge from auth.flow_state
      where user_id = $1 and authentication_method = $2 order by created_at desc limit 1`,
    [userId, method],
  );
  const flow = rows[0];
  if (!flow) throw unprocessable("flow_state_not_found", "No valid flow state found for user.");
  if (!flow.code_challenge || !flow.auth_code) {
    throw unprocessable("flow_state_not_found", "Flow state does not have an auth code (not a PKCE flow).");
  }
  await db.query("update auth.flow_state set auth_code_issued_at = now(), updated_at = now() where id = $1", [flow.id]);
  return flow.auth_code;
}

function verifierMatches(challenge: string, method: string, verifier: string): boolean {
  const expected =
    method.toLowerCase() === "s256" ? crypto.createHash("sha256").update(verifier).digest("base64url") : verifier;
  const a = Buffer.from(challenge);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

const AUTH_METHODS: readonly AuthMethod[] = ["password", "otp", "recovery", "invite", "magiclink", "email/signup", "email_change"];

export async function pkceGrant(
  pool: pg.Pool,
  settings: AuthSettings,
  ar: AuthRequest,
  authCode: string,
  codeVerifier: string,
): Promise<TokenResponse> {
  if (authCode === "" || codeVerifier === "") {
    throw badRequest("validation_failed", "invalid request: both auth code and code verifier should be non-empty");
  }
  return withTransaction(pool, async (tx) => {
    const { rows } = await tx.query<FlowStateRow>(
      `select id, user_id, auth_code, code_challenge, code_challenge_method, authentication_method, created_at,
              auth_code_issued_at
         from auth.flow_state where auth_code = $1 for update`,
      [authCode],
    );
    const flow = rows[0];
    if (!flow || !flow.user_id) throw notFound("flow_state_not_found", "invalid flow state, no valid flow state found");
    const start = flow.authentication_method === "magiclink" && flow.auth_code_issued_at ? flow.auth_code_issued_at : flow.created_at;
    if (Date.now() > start.getTime() + settings.flowStateExpirySeconds * 1000) {
      throw unprocessable("flow_state_expired", "invalid flow state, flow state has expired");
    }
    const user = await findUserById(tx, flow.user_id);
    if (!user) throw new HttpError(500, "unexpected_failure", "User not found");
    if (!flow.code_challenge || !flow.code_challenge_method) {
      throw badRequest("bad_code_verifier", "PKCE verification not applicable for implicit flow");
    }
    if (!verifierMatches(flow.code_challenge, flow.code_challenge_method, codeVerifier)) {
      throw badRequest("bad_code_verifier", "code challenge does not match previously saved code verifier");
    }
    const method = AUTH_METHODS.find((m) => m === flow.authentication_method) ?? "otp";
    const response = await issueSession(tx, settings, user, method, clientInfo(ar));
    await tx.query("delete from auth.flow_state where id = $1", [flow.id]);
    return response;
  });
}
