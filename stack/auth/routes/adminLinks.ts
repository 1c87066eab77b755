/**
 * POST /admin/generate_link (links without sending mail) and POST /invite (invite e-mail),
 * both service_role only.
 */
import crypto from "node:crypto";
import type pg from "pg";
import { requireAdmin, type AuthDeps } from "../context";
import { withTransaction } from "../db";
import { sendInvite } from "../emailActions";
import { badRequest, internalError, notFound, unprocessable } from "../errors";
import { sendJson, type AuthRequest } from "../http";
import { verifyLink, type EmailLinkType } from "../mail";
import { generateOtp, tokenHash } from "../otp";
import { readParams, type JsonObject } from "../params";
import { userJson } from "../userJson";
import {
  DEFAULT_AUD,
  DEFAULT_ROLE,
  findDuplicateEmailOwner,
  findUserByEmail,
  findUserById,
  insertIdentity,
  insertUser,
  isConfirmed,
  mergeUserMetadata,
  type UserRecord,
} from "../users";
import { checkPasswordStrength, isRedirectUrlValid, resolveRedirect, validateEmail } from "../validation";
import { emailIdentityData } from "./signup";

const DUPLICATE_EMAIL = "A user with this email address has already been registered";

/** GoTrue's signupNewUser + e-mail identity, for users created by invite or generate_link. */
async function createUnconfirmedUser(tx: pg.PoolClient, email: string, password: string, data: JsonObject): Promise<string> {
  let id: string;
  try {
    id = await insertUser(tx, {
      email,
      password,
      aud: DEFAULT_AUD,
      role: DEFAULT_ROLE,
      userMetadata: data,
      appMetadata: { provider: "email", providers: ["email"] },
    });
  } catch (err) {
    throw internalError("Database error saving new user", err);
  }
  await insertIdentity(tx, id, "email", emailIdentityData(id, email));
  return id;
}

async function reload(db: pg.Pool | pg.PoolClient, id: string): Promise<UserRecord> {
  const user = await findUserById(db, id);
  if (!user) throw internalError("Database error loading user");
  return user;
}

export async function generateLink(ar: AuthRequest, deps: AuthDeps): Promise<void> {
  const { pool, settings } = deps;
  await requireAdmin(ar, deps);
  const p = await readParams(ar, "GenerateLinkParams");
  let type = p.str("type");
  const email = validateEmail(p.str("email"));
  const data = p.obj("data") ?? {};
  let password = p.str("password");
  const requested = p.str("redirect_to");
  const redirectTo = isRedirectUrlValid(settings, requested) ? requested : resolveRedirect(settings, ar.query.get("redirect_to"), ar.header("referer"));

  const user = await findUserByEmail(pool, email);
  if (!user) {
    if (type === "magiclink") {
      // GoTrue turns a magic link for an unknown address into a sign-up link.
      type = "signup";
      password = crypto.randomBytes(48).toString("base64url");
    } else if (["recovery", "email_change_current", "email_change_new"].includes(type)) {
      throw notFound("user_not_found", "User with this email not found");
    }
  }
  if (type === "signup" && !user) {
    if (password === "") throw badRequest("validation_failed", "Signup requires a valid password");
    checkPasswordStrength(settings, password);
  }
  const otp = generateOtp(settings.otpLength);
  const emailHash = tokenHash(email, otp);

  const link = await withTransaction(pool, async (tx): Promise<{ id: string; hashed: string; linkType: EmailLinkType }> => {
    switch (type) {
      case "magiclink":
      case "recovery": {
        if (!user) throw notFound("user_not_found", "User with this email not found");
        await tx.query("update auth.users set recovery_token = $2, recovery_sent_at = now(), updated_at = now() where id = $1", [
          user.id,
          emailHash,
        ]);
        return { id: user.id, hashed: emailHash, linkType: type };
      }
      case "invite":
      case "signup": {
        if (user && isConfirmed(user)) throw unprocessable("email_exists", DUPLICATE_EMAIL);
        let id = user?.id;
        if (id && type === "signup") await mergeUserMetadata(tx, id, data);
        if (!id) id = await createUnconfirmedUser(tx, email, type === "signup" ? password : "", data);
        await tx.query(
          `update auth.users set confirmation_token = $2, confirmation_sent_at = now(), updated_at = now()
             ${type === "invite" ? ", invited_at = now()" : ""} where id = $1`,
          [id, emailHash],
        );
        return { id, hashed: emailHash, linkType: type };
      }
      case "email_change_current":
        throw badRequest("validation_failed", "Enable secure email change to generate link for current email");
      case "email_change_new": {
        if (!user) throw notFound("user_not_found", "User with this email not found");
        const newEmail = validateEmail(p.str("new_email"));
        if (await findDuplicateEmailOwner(tx, newEmail, user.aud ?? DEFAULT_AUD, user.id)) {
          throw unprocessable("email_exists", DUPLICATE_EMAIL);
        }
        const hashed = tokenHash(newEmail, otp);
        await tx.query(
          `update auth.users set email_change = $2, email_change_token_new = $3, email_change_token_current = '',
              email_change_sent_at = now(), email_change_confirm_status = 0, updated_at = now() where id = $1`,
          [user.id, newEmail, hashed],
        );
        return { id: user.id, hashed, linkType: "email_change" };
      }
      default:
        throw badRequest("validation_failed", `Invalid email action link type requested: ${type}`);
    }
  });
  const fresh = await reload(pool, link.id);
  sendJson(ar, 200, {
    ...userJson(fresh),
    action_link: verifyLink(settings, link.hashed, link.linkType, redirectTo),
    email_otp: otp,
    hashed_token: link.hashed,
    verification_type: type,
    redirect_to: redirectTo,
  });
}

export async function invite(ar: AuthRequest, deps: AuthDeps): Promise<void> {
  const { pool, settings } = deps;
  await requireAdmin(ar, deps);
  const p = await readParams(ar, "InviteParams");
  const email = validateEmail(p.str("email"));
  const data = p.obj("data") ?? {};
  const existing = await findUserByEmail(pool, email);
  const redirectTo = resolveRedirect(settings, ar.query.get("redirect_to"), ar.header("referer"));
  const userId = await withTransaction(pool, async (tx) => {
    if (existing && isConfirmed(existing)) throw unprocessable("email_exists", DUPLICATE_EMAIL);
    const id = existing?.id ?? (await createUnconfirmedUser(tx, email, "", data));
    await sendInvite(deps, tx, await reload(tx, id), redirectTo);
    return id;
  });
  sendJson(ar, 200, userJson(await reload(pool, userId)));
}
