/**
 * Typed application errors. Every failure that reaches a user is one of these codes, with
 * an HTTP status and a message in the user's language (Indonesian unless the NEXT_LOCALE
 * cookie says "en"). Anything else is mapped to INTERNAL without its internals.
 */

export const ERROR_STATUS = {
  VALIDATION_ERROR: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  IDEMPOTENCY_CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type Locale = "id" | "en";
export const DEFAULT_LOCALE: Locale = "id";
export const LOCALE_COOKIE = "NEXT_LOCALE";

/** A message in both languages the product speaks. */
export interface LocalizedText {
  id: string;
  en: string;
}

/**
 * The small message table: one default per code plus a few specific situations the library
 * itself raises. Feature code passes its own LocalizedText for anything more specific.
 */
export const MESSAGES = {
  VALIDATION_ERROR: { id: "Data yang dikirim tidak valid. Periksa kembali isian Anda.", en: "The submitted data is invalid. Please check your input." },
  UNAUTHENTICATED: { id: "Silakan masuk terlebih dahulu.", en: "Please sign in first." },
  FORBIDDEN: { id: "Anda tidak memiliki akses untuk tindakan ini.", en: "You do not have permission to do this." },
  NOT_FOUND: { id: "Data tidak ditemukan.", en: "Not found." },
  CONFLICT: { id: "Data bentrok dengan data yang sudah ada.", en: "This conflicts with existing data." },
  IDEMPOTENCY_CONFLICT: {
    id: "Idempotency-Key ini sudah dipakai untuk permintaan lain.",
    en: "This Idempotency-Key was already used for a different request.",
  },
  RATE_LIMITED: { id: "Terlalu banyak percobaan. Coba lagi sebentar lagi.", en: "Too many attempts. Please try again shortly." },
  RATE_LIMITED_RETRY: {
    id: "Terlalu banyak percobaan. Coba lagi dalam {seconds} detik.",
    en: "Too many attempts. Please try again in {seconds} seconds.",
  },
  INTERNAL: { id: "Terjadi kesalahan pada server. Silakan coba lagi.", en: "Something went wrong on our side. Please try again." },
  REQUEST_IN_PROGRESS: {
    id: "Permintaan yang sama masih diproses. Tunggu sebentar lalu coba lagi.",
    en: "The same request is still in progress. Wait a moment and try again.",
  },
  INVALID_JSON: { id: "Isi permintaan bukan JSON yang valid.", en: "The request body is not valid JSON." },
  INVALID_IDEMPOTENCY_KEY: {
    id: "Idempotency-Key harus 1–255 karakter ASCII yang terlihat.",
    en: "Idempotency-Key must be 1–255 visible ASCII characters.",
  },
  NO_ACTIVE_BUSINESS: { id: "Pilih usaha terlebih dahulu.", en: "Choose a business first." },
  CRON_UNAUTHORIZED: { id: "Token cron tidak valid.", en: "Invalid cron token." },
} as const satisfies Record<string, LocalizedText>;

export type MessageKey = keyof typeof MESSAGES;

/** Picks the text for `locale`, filling `{name}` placeholders from `vars`. */
export function translate(text: LocalizedText, locale: Locale, vars?: Record<string, string | number>): string {
  const template = text[locale] ?? text.id;
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in vars ? String(vars[key]) : whole));
}

/** `NEXT_LOCALE=en` selects English; everything else (absent, "id", garbage) is Indonesian. */
export function localeFromCookie(value: string | null | undefined): Locale {
  return value === "en" ? "en" : DEFAULT_LOCALE;
}

/** Per-field messages for forms, keyed by the dotted field path ("address.city"); "_form" for the whole input. */
export type FieldErrors = Record<string, string>;

export interface AppErrorOptions {
  /** A specific message; defaults to the code's message from MESSAGES. */
  message?: LocalizedText | MessageKey;
  details?: FieldErrors | Record<string, unknown>;
  /** Values for `{placeholders}` in the message. */
  vars?: Record<string, string | number>;
  /** Seconds the client should wait (RATE_LIMITED); sent as the Retry-After header. */
  retryAfter?: number;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly text: LocalizedText;
  readonly details?: FieldErrors | Record<string, unknown>;
  readonly retryAfter?: number;
  readonly vars?: Record<string, string | number>;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    const text = typeof options.message === "string" ? MESSAGES[options.message] : (options.message ?? MESSAGES[code]);
    super(translate(text, "en", options.vars), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.text = text;
    this.details = options.details;
    this.retryAfter = options.retryAfter;
    this.vars = options.vars;
  }

  /** The message in the user's language. */
  localized(locale: Locale): string {
    return translate(this.text, locale, this.vars);
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/** Shorthands that read well at call sites: `throw notFound()`. */
export const validationError = (details: FieldErrors, message?: LocalizedText) =>
  new AppError("VALIDATION_ERROR", { details, message });
export const unauthenticated = () => new AppError("UNAUTHENTICATED");
export const forbidden = (message?: LocalizedText) => new AppError("FORBIDDEN", { message });
export const notFound = (message?: LocalizedText) => new AppError("NOT_FOUND", { message });
export const conflict = (message?: LocalizedText | MessageKey, details?: Record<string, unknown>) =>
  new AppError("CONFLICT", { message, details });
export const rateLimited = (retryAfter: number) =>
  new AppError("RATE_LIMITED", { message: "RATE_LIMITED_RETRY", vars: { seconds: retryAfter }, retryAfter, details: { retryAfter } });

/**
 * Maps a PostgREST / Postgres error to an AppError where the meaning is unambiguous
 * (unique violation -> CONFLICT, RLS refusal -> FORBIDDEN, no row -> NOT_FOUND). Returns
 * null for anything else so the caller treats it as INTERNAL. The raw message never leaves
 * the server: it goes into `cause` for the log.
 */
export function fromPostgrestError(err: { code?: string; message?: string } | null | undefined): AppError | null {
  if (!err?.code) return null;
  switch (err.code) {
    case "23505": // unique_violation
      return new AppError("CONFLICT", { cause: err });
    case "23503": // foreign_key_violation: the referenced row is not visible to this user
    case "PGRST116": // .single() found no row
      return new AppError("NOT_FOUND", { cause: err });
    case "42501": // insufficient_privilege, including RLS with-check failures
      return new AppError("FORBIDDEN", { cause: err });
    case "23514": // check_violation
    case "22P02": // invalid_text_representation (bad uuid, bad enum)
      return new AppError("VALIDATION_ERROR", { cause: err });
    default:
      return null;
  }
}
