/**
 * GoTrue's per-client request limits. As in GoTrue, they only apply when a rate-limit header
 * is configured (hosted sets one at its edge; SMA_AUTH_RATE_LIMIT_HEADER here): the header's
 * first value identifies the client. Token buckets refill `limit` requests per 5 minutes.
 */
import { tooManyRequests } from "./errors";
import type { AuthRequest } from "./http";
import type { AuthSettings } from "./settings";

export type LimitName = "token" | "verify" | "otp";

const WINDOW_MS = 5 * 60 * 1000;

interface Bucket {
  tokens: number;
  updated: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly settings: AuthSettings) {}

  check(ar: AuthRequest, name: LimitName): void {
    const headerName = this.settings.rateLimitHeader;
    if (!headerName) return;
    const key = ar.header(headerName)?.split(",")[0]?.trim();
    if (!key) return;
    const limit = this.settings.rateLimits[name];
    const now = Date.now();
    const id = `${name}:${key}`;
    const bucket = this.buckets.get(id) ?? { tokens: limit, updated: now };
    bucket.tokens = Math.min(limit, bucket.tokens + ((now - bucket.updated) / WINDOW_MS) * limit);
    bucket.updated = now;
    if (bucket.tokens < 1) {
      this.buckets.set(id, bucket);
      throw tooManyRequests("over_request_rate_limit", "Request rate limit reached");
    }
    bucket.tokens -= 1;
    this.buckets.set(id, bucket);
    if (this.buckets.size > 10_000) this.prune(now);
  }

  /** Full buckets carry no state worth keeping. */
  private prune(now: number): void {
    for (const [id, b] of this.buckets) if (now - b.updated > WINDOW_MS) this.buckets.delete(id);
  }
}
