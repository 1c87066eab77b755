/**
 * Rate limiting backed by Postgres (`public.rate_limit_hit`, see the 20260101000300
 * migration), so every serverless instance shares one counter. Sliding-window counter:
 * the previous fixed window counts in proportion to how much of it still overlaps the
 * sliding window. Denied attempts are not counted, so retry_after stays honest.
 *
 * Keys (IP addresses, e-mails) are hashed before they reach the database.
 */
import "server-only";
import { createHash } from "node:crypto";
import { isIP } from "node:net";
import { rateLimited } from "./api/errors";
import { logger } from "./logger";
import { createAdminClient } from "./supabase/admin";

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until an attempt would be allowed again; 0 when allowed. */
  retryAfter: number;
}

export interface WindowState {
  limit: number;
  windowSeconds: number;
  /** Allowed hits in the previous fixed window. */
  prevHits: number;
  /** Allowed hits in the current fixed window, not counting the attempt being decided. */
  currHits: number;
  /** Seconds since the current fixed window started, in [0, windowSeconds). */
  elapsedSeconds: number;
}

/**
 * The decision `rate_limit_hit_at()` makes in SQL, written out in TypeScript as its
 * reference model: unit tests pin the arithmetic here and the integration tests check the
 * SQL gives the same answers. The SQL is what runs.
 */
export function slidingWindowDecision(s: WindowState): RateLimitResult {
  const { limit, windowSeconds: w, prevHits, currHits, elapsedSeconds: e } = s;
  if (prevHits * (1 - e / w) + currHits + 1 <= limit) return { allowed: true, retryAfter: 0 };
  let wait: number;
  if (currHits + 1 <= limit) {
    const room = limit - currHits - 1;
    wait = w * (1 - room / prevHits) - e;
  } else {
    wait = w - e + Math.max(0, w * (1 - (limit - 1) / currHits));
  }
  return { allowed: false, retryAfter: Math.max(1, Math.ceil(wait)) };
}

/** sha256 hex of a key: the counters identify an attacker without storing who they are. */
export function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

const BUCKET = /^[a-z0-9_.:-]{1,100}$/;

/**
 * Counts one attempt for `key` in `bucket` and says whether it may proceed: at most `limit`
 * attempts per sliding `windowSec`. If the counter cannot be reached the attempt is allowed
 * and the failure logged: an outage of this table must not lock every user out.
 */
export async function checkRateLimit(bucket: string, key: string, limit: number, windowSec: number): Promise<RateLimitResult> {
  if (!BUCKET.test(bucket)) throw new Error(`Invalid rate-limit bucket name "${bucket}"`);
  if (!Number.isInteger(limit) || limit < 1) throw new Error("Rate limit must be a positive integer");
  if (!Number.isInteger(windowSec) || windowSec < 1 || windowSec > 86_400) throw new Error("Rate-limit window must be 1..86400 seconds");
  try {
    const { data, error } = await createAdminClient().rpc("rate_limit_hit", {
      p_bucket: bucket,
      p_key: hashKey(key),
      p_limit: limit,
      p_window_seconds: windowSec,
    });
    if (error) throw error;
    const row = Array.isArray(data) ? data[0] : undefined;
    if (!row) throw new Error("rate_limit_hit returned no row");
    return { allowed: row.allowed, retryAfter: row.retry_after };
  } catch (err) {
    logger.error("rate limit check failed; allowing the attempt", { bucket, err });
    return { allowed: true, retryAfter: 0 };
  }
}

export type AuthAttemptKind = "sign_in" | "sign_up" | "recover";

/**
 * Limits per kind. Per IP is looser than per e-mail because many people can share one IP
 * (an office, a mobile carrier's NAT); per e-mail protects one account from guessing.
 */
export const AUTH_LIMITS: Record<AuthAttemptKind, { ip: { limit: number; windowSec: number }; email: { limit: number; windowSec: number } }> = {
  sign_in: { ip: { limit: 10, windowSec: 300 }, email: { limit: 5, windowSec: 300 } },
  sign_up: { ip: { limit: 10, windowSec: 300 }, email: { limit: 5, windowSec: 300 } },
  recover: { ip: { limit: 10, windowSec: 300 }, email: { limit: 5, windowSec: 300 } },
};

/**
 * Call before a sign-in, sign-up or password-recovery attempt. Checks the IP first and only
 * then the e-mail, so an attacker blocked by IP does not also burn the account's budget.
 */
export async function limitAuthAttempt(kind: AuthAttemptKind, ip: string, email: string | null | undefined): Promise<RateLimitResult> {
  const limits = AUTH_LIMITS[kind];
  const byIp: RateLimitResult =
    ip === "unknown" ? { allowed: true, retryAfter: 0 } : await checkRateLimit(`auth:${kind}:ip`, ip, limits.ip.limit, limits.ip.windowSec);
  if (!byIp.allowed) return byIp;
  const normalizedEmail = email?.trim().toLowerCase();
  if (!normalizedEmail) return byIp;
  return checkRateLimit(`auth:${kind}:email`, normalizedEmail, limits.email.limit, limits.email.windowSec);
}

/** Throws RATE_LIMITED (429, Retry-After) when `result` denies the attempt. */
export function assertAllowed(result: RateLimitResult): void {
  if (!result.allowed) throw rateLimited(result.retryAfter);
}

interface HeaderSource {
  get(name: string): string | null;
}

/**
 * Whether x-real-ip / x-forwarded-for can be believed. Vercel overwrites them with the real
 * client address; a self-hosted app must sit behind a proxy that does the same
 * (SMA_TRUST_PROXY=1). The local stack trusts them so browser tests can act as many clients.
 * Anywhere else a client could send any value and pick its own rate-limit bucket.
 */
export function proxyHeadersTrusted(env: Record<string, string | undefined> = process.env): boolean {
  return env.VERCEL === "1" || env.SMA_TRUST_PROXY === "1" || env.SMA_LOCAL_STACK === "1";
}

/**
 * The client's IP, or "unknown" when there is none or the headers are not trusted.
 * limitAuthAttempt skips the per-IP limit for "unknown" (one shared bucket would let one
 * client lock everybody out) and still applies the per-e-mail limit.
 */
export function clientIp(headers: HeaderSource, trusted: boolean = proxyHeadersTrusted()): string {
  if (!trusted) return "unknown";
  const candidates = [headers.get("x-real-ip"), headers.get("x-forwarded-for")?.split(",")[0]];
  for (const raw of candidates) {
    const ip = raw?.trim().replace(/^\[|\]$/g, "");
    if (ip && isIP(ip)) return ip;
  }
  return "unknown";
}
