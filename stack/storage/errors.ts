/**
 * Errors in the shape Supabase Storage renders them, so `@supabase/storage-js` (and any app
 * code reading `error.statusCode` / `error.code`) behaves the same locally as against a
 * hosted project.
 *
 * Storage's quirk, kept on purpose: the body's `statusCode` carries the semantic status
 * ("404", "403", "413", ...) while the HTTP status is 400 for every client error (500 for
 * server errors), except a few auth failures that Storage sends with a real 403.
 */
import type { ServerResponse } from "node:http";

export type StorageErrorCode =
  | "NoSuchBucket"
  | "NoSuchKey"
  | "InvalidJWT"
  | "InvalidRequest"
  | "EntityTooLarge"
  | "InternalError"
  | "ResourceAlreadyExists"
  | "ResourceNotEmpty"
  | "InvalidBucketName"
  | "InvalidKey"
  | "InvalidRange"
  | "InvalidMimeType"
  | "KeyAlreadyExists"
  | "BucketAlreadyExists"
  | "InvalidSignature"
  | "ExpiredToken"
  | "AccessDenied"
  | "InvalidParameter"
  | "MissingParameter"
  | "DatabaseError"
  | "ResourceLocked";

export class StorageError extends Error {
  readonly code: StorageErrorCode;
  /** The semantic status, rendered as the body's `statusCode`. */
  readonly statusCode: number;
  /** The HTTP status actually sent (Storage's `userStatusCode`). */
  readonly httpStatus: number;
  /** Storage's backwards-compatible `error` field; defaults to the code. */
  readonly error: string;
  /** A body in another service's shape (the API gateway's API-key refusals). */
  private readonly body: Record<string, string> | undefined;

  constructor(opts: {
    code: StorageErrorCode;
    statusCode: number;
    message: string;
    error?: string;
    httpStatus?: number;
    body?: Record<string, string>;
  }) {
    super(opts.message);
    this.code = opts.code;
    this.statusCode = opts.statusCode;
    this.httpStatus = opts.httpStatus ?? (opts.statusCode >= 500 ? 500 : 400);
    this.error = opts.error ?? opts.code;
    this.body = opts.body;
  }

  render(): Record<string, string> {
    return this.body ?? { statusCode: String(this.statusCode), code: this.code, error: this.error, message: this.message };
  }
}

