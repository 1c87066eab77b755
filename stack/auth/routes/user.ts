/** GET /user, PUT /user and POST /logout: endpoints acting on the signed-in user's own session. */
import { withTransaction } from "../db";
import { badRequest, forbidden, internalError, unprocessable } from "../errors";
import { requireAuthentication, type AuthDeps } from "../context";
import { sendEmpty, sendJson, type AuthRequest } from "../http";
import { emailChangeMail } from "../mail";
import { assertSendFrequency, generateOtp, tokenHash, withFlowPrefix } from "../otp";
import { readParams } from "../params";
import { createFlowState } from "../pkce";
import { userJson } from "../userJson";
import {
  DEFAULT_AUD,
  findDuplicateEmailOwner,
  findUserById,
  hasPassword,
  mergeAppMetadata,
  mergeUserMetadata,
  passwordMatches,
  setPassword,
} from "../users";
import { assertDeliverable, checkPasswordStrength, resolveRedirect, validateEmail, validatePkceParams } from "../validation";

export async function getUser(ar: AuthRequest, deps: AuthDeps): Promise<void> {
  const { claims, user } = await requireAuthentication(ar, deps);
  const aud = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
  if (!aud || aud !== DEFAULT_AUD) throw badRequest("validation_failed", "Token audience doesn't match request audience");
  sendJson(ar, 200, userJson(user));
}

export async function updateUser(ar: AuthRequest, deps: AuthDeps): Promise<void> {
  const { pool, settings } = deps;
  const { user, session } = await requireAuthentication(ar, deps);
  deps.limiter.check(ar, "otp");
  const p = await readParams(ar, "UserUpdateParams");
  const password = p.optStr("password");
  const data = p.obj("data");
  const appData = p.obj("app_metadata");
  const codeChallenge = p.str("code_challenge");
  const codeChallengeMethod = p.str("code_challenge_method");
  let email = p.str("email");
  if (email !== "") email = validateEmail(email);
  if (p.str("phone") !== "") throw badRequest("phone_provider_disabled", "Phone signups are disabled");
  if (password !== null) checkPasswordStrength(settings, password);
  // GoTrue only lets users in its legacy "admin" group touch app_metadata through /user.
  if (appData !== null && user.role !== "admin") {
    throw forbidden("not_admin", "Updating app_metadata requires admin privileges");
  }
  const changingEmail = email !== "" && email !== user.email;
  if (changingEmail && (await findDuplicateEmailOwner(pool, email, user.aud ?? DEFAULT_AUD, user.id))) {
    throw unprocessable("email_exists", "A user with this email address has already been registered");
  }
  if (password !== null && password !== "" && hasPassword(user) && (await passwordMatches(pool, user.id, password))) {
    throw unprocessable("same_password", "New password should be different from the old password.");
  }
  if (changingEmail) validatePkceParams(codeChallengeMethod, codeChallenge);

  await withTransaction(pool, async (tx) => {
    if (password !== null) {
      try {
        await setPassword(tx, user.id, password, session?.id ?? null);
      } catch (err) {
        throw internalError("Error during password storage", err);
      }
    }
    if (data !== null) await mergeUserMetadata(tx, user.id, data);
    if (appData !== null) await mergeAppMetadata(tx, user.id, appData);
    if (changingEmail) {
      // Single confirmation to the new address (hosted's "secure email change" is not modelled).
      assertSendFrequency(user.email_change_sent_at, settings.emailMaxFrequencySeconds);
      assertDeliverable(settings, email);
      const otp = generateOtp(settings.otpLength);
      const pkce = codeChallenge !== "";
      const hash = withFlowPrefix(tokenHash(email, otp), pkce);
      if (pkce) {
        await createFlowState(tx, { userId: user.id, method: "email_change", providerType: "email_change", codeChallenge, codeChallengeMethod });
      }
      const redirectTo = resolveRedirect(settings, ar.query.get("redirect_to"), ar.header("referer"));
      try {
        await deps.mailer.send(tx, emailChangeMail(settings, { to: email, tokenHash: hash, otp, redirectTo }));
      } catch (err) {
        throw internalError("Error sending email change email", err);
      }
      await tx.query(
        `update auth.users set email_change = $2, email_change_token_new = $3, email_change_token_current = '',
            email_change_sent_at = now(), email_change_confirm_status = 0, updated_at = now() where id = $1`,
        [user.id, email, hash],
      );
    }
  });
  const updated = await findUserById(pool, user.id);
  if (!updated) throw internalError("Error updating user");
  sendJson(ar, 200, userJson(updated));
}

export async function logout(ar: AuthRequest, deps: AuthDeps): Promise<void> {
  const { user, session } = await requireAuthentication(ar, deps);
  const scope = ar.query.get("scope") ?? "";
  if (!["", "global", "local", "others"].includes(scope)) {
    throw badRequest("validation_failed", `Unsupported logout scope "${scope}"`);
  }
  try {
    if (session && scope === "local") {
      await deps.pool.query("delete from auth.sessions where id = $1", [session.id]);
    } else if (session && scope === "others") {
      await deps.pool.query("delete from auth.sessions where user_id = $1 and id <> $2", [user.id, session.id]);
    } else {
      await deps.pool.query("delete from auth.sessions where user_id = $1", [user.id]);
    }
  } catch (err) {
    throw internalError("Error logging out user", err);
  }
  sendEmpty(ar, 204);
}
