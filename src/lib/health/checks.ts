/**
 * The checks behind GET /api/health: can the app reach the database (through PostgREST),
 * Auth and Storage, and how long each took. Providers are reported as configured or not,
 * never with their values.
 */
import { configuredProviders, EnvError, publicEnv, serverEnv } from "../env";

export type CheckName = "config" | "database" | "auth" | "storage";

export interface CheckResult {
  status: "ok" | "error";
  latencyMs: number;
  /** Short reason when failing; never secrets or upstream bodies. */
  error?: string;
}

export interface HealthReport {
  status: "ok" | "error";
  failing: CheckName[];
  checks: Partial<Record<CheckName, CheckResult>>;
  providers: { openai: boolean; resend: boolean; fonnte: boolean };
}

const TIMEOUT_MS = 3_000;

async function timed(run: () => Promise<void>): Promise<CheckResult> {
  const started = performance.now();
  try {
    await run();
    return { status: "ok", latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    const reason = err instanceof Error ? (err.name === "TimeoutError" ? `timed out after ${TIMEOUT_MS} ms` : err.message) : "failed";
    return { status: "error", latencyMs: Math.round(performance.now() - started), error: reason };
  }
}

async function expectOk(fetchImpl: typeof fetch, url: string, init: RequestInit): Promise<void> {
  const res = await fetchImpl(url, { ...init, cache: "no-store", signal: AbortSignal.timeout(TIMEOUT_MS) });
  // Drain the body so the connection can be reused.
  await res.arrayBuffer().catch(() => undefined);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
}

export async function runHealthChecks(fetchImpl: typeof fetch = fetch): Promise<HealthReport> {
  let url: string;
  let anonKey: string;
  let serviceKey: string;
  let providers: HealthReport["providers"] = { openai: false, resend: false, fonnte: false };
  try {
    url = publicEnv.NEXT_PUBLIC_SUPABASE_URL.replace(/\/+$/, "");
    anonKey = publicEnv.NEXT_PUBLIC_SUPABASE_ANON_KEY;
    const env = serverEnv();
    serviceKey = env.SUPABASE_SERVICE_ROLE_KEY;
    providers = configuredProviders(env);
  } catch (err) {
    // A configuration error names the variable, which is safe and is exactly what to fix.
    const error = err instanceof EnvError ? err.message : "invalid configuration";
    return { status: "error", failing: ["config"], checks: { config: { status: "error", latencyMs: 0, error } }, providers };
  }
  const call = (path: string, key: string, method: "GET" | "POST" = "GET") =>
    expectOk(fetchImpl, `${url}${path}`, {
      method,
      headers: { apikey: key, authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: method === "POST" ? "{}" : undefined,
    });

  const [database, auth, storage] = await Promise.all([
    // An RPC (public.health_ping) makes PostgREST run a query, so this proves the database answers.
    timed(() => call("/rest/v1/rpc/health_ping", anonKey, "POST")),
    timed(() => call("/auth/v1/health", anonKey)),
    timed(() => call("/storage/v1/bucket", serviceKey)),
  ]);
  const checks = { database, auth, storage };
  const failing = (["database", "auth", "storage"] as const).filter((k) => checks[k].status !== "ok");
  return { status: failing.length === 0 ? "ok" : "error", failing, checks, providers };
}
