/**
 * The JSON shape GoTrue gives users and identities (models.User / models.Identity): Go's
 * `omitempty` timestamps are left out when null, e-mail and phone are "" rather than null,
 * and the identity's own id is `identity_id` while `id` is the provider's subject.
 */
import type { IdentityRecord, UserRecord } from "./users";

const iso = (d: Date) => d.toISOString();

function putTime(out: Record<string, unknown>, key: string, value: Date | null): void {
  if (value) out[key] = iso(value);
}

export function identityJson(i: IdentityRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    identity_id: i.id,
    id: i.provider_id,
    user_id: i.user_id,
    identity_data: i.identity_data,
    provider: i.provider,
  };
  putTime(out, "last_sign_in_at", i.last_sign_in_at);
  out.created_at = iso(i.created_at);
  out.updated_at = iso(i.updated_at);
  if (i.email) out.email = i.email;
  return out;
}

/** Hosted auth.users has `confirmed_at` as a generated least(email_confirmed_at, phone_confirmed_at). */
function confirmedAt(u: UserRecord): Date | null {
  const times = [u.email_confirmed_at, u.phone_confirmed_at].filter((d): d is Date => d !== null);
  if (times.length === 0) return null;
  return new Date(Math.min(...times.map((d) => d.getTime())));
}

export function userJson(u: UserRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { id: u.id, aud: u.aud ?? "", role: u.role ?? "", email: u.email ?? "" };
  putTime(out, "email_confirmed_at", u.email_confirmed_at);
  putTime(out, "invited_at", u.invited_at);
  out.phone = u.phone ?? "";
  putTime(out, "phone_confirmed_at", u.phone_confirmed_at);
  putTime(out, "confirmation_sent_at", u.confirmation_sent_at);
  putTime(out, "confirmed_at", confirmedAt(u));
  putTime(out, "recovery_sent_at", u.recovery_sent_at);
  if (u.email_change) out.new_email = u.email_change;
  putTime(out, "email_change_sent_at", u.email_change_sent_at);
  putTime(out, "last_sign_in_at", u.last_sign_in_at);
  out.app_metadata = u.raw_app_meta_data ?? {};
  out.user_metadata = u.raw_user_meta_data ?? {};
  out.identities = u.identities.map(identityJson);
  out.created_at = iso(u.created_at);
  out.updated_at = iso(u.updated_at);
  putTime(out, "banned_until", u.banned_until);
  putTime(out, "deleted_at", u.deleted_at);
  out.is_anonymous = u.is_anonymous;
  return out;
}
