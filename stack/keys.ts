/**
 * The anon and service_role API keys are JWTs signed with the stack's JWT secret, exactly
 * like a hosted project's. They are derived deterministically (fixed iat/exp) so the
 * same secret always yields the same keys.
 */
import { SignJWT } from "jose";

const ISSUED_AT = 1_700_000_000; // fixed so keys are stable between runs
const EXPIRES_AT = 2_000_000_000; // 2033

async function sign(role: "anon" | "service_role", secret: string): Promise<string> {
  return new SignJWT({ role, iss: "supabase-local" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(ISSUED_AT)
    .setExpirationTime(EXPIRES_AT)
    .sign(new TextEncoder().encode(secret));
}

export async function apiKeys(secret: string): Promise<{ anonKey: string; serviceRoleKey: string }> {
  return { anonKey: await sign("anon", secret), serviceRoleKey: await sign("service_role", secret) };
}
