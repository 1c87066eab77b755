/**
 * Sending the e-mails that carry one-time tokens (GoTrue's sendPasswordRecovery / sendInvite):
 * check the per-user frequency and deliverability, send, then store the token hash — all in
 * the caller's transaction so a failed send leaves no usable token behind.
 */
import type pg from "pg";
import type { AuthDeps } from "./context";
import { HttpError, internalError } from "./errors";
import { inviteMail, recoveryMail, type MailMessage } from "./mail";
import { assertSendFrequency, generateOtp, tokenHash, withFlowPrefix } from "./otp";
import type { UserRecord } from "./users";
import { assertDeliverable } from "./validation";

async function send(deps: AuthDeps, tx: pg.PoolClient, what: string, message: MailMessage): Promise<void> {
  try {
    await deps.mailer.send(tx, message);
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw internalError(`Error sending ${what} email`, err);
  }
}

export async function sendRecovery(
  deps: AuthDeps,
  tx: pg.PoolClient,
  user: UserRecord,
  pkce: boolean,
  redirectTo: string,
): Promise<void> {
  const { settings } = deps;
  const email = user.email ?? "";
  assertSendFrequency(user.recovery_sent_at, settings.emailMaxFrequencySeconds);
  assertDeliverable(settings, email);
  const otp = generateOtp(settings.otpLength);
  const hash = withFlowPrefix(tokenHash(email, otp), pkce);
  await send(deps, tx, "recovery", recoveryMail(settings, { to: email, tokenHash: hash, otp, redirectTo }));
  await tx.query("update auth.users set recovery_token = $2, recovery_sent_at = now(), updated_at = now() where id = $1", [
    user.id,
    hash,
  ]);
}

export async function sendInvite(deps: AuthDeps, tx: pg.PoolClient, user: UserRecord, redirectTo: string): Promise<void> {
  const { settings } = deps;
  const email = user.email ?? "";
  assertDeliverable(settings, email);
  const otp = generateOtp(settings.otpLength);
  const hash = tokenHash(email, otp);
  await send(deps, tx, "invite", inviteMail(settings, { to: email, tokenHash: hash, otp, redirectTo }));
  await tx.query(
    `update auth.users set confirmation_token = $2, confirmation_sent_at = now(), invited_at = now(), updated_at = now()
      where id = $1`,
    [user.id, hash],
  );
}
