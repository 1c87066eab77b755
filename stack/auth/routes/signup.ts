/**
 * POST /signup with mailer autoconfirm on (hosted "Confirm email" off): the user is created,
 * confirmed and signed in at once. Unlike GoTrue (which uses a few transactions), all of it
 * is one transaction, so a failing auth.users trigger (profile/business creation) leaves
 * nothing behind and the client sees GoTrue's "Database error saving new user".
 */
import { withTransaction } from "../db";
import { badRequest, HttpError, internalError, unprocessable } from "../errors";
import type { AuthDeps } from "../context";
import { sendJson, type AuthRequest } from "../http";
import { readParams, type JsonObject } from "../params";
import { clientInfo, issueSession } from "../sessions";
import {
  confirmEmail,
  DEFAULT_AUD,
  DEFAULT_ROLE,
  findDuplicateEmailOwner,
  findUserById,
  insertIdentity,
  insertUser,
  isConfirmed,
} from "../users";
import { checkPasswordStrength, validateEmail, validatePkceParams } from "../validation";

/** GoTrue's identity_data for an e-mail identity: provider.Claims{Subject, Email} plus sign-up data. */
export function emailIdentityData(userId: string, email: string, extra: JsonObject = {}): JsonObject {
  const data: JsonObject = { sub: userId, email, email_verified: false, phone_verified: false };
  for (const [k, v] of Object.entries(extra)) if (!(k in data)) data[k] = v;
  return data;
}

export async function signup(ar: AuthRequest, deps: AuthDeps): Promise<void> {
  const { pool, settings } = deps;
  const p = await readParams(ar, "SignupParams");
  const email = p.str("email");
  const phone = p.str("phone");
  const password = p.str("password");
  const data = p.obj("data") ?? {};
  if (email === "" && phone === "") {
    throw unprocessable("anonymous_provider_disabled", "Anonymous sign-ins are disabled");
  }
  deps.limiter.check(ar, "otp");
  if (settings.disableSignup) throw unprocessable("signup_disabled", "Signups not allowed for this instance");
  if (password === "") throw badRequest("validation_failed", "Signup requires a valid password");
  checkPasswordStrength(settings, password);
  if (email !== "" && phone !== "") {
    throw badRequest("validation_failed", "Only an email address or phone number should be provided on signup.");
  }
  // With autoconfirm the challenge is never used (no e-mail is sent), but GoTrue still validates it.
  validatePkceParams(p.str("code_challenge_method"), p.str("code_challenge"));
  if (email === "") throw badRequest("phone_provider_disabled", "Phone signups are disabled");
  const normalized = validateEmail(email);

  const existing = await findDuplicateEmailOwner(pool, normalized, DEFAULT_AUD);
  if (existing && isConfirmed(existing)) {
    throw unprocessable("user_already_exists", "User already registered");
  }

  const response = await withTransaction(pool, async (tx) => {
    let userId: string;
    if (existing) {
      // GoTrue keeps an unconfirmed (e.g. invited) user as is and, with autoconfirm, confirms it.
      userId = existing.id;
      if (!existing.identities.some((i) => i.provider === "email")) {
        await insertIdentity(tx, userId, "email", emailIdentityData(userId, normalized, data));
      }
    } else {
      try {
        userId = await insertUser(tx, {
          email: normalized,
          password,
          aud: DEFAULT_AUD,
          role: DEFAULT_ROLE,
          userMetadata: data,
          appMetadata: { provider: "email", providers: ["email"] },
        });
      } catch (err) {
        // Includes errors raised by triggers on auth.users (the profile/business trigger).
        throw internalError("Database error saving new user", err);
      }
      try {
        await insertIdentity(tx, userId, "email", emailIdentityData(userId, normalized, data));
      } catch (err) {
        throw internalError("Error creating identity", err);
      }
    }
    try {
      await confirmEmail(tx, userId);
    } catch (err) {
      throw internalError("Database error updating user", err);
    }
    const user = await findUserById(tx, userId);
    if (!user) throw internalError("Database error loading user after sign-up");
    try {
      return await issueSession(tx, settings, user, "password", clientInfo(ar));
    } catch (err) {
      if (err instanceof HttpError) throw err;
      throw internalError("Database error granting user", err);
    }
  });
  sendJson(ar, 200, response);
}
