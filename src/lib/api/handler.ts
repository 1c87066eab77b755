/**
 * defineRoute(): the one wrapper every Route Handler goes through. In order it
 *   1. takes or makes the request id (x-request-id in and out, on every log line);
 *   2. authenticates: 'user' = verified Supabase session (access token checked against Auth's JWKS;
 *      requestSession() reuses this process's verification of a token), 'cron' = Bearer CRON_SECRET,
 *      'public' = nobody required (the user is still resolved when a session exists);
 *   3. validates params, query and JSON body with zod, in the user's language;
 *   4. checks `role` against the business named in params/body/query (`businessId`) or
 *      else the active business, with has_role_on_business() in Postgres;
 *   5. honours Idempotency-Key on POST when `idempotent` is set;
 *   6. answers with the envelope ({ success, data | error, meta }) and the right status.
 */
import { timingSafeEqual, createHash } from "node:crypto";
import type { SupabaseClient } from "@supabase/supabase-js";
import { unstable_rethrow } from "next/navigation";
import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";
import { hasRoleOnBusiness, loadMemberships, loadMembershipsCached, pickActiveBusiness, roleAtLeast, ACTIVE_BUSINESS_COOKIE, type BusinessRole } from "../auth/memberships";
import { serverEnv } from "../env";
import { createLogger, REQUEST_ID_HEADER, resolveRequestId, type Logger } from "../logger";
import type { Database, Json } from "../supabase/database.types";
import { createRequestClient, requestSession, type RequestSession, type SessionUser } from "../supabase/request";
import { fail, ok, type PageMeta } from "./envelope";
import { AppError, ERROR_STATUS, localeFromCookie, LOCALE_COOKIE, type Locale } from "./errors";
import {
  canonicalPath,
  IDEMPOTENCY_HEADER,
  isValidIdempotencyKey,
  REPLAYED_HEADER,
  requestHash,
  runIdempotent,
  supabaseIdempotencyStore,
  toJson,
} from "./idempotency";
import { validate } from "./validation";

export type RouteAuth = "user" | "public" | "cron";
type AnySchema = z.ZodType;
type Parsed<S> = S extends AnySchema ? z.output<S> : undefined;

export interface RouteConfig<B extends AnySchema | undefined, Q extends AnySchema | undefined, P extends AnySchema | undefined, A extends RouteAuth> {
  auth: A;
  body?: B;
  query?: Q;
  params?: P;
  /** Minimum role on the business the request is about; requires auth 'user'. */
  role?: BusinessRole;
  /** Honour the Idempotency-Key header on POST; requires auth 'user' (keys are per user). */
  idempotent?: boolean;
}

export interface RouteContext<B, Q, P, A extends RouteAuth> {
  request: NextRequest;
  body: Parsed<B>;
  query: Parsed<Q>;
  params: Parsed<P>;
  user: A extends "user" ? SessionUser : SessionUser | null;
  /** Carries the user's session (RLS applies). For 'cron' routes use createAdminClient(). */
  supabase: SupabaseClient<Database>;
  /** The business `role` was checked against; null when the route has no `role`. */
  businessId: string | null;
  requestId: string;
  locale: Locale;
  log: Logger;
}

/** What a handler returns for a non-200 status, a page `meta`, or extra headers. */
export class RouteReply<T> {
  constructor(
    readonly data: T,
    readonly init: { status?: number; meta?: PageMeta; headers?: Record<string, string> } = {},
  ) {}
}

export function reply<T>(data: T, init?: { status?: number; meta?: PageMeta; headers?: Record<string, string> }): RouteReply<T> {
  return new RouteReply(data, init);
}

/** Handlers return data (-> 200 envelope), reply(...) or, for files and redirects, a Response. */
export type RouteResult<T> = T | RouteReply<T> | Response;

type NextRouteContext = { params: Promise<Record<string, string | string[] | undefined>> };
export type RouteFunction = (request: NextRequest, context?: NextRouteContext) => Promise<Response>;

