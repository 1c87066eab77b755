/**
 * Who is calling: the `apikey` header plays the hosted API gateway's part (it must be a key
 * of this stack), and the `Authorization: Bearer` JWT decides the Postgres role and the
 * claims RLS policies see, exactly as Supabase Storage does.
 */
import type { IncomingMessage } from "node:http";
import { errors as joseErrors, type JWTPayload } from "jose";
import type { StackJwtVerifier } from "../jwks";
import { ERRORS } from "./errors";

/** Roles a request may act as. Others are refused rather than passed to SET ROLE. */
export type DbRole = "anon" | "authenticated" | "service_role";
const ROLES: ReadonlySet<string> = new Set<DbRole>(["anon", "authenticated", "service_role"]);

export interface Caller {
  /** Storage's `isAuthenticated`: a verified JWT was presented (the anon key counts). */
  authenticated: boolean;
  role: DbRole;
  claims: JWTPayload;
  jwt: string;
  /** The JWT subject; becomes `owner` / `owner_id` of what the caller uploads. */
  sub: string | undefined;
}

export const UNAUTHENTICATED: Caller = { authenticated: false, role: "anon", claims: { role: "anon" }, jwt: "", sub: undefined };

export class JwtVerifier {
  constructor(private readonly stack: StackJwtVerifier) {}

  /** Verifies a JWT of this stack (ES256 signing key or HS256 secret); jose's messages are what Storage reports too. */
  async verify(token: string): Promise<JWTPayload> {
    return this.stack.verify(token);
  }

  async verifyOrNull(token: string): Promise<JWTPayload | null> {
    try {
      return await this.verify(token);
    } catch {
      return null;
    }
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function bearer(req: IncomingMessage): string | undefined {
  const auth = header(req, "authorization");
  if (!auth) return undefined;
  const token = auth.replace(/^Bearer\s+/i, "").trim();
  return token === "" ? undefined : token;
}

function apiKeyOf(req: IncomingMessage, query: URLSearchParams): string | undefined {
  // The hosted gateway also accepts the key as a query parameter.
  return header(req, "apikey") ?? query.get("apikey") ?? undefined;
}

function callerFrom(payload: JWTPayload, jwt: string): Caller {
  const role = typeof payload.role === "string" ? payload.role : "";
  if (!ROLES.has(role)) throw ERRORS.accessDenied("Access denied: Invalid role", 403);
  return {
    authenticated: true,
    role: role as DbRole,
    claims: payload,
    jwt,
    sub: typeof payload.sub === "string" && payload.sub !== "" ? payload.sub : undefined,
  };
}

/** The gateway's check: a present apikey must be an anon or service_role key of this stack. */
async function checkApiKey(verifier: JwtVerifier, key: string | undefined): Promise<void> {
  if (key === undefined) {
    throw ERRORS.apiKey("No API key found in request", "No `apikey` request header or url param was found.");
  }
  const payload = await verifier.verifyOrNull(key);
  if (!payload || (payload.role !== "anon" && payload.role !== "service_role")) {
    throw ERRORS.apiKey("Invalid API key", "Double check your Supabase `anon` or `service_role` API key.");
  }
}

/**
 * For routes Storage protects with its JWT plugin: the apikey must be valid and the bearer
 * token (or, when no Authorization header is sent, the apikey itself, as the hosted gateway
 * does) must verify. A bad token is Storage's AccessDenied with jose's message.
 */
export async function requireCaller(verifier: JwtVerifier, req: IncomingMessage, query: URLSearchParams): Promise<Caller> {
  const key = apiKeyOf(req, query);
  await checkApiKey(verifier, key);
  const token = bearer(req) ?? key ?? "";
  let payload: JWTPayload;
  try {
    payload = await verifier.verify(token);
  } catch (err) {
    const message = err instanceof joseErrors.JOSEError ? err.message : "Invalid JWT";
    throw ERRORS.accessDenied(message);
  }
  return callerFrom(payload, token);
}

/**
 * For Storage's `allowInvalidJwt` routes (GET /object/{bucket}/{path}, object info): a
 * missing or bad token just means "not authenticated", which only public buckets serve.
 */
export async function optionalCaller(verifier: JwtVerifier, req: IncomingMessage, query: URLSearchParams): Promise<Caller> {
  const key = apiKeyOf(req, query);
  if (key !== undefined && !(await verifier.verifyOrNull(key))) {
    throw ERRORS.apiKey("Invalid API key", "Double check your Supabase `anon` or `service_role` API key.");
  }
  const token = bearer(req) ?? key;
  if (token === undefined) return UNAUTHENTICATED;
  const payload = await verifier.verifyOrNull(token);
  return payload ? callerFrom(payload, token) : UNAUTHENTICATED;
}
