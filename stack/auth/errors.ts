/**
 * GoTrue's error model and its two wire formats.
 *
 * GoTrue answers errors as `{code: <http status>, error_code, msg}` by default, and as
 * `{code: <error code>, message}` when the request carries `X-Supabase-Api-Version`
 * >= 2024-01-01 (auth-js always sends it). Weak passwords add `weak_password.reasons`.
 * OAuth-style errors (`{error, error_description}`) are used by a few token paths.
 */

/** An API error with GoTrue's status, error code and user-facing message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    /** The underlying cause (logged for 5xx, and used for GoTrue's legacy Postgres passthrough). */
    readonly internal?: unknown,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export class WeakPasswordError extends Error {
  constructor(
    message: string,
    readonly reasons: string[],
  ) {
    super(message);
    this.name = "WeakPasswordError";
  }
}

export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(`${error}: ${description}`);
    this.name = "OAuthError";
  }
}

export const badRequest = (code: string, msg: string, internal?: unknown) => new HttpError(400, code, msg, internal);
export const unauthorized = (code: string, msg: string) => new HttpError(401, code, msg);
export const forbidden = (code: string, msg: string, internal?: unknown) => new HttpError(403, code, msg, internal);
export const notFound = (code: string, msg: string) => new HttpError(404, code, msg);
export const unprocessable = (code: string, msg: string) => new HttpError(422, code, msg);
export const tooManyRequests = (code: string, msg: string) => new HttpError(429, code, msg);
export const internalError = (msg: string, internal?: unknown) => new HttpError(500, "unexpected_failure", msg, internal);

/** A Postgres error as raised by node-postgres (duck-typed: pg does not export it from ESM reliably). */
interface PgErrorLike {
  code: string;
  message: string;
  detail?: string;
  hint?: string;
}

function asPgError(err: unknown): PgErrorLike | null {
  if (typeof err !== "object" || err === null) return null;
  const e = err as Record<string, unknown>;
  if (typeof e.code === "string" && e.code.length === 5 && typeof e.message === "string" && "severity" in e) {
    return {
      code: e.code,
      message: e.message,
      detail: typeof e.detail === "string" ? e.detail : undefined,
      hint: typeof e.hint === "string" ? e.hint : undefined,
    };
  }
  return null;
}

/** Postgres errors GoTrue shows to legacy clients (raise exception, constraint violations, PTxxx). */
function publicPgStatus(code: string): number {
  if (["P0001", "23000", "23001", "23502", "23503", "23505", "23514", "23P01"].includes(code)) return 500;
  if (code.startsWith("PT")) {
    const n = Number(code.slice(2));
    if (Number.isInteger(n)) return n;
  }
  return 0;
}

export interface RenderedError {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

const UNEXPECTED = "Unexpected failure, please check server logs for more information";

export function renderError(err: unknown, apiVersion2024: boolean, requestId: string): RenderedError {
  if (err instanceof WeakPasswordError) {
    const payload = err.reasons.length > 0 ? { weak_password: { reasons: err.reasons } } : {};
    if (apiVersion2024) return { status: 422, body: { code: "weak_password", message: err.message, ...payload }, headers: {} };
    return {
      status: 422,
      body: { code: 422, error_code: "weak_password", msg: err.message, ...payload },
      headers: { "x-sb-error-code": "weak_password" },
    };
  }
  if (err instanceof HttpError) {
    const code = err.errorCode || (err.status === 500 ? "unexpected_failure" : "unknown");
    const headers = { "x-sb-error-code": code };
    if (apiVersion2024) return { status: err.status, body: { code, message: err.message }, headers };
    const pg = asPgError(err.internal);
    const pgStatus = pg ? publicPgStatus(pg.code) : 0;
    if (pg && pgStatus !== 0) {
      const body: Record<string, unknown> = { code: pg.code, message: pg.message };
      if (pg.hint) body.hint = pg.hint;
      if (pg.detail) body.detail = pg.detail;
      return { status: pgStatus, body, headers };
    }
    const body: Record<string, unknown> = { code: err.status, error_code: code, msg: err.message };
    if (err.status >= 500) body.error_id = requestId;
    return { status: err.status, body, headers };
  }
  if (err instanceof OAuthError) {
    return { status: 400, body: { error: err.error, error_description: err.description }, headers: {} };
  }
  if (apiVersion2024) return { status: 500, body: { code: "unexpected_failure", message: UNEXPECTED }, headers: {} };
  return { status: 500, body: { code: 500, error_code: "unexpected_failure", msg: UNEXPECTED }, headers: {} };
}