const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function defineRoute<
  T,
  A extends RouteAuth,
  B extends AnySchema | undefined = undefined,
  Q extends AnySchema | undefined = undefined,
  P extends AnySchema | undefined = undefined,
>(config: RouteConfig<B, Q, P, A>, handler: (ctx: RouteContext<B, Q, P, A>) => Promise<RouteResult<T>>): RouteFunction {
  if ((config.role || config.idempotent) && config.auth !== "user") {
    throw new Error("defineRoute: `role` and `idempotent` need auth: 'user'");
  }
  return async (request, context) => {
    const started = Date.now();
    const requestId = resolveRequestId(request.headers.get(REQUEST_ID_HEADER));
    const locale = localeFromCookie(request.cookies.get(LOCALE_COOKIE)?.value);
    const log = createLogger({ requestId });
    let session: RequestSession | null = null;
    let userId: string | null = null;
    let response: NextResponse;
    try {
      let user: SessionUser | null = null;
      if (config.auth === "cron") {
        assertCronSecret(request);
      } else {
        session = await requestSession(request);
        user = session.user;
        if (config.auth === "user" && !user) throw new AppError("UNAUTHENTICATED");
      }
      userId = user?.id ?? null;
      const rawParams = context ? await context.params : {};
      const params = config.params ? await validate(config.params, rawParams, locale) : undefined;
      const query = config.query ? await validate(config.query, searchParamsToObject(request.nextUrl.searchParams), locale) : undefined;
      const rawBody = config.body && BODY_METHODS.has(request.method) ? await readJson(request) : undefined;
      const body = config.body ? await validate(config.body, rawBody, locale) : undefined;
      // Cron routes have no session; they get an anonymous client and use the admin one.
      const supabase = session?.supabase ?? createRequestClient(request).supabase;

      let businessId: string | null = null;
      if (config.role && user) businessId = await authorizeBusiness(supabase, request, user.id, config.role, [params, body, query]);

      // The cast ties the parsed values to their schemas' types and narrows `user` for auth
      // 'user' (checked above); each was produced by exactly that schema or check.
      const ctx = { request, body, query, params, user, supabase, businessId, requestId, locale, log } as RouteContext<B, Q, P, A>;
      const run = async () => toResponse(await handler(ctx));

      const key = request.headers.get(IDEMPOTENCY_HEADER);
      if (config.idempotent && request.method === "POST" && key !== null && user) {
        if (!isValidIdempotencyKey(key)) {
          throw new AppError("VALIDATION_ERROR", { message: "INVALID_IDEMPOTENCY_KEY" });
        }
        response = await runIdempotentRoute(supabase, user.id, key, request, rawBody, run);
      } else {
        response = await run();
      }
    } catch (err) {
      unstable_rethrow(err); // let Next handle redirect() / notFound() thrown by the handler
      response = errorResponse(err, requestId, locale, log);
    }
    response.headers.set(REQUEST_ID_HEADER, requestId);
    if (session) session.applyTo(response);
    if (config.auth === "user" && !response.headers.has("cache-control")) response.headers.set("cache-control", "private, no-store");
    log.info("request", { method: request.method, path: request.nextUrl.pathname, status: response.status, ms: Date.now() - started, userId });
    return response;
  };
}

async function runIdempotentRoute(
  supabase: SupabaseClient<Database>,
  userId: string,
  key: string,
  request: NextRequest,
  rawBody: unknown,
  run: () => Promise<NextResponse>,
): Promise<NextResponse> {
  let produced: NextResponse | null = null;
  const outcome = await runIdempotent({
    store: supabaseIdempotencyStore(supabase, userId),
    key,
    hash: requestHash(request.method, canonicalPath(request.nextUrl), rawBody),
    execute: async () => {
      produced = await run();
      const body = await storedBody(produced);
      return { status: produced.status, body, storable: body !== null };
    },
  });
  if (!outcome.replayed && produced) return produced;
  const replay = NextResponse.json(outcome.body, { status: outcome.status });
  replay.headers.set(REPLAYED_HEADER, "true");
  return replay;
}

