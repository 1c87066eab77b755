/** POST /token: grant_type=password | refresh_token | pkce. */
import { withTransaction } from "../db";
import { badRequest, unprocessable } from "../errors";
import type { AuthDeps } from "../context";
import { sendJson, type AuthRequest } from "../http";
import { readParams } from "../params";
import { pkceGrant } from "../pkce";
import { refreshTokenGrant } from "../refresh";
import { clientInfo, issueSession } from "../sessions";
import { findUserByEmail, hasPassword, isBanned, isConfirmed, passwordMatches } from "../users";
import { weakPasswordInfo } from "../validation";

const INVALID_LOGIN = "Invalid login credentials";

async function passwordGrant(ar: AuthRequest, deps: AuthDeps): Promise<void> {
  const p = await readParams(ar, "PasswordGrantParams");
  const email = p.str("email");
  const phone = p.str("phone");
  const password = p.str("password");
  if (email !== "" && phone !== "") {
    throw badRequest("validation_failed", "Only an email address or phone number should be provided on login.");
  }
  if (email === "" && phone !== "") throw unprocessable("phone_provider_disabled", "Phone logins are disabled");
  if (email === "") throw badRequest("validation_failed", "missing email or phone");

  const user = await findUserByEmail(deps.pool, email);
  if (!user || !hasPassword(user)) throw badRequest("invalid_credentials", INVALID_LOGIN);
  if (isBanned(user)) throw badRequest("user_banned", "User is banned");
  if (!(await passwordMatches(deps.pool, user.id, password))) throw badRequest("invalid_credentials", INVALID_LOGIN);
  if (!isConfirmed(user)) throw badRequest("email_not_confirmed", "Email not confirmed");

  const response = await withTransaction(deps.pool, (tx) => issueSession(tx, deps.settings, user, "password", clientInfo(ar)));
  // GoTrue signs the user in but flags a password that no longer meets the policy.
  const weak = weakPasswordInfo(deps.settings, password);
  sendJson(ar, 200, weak ? { ...response, weak_password: weak } : response);
}

export async function token(ar: AuthRequest, deps: AuthDeps): Promise<void> {
  const grantType = ar.query.get("grant_type") ?? "";
  switch (grantType) {
    case "password":
      deps.limiter.check(ar, "token");
      return passwordGrant(ar, deps);
    case "refresh_token": {
      deps.limiter.check(ar, "token");
      const p = await readParams(ar, "RefreshTokenGrantParams");
      sendJson(ar, 200, await refreshTokenGrant(deps.pool, deps.settings, ar, p.str("refresh_token")));
      return;
    }
    case "pkce": {
      deps.limiter.check(ar, "token");
      const p = await readParams(ar, "PKCEGrantParams");
      sendJson(ar, 200, await pkceGrant(deps.pool, deps.settings, ar, p.str("auth_code"), p.str("code_verifier")));
      return;
    }
    default:
      throw badRequest("invalid_credentials", "unsupported_grant_type");
  }
}
