/**
 * The parts of GoTrue's /verify that find the user behind a one-time token and apply what
 * the token confirms (sign-up/invite confirmation, recovery, e-mail change).
 */
import crypto from "node:crypto";
import type pg from "pg";
import { badRequest, forbidden, internalError } from "./errors";
import { isExpired, PKCE_PREFIX } from "./otp";
import type { AuthMethod } from "./sessions";
import type { AuthSettings } from "./settings";
import {
  confirmEmail,
  findUserByConfirmationToken,
  findUserByEmail,
  findUserByEmailChangeToken,
  findUserById,
  findUserByRecoveryToken,
  hasPassword,
  insertIdentity,
  isBanned,
  isConfirmed,
  setPassword,
  updateIdentityData,
  type UserRecord,
} from "./users";

export type VerifyType = "signup" | "invite" | "recovery" | "magiclink" | "email_change" | "email";

export function parseVerifyType(type: string): VerifyType | null {
  return (["signup", "invite", "recovery", "magiclink", "email_change", "email"] as const).find((t) => t === type) ?? null;
}

/** The AMR method a PKCE auth code records for each link type (GoTrue's ParseAuthenticationMethod). */
export function authMethodFor(type: VerifyType): AuthMethod {
  if (type === "signup") return "email/signup";
  if (type === "email") return "otp";
  return type;
}

function sentAtFor(user: UserRecord, type: VerifyType): Date | null {
  if (type === "signup" || type === "invite") return user.confirmation_sent_at;
  if (type === "recovery" || type === "magiclink") return user.recovery_sent_at;
  if (type === "email_change") return user.email_change_sent_at;
  return null;
}

export interface Verified {
  user: UserRecord;
  /** For type=email, the concrete kind the token turned out to be. */
  type: Exclude<VerifyType, "email">;
}

/** GoTrue's verifyTokenHash: the link flow (token_hash, or GET /verify?token=). */
export async function userFromTokenHash(tx: pg.PoolClient, settings: AuthSettings, type: VerifyType, hash: string): Promise<Verified> {
  let user: UserRecord | null;
  if (type === "email") user = (await findUserByConfirmationToken(tx, hash)) ?? (await findUserByRecoveryToken(tx, hash));
  else if (type === "signup" || type === "invite") user = await findUserByConfirmationToken(tx, hash);
  else if (type === "recovery" || type === "magiclink") user = await findUserByRecoveryToken(tx, hash);
  else user = await findUserByEmailChangeToken(tx, hash);
  const invalid = forbidden("otp_expired", "Email link is invalid or has expired");
  if (!user) throw invalid;
  if (isBanned(user)) throw forbidden("user_banned", "User is banned");
  const resolved: Verified["type"] = type === "email" ? (user.recovery_token === hash ? "magiclink" : "signup") : type;
  if (isExpired(sentAtFor(user, resolved), settings.otpExpirySeconds)) throw invalid;
  return { user, type: resolved };
}

const sameToken = (presented: string, stored: string | null) =>
  !!stored && (stored === presented || stored === PKCE_PREFIX + presented);

/** GoTrue's verifyUserAndToken: the typed-code flow (email + 6-digit token). */
export async function userFromEmailAndToken(
  tx: pg.PoolClient,
  settings: AuthSettings,
  type: VerifyType,
  email: string,
  hash: string,
): Promise<Verified> {
  const invalid = forbidden("otp_expired", "Token has expired or is invalid");
  let user: UserRecord | null;
  if (type === "email_change") {
    const { rows } = await tx.query<{ id: string }>("select id from auth.users where email_change = $1 limit 1", [email]);
    user = rows[0] ? await findUserById(tx, rows[0].id) : null;
  } else {
    user = await findUserByEmail(tx, email);
  }
  if (!user) throw invalid;
  if (isBanned(user)) throw forbidden("user_banned", "User is banned");
  const valid = (stored: string | null, sentAt: Date | null) => sameToken(hash, stored) && !isExpired(sentAt, settings.otpExpirySeconds);
  let resolved: Verified["type"] | null = null;
  if (type === "email") {
    if (valid(user.confirmation_token, user.confirmation_sent_at)) resolved = "signup";
    else if (valid(user.recovery_token, user.recovery_sent_at)) resolved = "magiclink";
  } else if (type === "signup" || type === "invite") {
    if (valid(user.confirmation_token, user.confirmation_sent_at)) resolved = type;
  } else if (type === "recovery" || type === "magiclink") {
    if (valid(user.recovery_token, user.recovery_sent_at)) resolved = type;
  } else if (valid(user.email_change_token_new, user.email_change_sent_at)) {
    resolved = "email_change";
  }
  if (!resolved) throw invalid;
  return { user, type: resolved };
}

async function signupVerify(tx: pg.PoolClient, user: UserRecord): Promise<void> {
  if (!hasPassword(user) && user.invited_at) {
    // Invited users get a random password; the app then asks them to set their own.
    await setPassword(tx, user.id, crypto.randomBytes(48).toString("base64url"), null);
  }
  await confirmEmail(tx, user.id);
  if (user.email) {
    await tx.query(
      `update auth.identities set identity_data = identity_data || '{"email_verified": true}'::jsonb, updated_at = now()
        where user_id = $1 and email = $2`,
      [user.id, user.email],
    );
  }
}

async function recoverVerify(tx: pg.PoolClient, user: UserRecord): Promise<void> {
  try {
    await tx.query("update auth.users set recovery_token = '', updated_at = now() where id = $1", [user.id]);
    if (!isConfirmed(user)) await confirmEmail(tx, user.id);
  } catch (err) {
    throw internalError("Database error updating user", err);
  }
}

async function emailChangeVerify(tx: pg.PoolClient, user: UserRecord): Promise<void> {
  const newEmail = user.email_change;
  if (!newEmail) throw forbidden("otp_expired", "Email link is invalid or has expired");
  const updated = await updateIdentityData(tx, user.id, "email", { email: newEmail, email_verified: true });
  if (!updated) {
    await insertIdentity(tx, user.id, "email", { sub: user.id, email: newEmail, email_verified: true, phone_verified: false });
  }
  try {
    await tx.query(
      `update auth.users set email = $2, email_change = '', email_change_token_new = '', email_change_token_current = '',
          email_change_confirm_status = 0, email_confirmed_at = now(), updated_at = now() where id = $1`,
      [user.id, newEmail],
    );
  } catch (err) {
    throw internalError("Error confirm email", err);
  }
}

export async function applyVerification(tx: pg.PoolClient, v: Verified): Promise<void> {
  if (v.type === "signup" || v.type === "invite") await signupVerify(tx, v.user);
  else if (v.type === "recovery" || v.type === "magiclink") await recoverVerify(tx, v.user);
  else if (v.type === "email_change") await emailChangeVerify(tx, v.user);
  else throw badRequest("validation_failed", "Unsupported verification type");
}