/** The JSON body of a response (null when it is not JSON), read from a clone so the original can still be sent. */
async function storedBody(response: NextResponse): Promise<Json> {
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("application/json")) return null;
  return toJson(await response.clone().json());
}

function toResponse<T>(result: RouteResult<T>): NextResponse {
  if (result instanceof NextResponse) return result;
  if (result instanceof Response) {
    return new NextResponse(result.body, { status: result.status, statusText: result.statusText, headers: result.headers });
  }
  if (result instanceof RouteReply) {
    const res = NextResponse.json(ok(result.data, result.init.meta), { status: result.init.status ?? 200 });
    for (const [k, v] of Object.entries(result.init.headers ?? {})) res.headers.set(k, v);
    return res;
  }
  return NextResponse.json(ok(result));
}

export function errorResponse(err: unknown, requestId: string, locale: Locale, log: Logger): NextResponse {
  const body = fail(err, { requestId, locale, log });
  const res = NextResponse.json(body, { status: ERROR_STATUS[body.error.code] });
  if (err instanceof AppError && err.retryAfter !== undefined) res.headers.set("retry-after", String(err.retryAfter));
  return res;
}

async function readJson(request: NextRequest): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("VALIDATION_ERROR", { message: "INVALID_JSON" });
  }
}

/** `?a=1&a=2&b=3` -> `{ a: ["1", "2"], b: "3" }`; zod coerces from there. */
export function searchParamsToObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    out[key] = values.length === 1 ? (values[0] ?? "") : values;
  }
  return out;
}

function businessIdFrom(source: unknown): string | null {
  if (typeof source !== "object" || source === null) return null;
  const record = source as Record<string, unknown>;
  const value = record.businessId ?? record.business_id;
  return typeof value === "string" && value !== "" ? value : null;
}

/**
 * Resolves the business the request is about and checks the role there. A business the user
 * is not a member of answers NOT_FOUND (its existence is none of their business); a member
 * with too low a role gets FORBIDDEN.
 */
async function authorizeBusiness(
  supabase: SupabaseClient<Database>,
  request: NextRequest,
  userId: string,
  role: BusinessRole,
  sources: unknown[],
): Promise<string> {
  const explicit = sources.map(businessIdFrom).find((id) => id !== null) ?? null;
  if (!explicit) {
    // The active business is one of the memberships read from business_members (under RLS,
    // remembered for a few seconds: loadMembershipsCached); its role there is exactly what
    // has_role_on_business() would look up, so no second round trip is needed.
    const active = pickActiveBusiness(await loadMembershipsCached(supabase, userId), request.cookies.get(ACTIVE_BUSINESS_COOKIE)?.value);
    if (!active) throw new AppError("FORBIDDEN", { message: "NO_ACTIVE_BUSINESS" });
    if (roleAtLeast(active.role, role)) return active.id;
    throw new AppError("FORBIDDEN");
  }
  // A remembered membership with the role answers without a round trip; anything else asks
  // the database (a refusal is never taken from the cache).
  const known = (await loadMembershipsCached(supabase, userId)).find((m) => m.id === explicit);
  if (known && roleAtLeast(known.role, role)) return explicit;
  if (await hasRoleOnBusiness(supabase, explicit, role)) return explicit;
  const memberships = await loadMemberships(supabase, userId);
  throw new AppError(memberships.some((m) => m.id === explicit) ? "FORBIDDEN" : "NOT_FOUND");
}

/** Constant-time comparison of the Bearer token with CRON_SECRET (hashing equalises lengths). */
function assertCronSecret(request: NextRequest): void {
  const secret = serverEnv().CRON_SECRET;
  const header = request.headers.get("authorization") ?? "";
  const token = header.startsWith("Bearer ") ? header.slice(7) : "";
  if (!secret || !token) throw new AppError("UNAUTHENTICATED", { message: "CRON_UNAUTHORIZED" });
  const a = createHash("sha256").update(token).digest();
  const b = createHash("sha256").update(secret).digest();
  if (!timingSafeEqual(a, b)) throw new AppError("UNAUTHENTICATED", { message: "CRON_UNAUTHORIZED" });
}
