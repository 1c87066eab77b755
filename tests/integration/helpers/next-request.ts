/**
 * Next.js request plumbing for tests that call src/lib and route handlers directly
 * (api.test.ts): a stand-in for next/headers, the stack env the app reads, real session
 * cookies from the Auth service, and small request/response helpers.
 *
 * The test file installs the stand-in with
 *   vi.mock("next/headers", async () => (await import("./helpers/next-request")).nextHeadersMock);
 * and picks the current request's cookies and headers with useRequest().
 */
import { createServerClient } from "@supabase/ssr";
import { NextRequest } from "next/server";
import { resetEnvCache } from "../../../src/lib/env";
import { testEnv } from "./env";
import { TEST_PASSWORD } from "./users";

// The session helpers read cookies and headers through next/headers, which only exists inside
// a Next.js request; stand in for one request whose cookies and headers the tests set.
export const fakeRequest = { cookies: new Map<string, string>(), headers: new Map<string, string>() };

/** What the mocked next/headers module exports. */
export const nextHeadersMock = {
  cookies: async () => ({
    getAll: () => [...fakeRequest.cookies].map(([name, value]) => ({ name, value })),
    get: (name: string) => (fakeRequest.cookies.has(name) ? { name, value: fakeRequest.cookies.get(name) ?? "" } : undefined),
    set: (name: string, value: string) => void fakeRequest.cookies.set(name, value),
    delete: (name: string) => void fakeRequest.cookies.delete(name),
  }),
  headers: async () => new Headers([...fakeRequest.headers]),
};

export function useRequest(cookieHeader: string, headers: Record<string, string> = {}): void {
  fakeRequest.cookies.clear();
  for (const part of cookieHeader.split("; ").filter(Boolean)) {
    const at = part.indexOf("=");
    fakeRequest.cookies.set(part.slice(0, at), part.slice(at + 1));
  }
  fakeRequest.headers = new Map(Object.entries(headers));
}

/** The env the app gets from the stack (bin/test exports it; a bare vitest run derives it). */
export async function useStackEnv(): Promise<void> {
  const env = await testEnv();
  process.env.NEXT_PUBLIC_SUPABASE_URL ??= env.url;
  process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY ??= env.anonKey;
  process.env.SUPABASE_SERVICE_ROLE_KEY ??= env.serviceRoleKey;
  process.env.DATABASE_URL ??= env.dbUrl;
  process.env.NEXT_PUBLIC_SITE_URL ??= "http://localhost:3000";
  resetEnvCache();
}

/** Signs in through the real Auth service and returns the session cookies @supabase/ssr writes. */
export async function sessionCookie(email: string): Promise<string> {
  const jar = new Map<string, string>();
  const client = createServerClient(process.env.NEXT_PUBLIC_SUPABASE_URL ?? "", process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY ?? "", {
    cookies: {
      getAll: () => [...jar].map(([name, value]) => ({ name, value })),
      setAll: (cookies) => cookies.forEach((c) => (c.value ? jar.set(c.name, c.value) : jar.delete(c.name))),
    },
  });
  const { error } = await client.auth.signInWithPassword({ email, password: TEST_PASSWORD });
  if (error) throw new Error(`sign-in failed: ${error.message}`);
  return [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
}

export const post = (path: string, body: unknown, headers: Record<string, string>) =>
  new NextRequest(`http://localhost${path}`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", ...headers } });

export const json = async (res: Response) => (await res.json()) as { success: boolean; data?: unknown; error?: { code: string; message: string } };
