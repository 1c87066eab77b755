/** Unique, realistic test data: every test owns its user, so tests never share state. */
import { randomBytes, randomInt } from "node:crypto";
import type { NewOwner } from "./admin-api";

const token = () => randomBytes(5).toString("hex");

/** A deliverable-looking domain: the local Auth, like hosted, refuses reserved ones (example.com, *.test). */
export function uniqueEmail(prefix = "e2e"): string {
  return `${prefix}-${Date.now().toString(36)}-${token()}@tokobatik.id`;
}

const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join("");

/** A Telkomsel mobile number as people type it ("0812-3456-7890") and as stored (E.164). */
export function mobileNumber(): { typed: string; e164: string } {
  const a = digits(4);
  const b = digits(4);
  return { typed: `0812-${a}-${b}`, e164: `+62812${a}${b}` };
}

export function strongPassword(): string {
  return `Sekar-${token()}-9`;
}

export function newOwner(label = "Toko"): NewOwner {
  const id = token();
  return {
    email: uniqueEmail(),
    password: strongPassword(),
    fullName: `Rina ${id} Wulandari`,
    businessName: `${label} Batik ${id}`,
    whatsapp: mobileNumber().e164,
  };
}

/**
 * A client address from 198.18.0.0/15 (RFC 2544, benchmarking). The app rate-limits sign-in,
 * sign-up and recovery per client IP (src/lib/rate-limit.ts); giving each test its own address
 * keeps tests, and repeated runs against one stack, from sharing that budget.
 */
export function testClientIp(): string {
  return `198.${18 + randomInt(2)}.${randomInt(256)}.${randomInt(1, 255)}`;
}