export const ERRORS = {
  noSuchBucket: () => new StorageError({ code: "NoSuchBucket", statusCode: 404, error: "Bucket not found", message: "Bucket not found" }),
  noSuchKey: () => new StorageError({ code: "NoSuchKey", statusCode: 404, error: "not_found", message: "Object not found" }),
  invalidJwt: (message = "Invalid JWT") => new StorageError({ code: "InvalidJWT", statusCode: 400, message }),
  invalidRequest: (message = "Invalid Request") => new StorageError({ code: "InvalidRequest", statusCode: 400, message }),
  noContent: () => new StorageError({ code: "InvalidRequest", statusCode: 400, message: "No content provided" }),
  missingParameter: (name: string) =>
    new StorageError({ code: "MissingParameter", statusCode: 400, message: `Missing Required Parameter ${name}` }),
  invalidParameter: (name: string, message?: string) =>
    new StorageError({ code: "InvalidParameter", statusCode: 400, message: message ?? `Invalid Parameter ${name}` }),
  accessDenied: (message = "Access denied", httpStatus?: number) =>
    new StorageError({ code: "AccessDenied", statusCode: 403, error: "Unauthorized", message, httpStatus }),
  rlsViolation: () =>
    new StorageError({ code: "AccessDenied", statusCode: 403, error: "Unauthorized", message: "new row violates row-level security policy" }),
  entityTooLarge: (entity = "object", limit = "the maximum allowed size") =>
    new StorageError({ code: "EntityTooLarge", statusCode: 413, error: "Payload too large", message: `The ${entity} exceeded ${limit}` }),
  invalidMimeType: (mimeType: string) =>
    new StorageError({ code: "InvalidMimeType", statusCode: 415, error: "invalid_mime_type", message: `mime type ${mimeType} is not supported` }),
  invalidKey: (key: string) => new StorageError({ code: "InvalidKey", statusCode: 400, message: `Invalid key: ${key}` }),
  invalidBucketName: () =>
    new StorageError({ code: "InvalidBucketName", statusCode: 400, error: "Invalid Input", message: "Bucket name invalid" }),
  invalidFileSizeLimit: () =>
    new StorageError({
      code: "InvalidRequest",
      statusCode: 400,
      message: "Invalid file size format, hint: use 20GB / 20MB / 30KB / 3B",
    }),
  keyAlreadyExists: () =>
    new StorageError({ code: "KeyAlreadyExists", statusCode: 409, error: "Duplicate", message: "The resource already exists" }),
  resourceAlreadyExists: () =>
    new StorageError({ code: "ResourceAlreadyExists", statusCode: 409, error: "Duplicate", message: "The resource already exists" }),
  bucketAlreadyExists: () =>
    new StorageError({ code: "BucketAlreadyExists", statusCode: 409, error: "Duplicate", message: "The resource already exists" }),
  bucketNotEmpty: () =>
    new StorageError({ code: "ResourceNotEmpty", statusCode: 409, message: "The bucket you tried to delete is not empty" }),
  invalidSignature: (message = "Invalid signature") => new StorageError({ code: "InvalidSignature", statusCode: 400, message }),
  expiredSignature: () => new StorageError({ code: "ExpiredToken", statusCode: 400, message: "The provided token has expired." }),
  invalidRange: () =>
    new StorageError({ code: "InvalidRange", statusCode: 416, error: "invalid_range", message: "invalid range provided", httpStatus: 416 }),
  notFoundRoute: (method: string, path: string) =>
    new StorageError({ code: "InvalidRequest", statusCode: 404, error: "Not Found", message: `Route ${method}:${path} not found`, httpStatus: 404 }),
  /** What a hosted project's API gateway answers when the apikey is missing or wrong. */
  apiKey: (message: string, hint: string) =>
    new StorageError({ code: "AccessDenied", statusCode: 401, httpStatus: 401, message, body: { message, hint } }),
  internal: () => new StorageError({ code: "InternalError", statusCode: 500, message: "Internal server error" }),
};

interface PgLikeError {
  code: string;
  message: string;
}

function isPgError(err: unknown): err is PgLikeError {
  return (
    typeof err === "object" &&
    err !== null &&
    typeof (err as { code?: unknown }).code === "string" &&
    typeof (err as { message?: unknown }).message === "string" &&
    // SQLSTATEs are five characters; this keeps Node's ENOENT & co. out.
    /^[0-9A-Z]{5}$/.test((err as { code: string }).code)
  );
}

/**
 * Translates a Postgres error the way Storage's DBError does, so RLS refusals read
 * "new row violates row-level security policy" and never leak SQL to the client.
 */
export function fromPgError(err: unknown): StorageError | null {
  if (!isPgError(err)) return null;
  switch (err.code) {
    case "42501":
      // Hosted projects grant the API roles every privilege on storage.objects/buckets and let
      // RLS decide; the local bootstrap grants less, so a missing grant on those two tables
      // reads as the RLS refusal a hosted project would give.
      return err.message.includes("row-level security") || /permission denied for table (objects|buckets)\b/.test(err.message)
        ? ERRORS.rlsViolation()
        : ERRORS.accessDenied(err.message);
    case "23505":
      return ERRORS.resourceAlreadyExists();
    case "55P03":
      return new StorageError({ code: "ResourceLocked", statusCode: 423, message: "The resource is locked" });
    case "22P02":
      return ERRORS.invalidParameter("value", "Invalid value format or type conversion failed");
    default:
      return new StorageError({ code: "DatabaseError", statusCode: 500, message: `database error, code: ${err.code}` });
  }
}

export function toStorageError(err: unknown): StorageError | null {
  if (err instanceof StorageError) return err;
  return fromPgError(err);
}

export function sendError(res: ServerResponse, err: StorageError, extraHeaders: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify(err.render());
  res.writeHead(err.httpStatus, {
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(body)),
    ...extraHeaders,
  });
  res.end(body);
}
