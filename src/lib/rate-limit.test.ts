import { describe, expect, it } from "vitest";
import { AUTH_LIMITS, assertAllowed, clientIp, hashKey, proxyHeadersTrusted, slidingWindowDecision } from "./rate-limit";
import { AppError } from "./api/errors";

const W = 300;

describe("slidingWindowDecision", () => {
  it("allows up to the limit in an empty window", () => {
    for (let curr = 0; curr < 5; curr++) {
      expect(slidingWindowDecision({ limit: 5, windowSeconds: W, prevHits: 0, currHits: curr, elapsedSeconds: 10 }).allowed).toBe(true);
    }
    expect(slidingWindowDecision({ limit: 5, windowSeconds: W, prevHits: 0, currHits: 5, elapsedSeconds: 10 }).allowed).toBe(false);
  });

  it("counts the previous window in proportion to its overlap", () => {
    // 10 hits last window, 25% into this one: 7.5 still count, so this window allows 2 (9.5), not 3 (10.5).
    expect(slidingWindowDecision({ limit: 10, windowSeconds: W, prevHits: 10, currHits: 0, elapsedSeconds: 75 })).toEqual({ allowed: true, retryAfter: 0 });
    expect(slidingWindowDecision({ limit: 10, windowSeconds: W, prevHits: 10, currHits: 1, elapsedSeconds: 75 }).allowed).toBe(true);
    expect(slidingWindowDecision({ limit: 10, windowSeconds: W, prevHits: 10, currHits: 2, elapsedSeconds: 75 }).allowed).toBe(false);
  });

  it("stops a burst across the window boundary (the fixed-window flaw)", () => {
    // 5 hits at the very end of the previous window, then 5 right after the boundary.
    expect(slidingWindowDecision({ limit: 5, windowSeconds: W, prevHits: 5, currHits: 0, elapsedSeconds: 1 }).allowed).toBe(false);
  });

  it("retryAfter when the previous window must slide out", () => {
    // prev 10, curr 3, limit 10, 75 s in: need 10*(1-t/300) + 4 <= 10 -> t >= 120 -> wait 45 s.
    expect(slidingWindowDecision({ limit: 10, windowSeconds: W, prevHits: 10, currHits: 3, elapsedSeconds: 75 })).toEqual({ allowed: false, retryAfter: 45 });
  });

  it("retryAfter when the current window alone is full", () => {
    // curr 5 = limit, 100 s in: wait 200 s for the next window, then 5*(1-t/300)+1 <= 5 -> t >= 60.
    expect(slidingWindowDecision({ limit: 5, windowSeconds: W, prevHits: 0, currHits: 5, elapsedSeconds: 100 })).toEqual({ allowed: false, retryAfter: 260 });
  });

  it("a limit of 1 waits for the whole next window", () => {
    expect(slidingWindowDecision({ limit: 1, windowSeconds: 60, prevHits: 0, currHits: 1, elapsedSeconds: 20 })).toEqual({ allowed: false, retryAfter: 100 });
  });

  it("retryAfter is at least 1 second and an integer", () => {
    const d = slidingWindowDecision({ limit: 10, windowSeconds: W, prevHits: 10, currHits: 0, elapsedSeconds: 29.9 });
    expect(d.allowed).toBe(false);
    expect(Number.isInteger(d.retryAfter)).toBe(true);
    expect(d.retryAfter).toBeGreaterThanOrEqual(1);
  });

  it("after waiting retryAfter the attempt is allowed", () => {
    const cases = [
      { limit: 10, windowSeconds: W, prevHits: 10, currHits: 3, elapsedSeconds: 75 },
      { limit: 7, windowSeconds: 120, prevHits: 9, currHits: 2, elapsedSeconds: 33 },
    ];
    for (const c of cases) {
      const { retryAfter } = slidingWindowDecision(c);
      const later = { ...c, elapsedSeconds: c.elapsedSeconds + retryAfter };
      expect(later.elapsedSeconds).toBeLessThan(c.windowSeconds);
      expect(slidingWindowDecision(later).allowed).toBe(true);
    }
  });
});

describe("helpers", () => {
  it("hashKey is a stable sha256 that hides the value", () => {
    expect(hashKey("sari@example.id")).toMatch(/^[0-9a-f]{64}$/);
    expect(hashKey("sari@example.id")).toBe(hashKey("sari@example.id"));
    expect(hashKey("sari@example.id")).not.toContain("sari");
  });

  it("clientIp ignores forwarding headers unless a trusted proxy sets them", () => {
    const spoofed = new Headers({ "x-forwarded-for": "198.51.100.1" });
    expect(clientIp(spoofed, false)).toBe("unknown");
    expect(clientIp(spoofed, true)).toBe("198.51.100.1");
    expect(proxyHeadersTrusted({ VERCEL: "1" })).toBe(true);
    expect(proxyHeadersTrusted({ SMA_TRUST_PROXY: "1" })).toBe(true);
    expect(proxyHeadersTrusted({})).toBe(false);
  });

  it("clientIp prefers x-real-ip, then the first x-forwarded-for entry", () => {
    expect(clientIp(new Headers({ "x-real-ip": "203.0.113.7", "x-forwarded-for": "198.51.100.1" }), true)).toBe("203.0.113.7");
    expect(clientIp(new Headers({ "x-forwarded-for": "198.51.100.1, 10.0.0.1" }), true)).toBe("198.51.100.1");
    expect(clientIp(new Headers({ "x-forwarded-for": "2001:db8::1" }), true)).toBe("2001:db8::1");
    expect(clientIp(new Headers({ "x-forwarded-for": "<script>" }), true)).toBe("unknown");
    expect(clientIp(new Headers(), true)).toBe("unknown");
  });

  it("assertAllowed throws RATE_LIMITED with the wait", () => {
    expect(() => assertAllowed({ allowed: true, retryAfter: 0 })).not.toThrow();
    try {
      assertAllowed({ allowed: false, retryAfter: 30 });
      throw new Error("expected a throw");
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe("RATE_LIMITED");
      expect((err as AppError).retryAfter).toBe(30);
    }
  });

  it("auth limits are stricter per e-mail than per IP", () => {
    for (const kind of ["sign_in", "sign_up", "recover"] as const) {
      expect(AUTH_LIMITS[kind].email.limit).toBeLessThan(AUTH_LIMITS[kind].ip.limit);
    }
  });
});
