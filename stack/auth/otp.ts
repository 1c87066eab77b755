/**
 * E-mail one-time tokens, GoTrue style: a numeric OTP goes into the e-mail, and the user row
 * stores sha224(email + otp) as the token hash (prefixed `pkce_` in the PKCE flow). Links
 * carry the hash; typed codes are hashed again on /verify.
 */
import crypto from "node:crypto";
import { tooManyRequests } from "./errors";

export function generateOtp(digits: number): string {
  let out = "";
  for (let i = 0; i < digits; i++) out += String(crypto.randomInt(10));
  return out;
}

export function tokenHash(emailOrPhone: string, otp: string): string {
  return crypto.createHash("sha224").update(emailOrPhone + otp).digest("hex");
}

export const PKCE_PREFIX = "pkce_";

export function withFlowPrefix(hash: string, pkce: boolean): string {
  return pkce ? PKCE_PREFIX + hash : hash;
}

/** GoTrue's validateSentWithinFrequencyLimit (per user, per kind of e-mail). */
export function assertSendFrequency(sentAt: Date | null, maxFrequencySeconds: number): void {
  if (!sentAt) return;
  const readyAt = sentAt.getTime() + maxFrequencySeconds * 1000;
  if (readyAt > Date.now()) {
    const left = Math.floor((readyAt - Date.now()) / 1000);
    throw tooManyRequests("over_email_send_rate_limit", `For security purposes, you can only request this after ${left} seconds.`);
  }
}

export function isExpired(sentAt: Date | null, expirySeconds: number): boolean {
  return !sentAt || Date.now() > sentAt.getTime() + expirySeconds * 1000;
}
