import "server-only";
import { AppError } from "@/lib/api/errors";
import type { Locale } from "@/lib/api/errors";
import { localized } from "@/i18n/server-text";

/** The parts of a Supabase AuthError this mapping needs (code is GoTrue's error_code). */
export interface AuthErrorLike {
  code?: string;
  status?: number;
  message?: string;
}

const text = {
  invalidCredentials: localized((m) => m.auth.errors.invalidCredentials),
  userExists: localized((m) => m.auth.errors.userExists),
  weakPassword: localized((m) => m.auth.errors.weakPassword),
  invalidEmail: localized((m) => m.auth.errors.invalidEmail),
  emailNotConfirmed: localized((m) => m.auth.errors.emailNotConfirmed),
  samePassword: localized((m) => m.auth.errors.samePassword),
  rateLimited: localized((m) => m.auth.errors.rateLimited),
  sessionMissing: localized((m) => m.auth.errors.sessionMissing),
  unavailable: localized((m) => m.auth.errors.unavailable),
  generic: localized((m) => m.auth.errors.generic),
};

/**
 * Supabase Auth error codes -> an AppError with an Indonesian (or English) message. Field
 * problems carry details so the form marks the right input; the raw Auth text is kept only
 * as `cause` for the log.
 */
export function authError(err: AuthErrorLike, locale: Locale): AppError {
  const field = (name: string, message: (typeof text)[keyof typeof text]) =>
    new AppError("VALIDATION_ERROR", { message, details: { [name]: message[locale] }, cause: err });

  switch (err.code) {
    case "invalid_credentials":
      return new AppError("UNAUTHENTICATED", { message: text.invalidCredentials, cause: err });
    case "user_already_exists":
    case "email_exists":
      return new AppError("CONFLICT", { message: text.userExists, details: { email: text.userExists[locale] }, cause: err });
    case "weak_password":
      return field("password", text.weakPassword);
    case "same_password":
      return field("password", text.samePassword);
    case "validation_failed":
    case "email_address_invalid":
    case "email_address_not_authorized":
      return field("email", text.invalidEmail);
    case "email_not_confirmed":
      return new AppError("FORBIDDEN", { message: text.emailNotConfirmed, cause: err });
    case "over_request_rate_limit":
    case "over_email_send_rate_limit":
      return new AppError("RATE_LIMITED", { message: text.rateLimited, cause: err });
    case "session_not_found":
    case "session_expired":
    case "refresh_token_not_found":
      return new AppError("UNAUTHENTICATED", { message: text.sessionMissing, cause: err });
  }
  if (err.status === 429) return new AppError("RATE_LIMITED", { message: text.rateLimited, cause: err });
  // status 0 / undefined: fetch failed (Auth unreachable); 5xx: Auth or its database failed.
  if (!err.status || err.status >= 500) return new AppError("INTERNAL", { message: text.unavailable, cause: err });
  return new AppError("INTERNAL", { message: text.generic, cause: err });
}

export const authText = text;
