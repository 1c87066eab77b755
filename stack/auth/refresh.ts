/**
 * grant_type=refresh_token with GoTrue's rotation rules for legacy refresh tokens:
 * - each use revokes the token and issues a child (parent = old token);
 * - re-presenting the parent of the active token returns the active token (the client
 *   probably lost the previous response);
 * - re-presenting any other revoked token within the reuse interval is tolerated
 *   (concurrent tabs); after it, the whole session's tokens are revoked and the request
 *   fails with refresh_token_already_used.
 * The token row and its session are locked for the whole exchange, so concurrent
 * refreshes of one token serialise instead of forking the chain.
 */
import type pg from "pg";
import { CommitWithError, withTransaction } from "./db";
import { badRequest } from "./errors";
import { clientInfo, findSession, insertRefreshToken, tokenResponseFor, type TokenResponse } from "./sessions";
import type { AuthRequest } from "./http";
import type { AuthSettings } from "./settings";
import { findUserById, isBanned } from "./users";

interface RefreshTokenRow {
  id: string;
  token: string;
  user_id: string;
  revoked: boolean;
  parent: string | null;
  session_id: string | null;
  updated_at: Date;
}

/** GoTrue accepts 12-character legacy tokens and longer v2 tokens; only the former exist here. */
export function validateRefreshTokenFormat(token: string): void {
  if (!/^[a-z0-9]{12}$/.test(token)) throw badRequest("validation_failed", "Refresh token is not valid");
}

export async function refreshTokenGrant(
  pool: pg.Pool,
  settings: AuthSettings,
  ar: AuthRequest,
  presented: string,
): Promise<TokenResponse> {
  validateRefreshTokenFormat(presented);
  return withTransaction(pool, async (tx) => {
    const { rows } = await tx.query<RefreshTokenRow>(
      `select id, token, user_id, revoked, parent, session_id, updated_at
         from auth.refresh_tokens where token = $1 for update`,
      [presented],
    );
    const token = rows[0];
    const notFound = badRequest("refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found");
    if (!token) throw notFound;
    const user = await findUserById(tx, token.user_id);
    if (!user) throw notFound;
    if (isBanned(user)) throw badRequest("user_banned", "Invalid Refresh Token: User Banned");

    const session = token.session_id ? await findSession(tx, token.session_id, true) : null;
    if (!session) {
      // A token without a live session can never be used again; GoTrue deletes it.
      await tx.query("delete from auth.refresh_tokens where id = $1", [token.id]);
      throw new CommitWithError(badRequest("session_not_found", "Invalid Refresh Token: No Valid Session Found"));
    }
    if (session.not_after && session.not_after.getTime() < Date.now()) {
      throw badRequest("session_expired", "Invalid Refresh Token: Session Expired");
    }

    let issued: string | null = null;
    if (token.revoked) {
      const { rows: active } = await tx.query<{ token: string; parent: string | null }>(
        `select token, parent from auth.refresh_tokens
          where session_id = $1 and revoked = false order by id desc limit 1`,
        [session.id],
      );
      if (active[0] && active[0].parent === token.token) {
        issued = active[0].token;
      } else {
        const reuseUntil = token.updated_at.getTime() + settings.refreshTokenReuseIntervalSeconds * 1000;
        if (Date.now() > reuseUntil) {
          await tx.query(
            "update auth.refresh_tokens set revoked = true, updated_at = now() where session_id = $1 and revoked = false",
            [session.id],
          );
          throw new CommitWithError(badRequest("refresh_token_already_used", "Invalid Refresh Token: Already Used"));
        }
      }
    }
    if (issued === null) {
      await tx.query("update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1", [token.id]);
      issued = await insertRefreshToken(tx, user.id, session.id, token.token);
    }
    const client = clientInfo(ar);
    await tx.query(
      `update auth.sessions set refreshed_at = timezone('utc', now()), updated_at = now(), user_agent = $2, ip = $3::inet
        where id = $1`,
      [session.id, client.userAgent, client.ip],
    );
    return tokenResponseFor(tx, settings, user.id, session.id, issued);
  });
}
