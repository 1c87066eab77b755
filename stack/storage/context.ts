/** What every Storage route handler gets: the service's collaborators and the request. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { JwtVerifier } from "./auth";
import type { Metadata, RequestInfo } from "./db";
import type { ObjectFiles } from "./files";
import type { DiskLayout } from "./paths";

export interface StorageDeps {
  db: Metadata;
  files: ObjectFiles;
  layout: DiskLayout;
  verifier: JwtVerifier;
  /** Signs signed-URL tokens (Storage's urlSigningKey is the JWT secret for HS256 projects). */
  jwtSecret: string;
  /** Storage's global upload cap (FILE_SIZE_LIMIT); bucket limits can only lower it. */
  globalFileSizeLimit: number;
  /** Lifetime of createSignedUploadUrl tokens, as Storage's default (2 hours). */
  signedUploadExpiresIn: number;
}

export interface RouteCall {
  deps: StorageDeps;
  req: IncomingMessage;
  res: ServerResponse;
  /** The route's wildcard / parameter part, still percent-encoded. */
  rest: string;
  query: URLSearchParams;
  info: RequestInfo;
}

/** supabase/config.toml: [storage] file_size_limit = "50MiB"; SMA_STORAGE_FILE_SIZE_LIMIT overrides. */
export const DEFAULT_FILE_SIZE_LIMIT = 50 * 1024 * 1024;
