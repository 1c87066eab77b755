/** Request/response plumbing shared by every route of the local Auth service. */
import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError } from "./errors";

/** GoTrue caps request bodies at 1 MiB. */
const MAX_BODY_BYTES = 1 << 20;
export const API_VERSION = "2024-01-01";

export interface AuthRequest {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  /** Path below /auth/v1, without a trailing slash (GoTrue's router treats them alike). */
  pathname: string;
  query: URLSearchParams;
  /** True when the client asked for the 2024-01-01 error format. */
  apiVersion2024: boolean;
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  header(name: string): string | undefined;
  rawBody(): Promise<Buffer>;
}

function parseApiVersion(raw: string | undefined): boolean {
  if (!raw || !/^\d{4}-\d{2}-\d{2}$/.test(raw)) return false;
  const t = Date.parse(`${raw}T00:00:00Z`);
  return Number.isFinite(t) && t >= Date.parse(`${API_VERSION}T00:00:00Z`);
}

function clientIp(req: IncomingMessage): string | null {
  const fwd = req.headers["x-forwarded-for"];
  const first = (Array.isArray(fwd) ? fwd[0] : fwd)?.split(",")[0]?.trim();
  const ip = first || req.socket.remoteAddress || null;
  return ip?.startsWith("::ffff:") ? ip.slice(7) : ip;
}

export function createAuthRequest(req: IncomingMessage, res: ServerResponse, path: string): AuthRequest {
  const url = new URL(path, "http://local");
  const pathname = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : url.pathname;
  let body: Promise<Buffer> | null = null;
  const header = (name: string): string | undefined => {
    const v = req.headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  };
  return {
    req,
    res,
    method: (req.method ?? "GET").toUpperCase(),
    pathname,
    query: url.searchParams,
    apiVersion2024: parseApiVersion(header("x-supabase-api-version")),
    requestId: crypto.randomUUID(),
    ip: clientIp(req),
    userAgent: header("user-agent") ?? null,
    header,
    rawBody() {
      body ??= readBody(req);
      return body;
    },
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        failed = true;
        reject(new HttpError(413, "request_entity_too_large", `Request body too large (max ${MAX_BODY_BYTES} bytes)`));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on("error", (err) => {
      if (!failed) reject(err);
    });
  });
}

/** Every response names the API version, as the brief for this stack asks (auth-js reads it). */
function baseHeaders(): Record<string, string> {
  return { "x-supabase-api-version": API_VERSION };
}

export function sendJson(ar: AuthRequest, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  ar.res.writeHead(status, {
    ...baseHeaders(),
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(payload)),
    ...headers,
  });
  ar.res.end(payload);
}

export function sendEmpty(ar: AuthRequest, status: number): void {
  ar.res.writeHead(status, baseHeaders());
  ar.res.end();
}

export function sendText(ar: AuthRequest, status: number, text: string): void {
  ar.res.writeHead(status, { ...baseHeaders(), "content-type": "text/plain; charset=utf-8" });
  ar.res.end(text);
}

/** GoTrue answers browser-facing /verify with 303 See Other. */
export function redirect(ar: AuthRequest, location: string): void {
  ar.res.writeHead(303, { ...baseHeaders(), location });
  ar.res.end();
}
