/**
 * /verify. POST (verifyOtp) answers with a session. GET is the link clicked in an e-mail: it
 * redirects to redirect_to with the session in the URL fragment (implicit flow), with
 * `?code=` for PKCE tokens (`pkce_` prefix), or with the error in the fragment.
 */
import type { AuthDeps } from "../context";
import { withTransaction } from "../db";
import { badRequest, forbidden, HttpError, unprocessable } from "../errors";
import { redirect, sendJson, type AuthRequest } from "../http";
import { PKCE_PREFIX, tokenHash } from "../otp";
import { readParams } from "../params";
import { issueAuthCode } from "../pkce";
import { clientInfo, issueSession, type TokenResponse } from "../sessions";
import { syncProviders } from "../users";
import { resolveRedirect, validateEmail } from "../validation";
import {
  applyVerification,
  authMethodFor,
  parseVerifyType,
  userFromEmailAndToken,
  userFromTokenHash,
  type VerifyType,
} from "../verifyTokens";

function requireType(raw: string): VerifyType {
  if (raw === "") throw badRequest("validation_failed", "Verify requires a verification type");
  const type = parseVerifyType(raw);
  // sms / phone_change exist in GoTrue, but phone auth is disabled on this project.
  if (!type) throw badRequest("validation_failed", "Unsupported verification type");
  return type;
}

export async function verifyPost(ar: AuthRequest, deps: AuthDeps): Promise<void> {
  deps.limiter.check(ar, "verify");
  const p = await readParams(ar, "VerifyParams");
  const type = requireType(p.str("type"));
  const token = p.str("token");
  let hash = p.str("token_hash");
  const email = p.str("email");
  const phone = p.str("phone");
  if ((token === "" && hash === "") || (token !== "" && hash !== "")) {
    throw badRequest("validation_failed", "Verify requires either a token or a token hash");
  }
  let normalizedEmail = "";
  if (token !== "") {
    if (phone !== "" && email === "") throw forbidden("otp_expired", "Token has expired or is invalid");
    if (!(phone === "" && email !== "")) {
      throw badRequest("validation_failed", "Only an email address or phone number should be provided on verify");
    }
    try {
      normalizedEmail = validateEmail(email);
    } catch {
      throw unprocessable("validation_failed", "Invalid email format");
    }
    hash = tokenHash(normalizedEmail, token);
  } else if (email !== "" || phone !== "" || p.str("redirect_to") !== "") {
    throw badRequest("validation_failed", "Only the token_hash and type should be provided");
  }

  const response = await withTransaction(deps.pool, async (tx) => {
    const verified =
      token === ""
        ? await userFromTokenHash(tx, deps.settings, type, hash)
        : await userFromEmailAndToken(tx, deps.settings, type, normalizedEmail, hash);
    await applyVerification(tx, verified);
    await syncProviders(tx, verified.user.id);
    return issueSession(tx, deps.settings, verified.user, "otp", clientInfo(ar));
  });
  sendJson(ar, 200, response);
}

/** GoTrue's oauthErrorMap, used for the `error` parameter of failed-link redirects. */
const OAUTH_ERRORS: Record<number, string> = {
  400: "invalid_request",
  401: "unauthorized_client",
  403: "access_denied",
  500: "server_error",
  503: "temporarily_unavailable",
};

function errorRedirect(redirectTo: string, err: HttpError, pkce: boolean): string {
  const url = new URL(redirectTo);
  const fragment = new URLSearchParams();
  const oauth = OAUTH_ERRORS[err.status];
  if (oauth) fragment.set("error", oauth);
  fragment.set("error_code", err.errorCode);
  fragment.set("error_description", err.message);
  if (pkce) {
    if (oauth) url.searchParams.set("error", oauth);
    url.searchParams.set("error_code", err.errorCode);
    url.searchParams.set("error_description", err.message);
  }
  fragment.set("sb", "");
  url.hash = sortedParams(fragment);
  return url.toString();
}

/** Go's url.Values.Encode sorts keys; keep the same order so redirect URLs look alike. */
function sortedParams(params: URLSearchParams): string {
  const sorted = new URLSearchParams([...params.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return sorted.toString();
}

function sessionRedirect(redirectTo: string, token: TokenResponse, type: string): string {
  const fragment = new URLSearchParams({
    access_token: token.access_token,
    expires_at: String(token.expires_at),
    expires_in: String(token.expires_in),
    refresh_token: token.refresh_token,
    sb: "",
    token_type: token.token_type,
    type,
  });
  return `${redirectTo}#${sortedParams(fragment)}`;
}

export async function verifyGet(ar: AuthRequest, deps: AuthDeps): Promise<void> {
  deps.limiter.check(ar, "verify");
  const token = ar.query.get("token") ?? "";
  const type = requireType(ar.query.get("type") ?? "");
  const redirectTo = resolveRedirect(deps.settings, ar.query.get("redirect_to"), ar.header("referer"));
  if (token === "") throw badRequest("validation_failed", "Verify requires a token or a token hash");
  const pkce = token.startsWith(PKCE_PREFIX);

  let location: string;
  try {
    location = await withTransaction(deps.pool, async (tx) => {
      const verified = await userFromTokenHash(tx, deps.settings, type, token);
      await applyVerification(tx, verified);
      await syncProviders(tx, verified.user.id);
      if (pkce) {
        let code: string;
        try {
          code = await issueAuthCode(tx, verified.user.id, authMethodFor(type));
        } catch (err) {
          const detail = err instanceof Error ? err.message : String(err);
          throw badRequest("flow_state_not_found", `No associated flow state found. ${detail}`);
        }
        const url = new URL(redirectTo);
        url.searchParams.set("code", code);
        return url.toString();
      }
      const session = await issueSession(tx, deps.settings, verified.user, "otp", clientInfo(ar));
      return sessionRedirect(redirectTo, session, type);
    });
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    location = errorRedirect(redirectTo, err, pkce);
  }
  redirect(ar, location);
}
