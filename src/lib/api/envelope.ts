/**
 * The one response shape of every route handler and server action (design doc 001):
 * `{ success, data?, error?: { code, message, details? }, meta?: { page, limit, total } }`.
 * The type is a discriminated union so `if (res.success)` narrows, while `res.data` and
 * `res.error` stay readable on either branch.
 */
import { z } from "zod";
import { logger as rootLogger, serializeError, type Logger } from "../logger";
import { AppError, DEFAULT_LOCALE, ERROR_STATUS, type ErrorCode, type Locale } from "./errors";
import { zodErrorToDetails } from "./validation";

export interface PageMeta {
  page: number;
  limit: number;
  total: number;
  /** False when `total` is an estimate (a list too large to count on every call); absent means exact. */
  totalExact?: boolean;
}

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export interface ApiSuccess<T> {
  success: true;
  data: T;
  error?: never;
  meta?: PageMeta;
}

export interface ApiFailure {
  success: false;
  data?: never;
  error: ApiErrorBody;
  meta?: never;
}

export type ApiResponse<T> = ApiSuccess<T> | ApiFailure;

export function ok<T>(data: T, meta?: PageMeta): ApiSuccess<T> {
  return meta ? { success: true, data, meta } : { success: true, data };
}

export interface FailOptions {
  locale?: Locale;
  requestId?: string;
  log?: Logger;
}

/**
 * Turns anything thrown into an AppError: AppErrors pass through, zod errors become
 * VALIDATION_ERROR with per-field details, everything else becomes INTERNAL and is logged
 * (with the request id) because it is a bug or an outage, not a user mistake.
 */
export function toAppError(err: unknown, options: FailOptions = {}): AppError {
  const log = options.log ?? rootLogger;
  if (err instanceof AppError) {
    if (err.code === "INTERNAL") log.error("internal error", { requestId: options.requestId, err: serializeError(err.cause ?? err) });
    return err;
  }
  if (err instanceof z.ZodError) {
    return new AppError("VALIDATION_ERROR", { details: zodErrorToDetails(err, options.locale ?? DEFAULT_LOCALE), cause: err });
  }
  log.error("unhandled error", { requestId: options.requestId, err: serializeError(err) });
  return new AppError("INTERNAL", { cause: err });
}

export function fail(error: unknown, options: FailOptions = {}): ApiFailure {
  const appError = toAppError(error, options);
  const body: ApiErrorBody = { code: appError.code, message: appError.localized(options.locale ?? DEFAULT_LOCALE) };
  // INTERNAL never carries details (they could describe internals); only the request id,
  // which lets support find the log line.
  const details = appError.code === "INTERNAL" ? (options.requestId ? { requestId: options.requestId } : undefined) : appError.details;
  if (details && Object.keys(details).length > 0) body.details = details;
  return { success: false, error: body };
}

/** HTTP status for an envelope: 200 for success, the error code's status otherwise. */
export function statusOf(response: ApiResponse<unknown>): number {
  return response.success ? 200 : ERROR_STATUS[response.error.code];
}
