import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "../env";
import { runHealthChecks } from "./checks";

const saved = { ...process.env };

beforeAll(() => {
  Object.assign(process.env, {
    NEXT_PUBLIC_SUPABASE_URL: "http://supabase.test/",
    NEXT_PUBLIC_SUPABASE_ANON_KEY: "anon-key",
    NEXT_PUBLIC_SITE_URL: "http://localhost:3000",
    SUPABASE_SERVICE_ROLE_KEY: "service-key",
    DATABASE_URL: "postgresql://postgres:postgres@127.0.0.1:9/postgres",
    FONNTE_TOKEN: "fonnte-secret",
  });
  resetEnvCache();
});

afterAll(() => {
  process.env = { ...saved };
  resetEnvCache();
});

/** A fetch that answers by path and records what it was asked. */
function fakeFetch(status: Record<string, number>) {
  const calls: { url: string; method: string; key: string | null }[] = [];
  const impl: typeof fetch = async (input, init) => {
    const url = String(input);
    const headers = new Headers(init?.headers);
    calls.push({ url, method: init?.method ?? "GET", key: headers.get("apikey") });
    const path = new URL(url).pathname;
    return new Response("{}", { status: status[path] ?? 200 });
  };
  return { impl, calls };
}

describe("runHealthChecks", () => {
  it("checks the database through PostgREST, Auth and Storage with the right keys", async () => {
    const { impl, calls } = fakeFetch({});
    const report = await runHealthChecks(impl);
    expect(report).toMatchObject({ status: "ok", failing: [], providers: { openai: false, resend: false, fonnte: true } });
    expect(calls).toEqual(
      expect.arrayContaining([
        { url: "http://supabase.test/rest/v1/rpc/health_ping", method: "POST", key: "anon-key" },
        { url: "http://supabase.test/auth/v1/health", method: "GET", key: "anon-key" },
        { url: "http://supabase.test/storage/v1/bucket", method: "GET", key: "service-key" },
      ]),
    );
    expect(JSON.stringify(report)).not.toContain("fonnte-secret");
  });

  it("names only the failing part", async () => {
    const { impl } = fakeFetch({ "/storage/v1/bucket": 503 });
    const report = await runHealthChecks(impl);
    expect(report.status).toBe("error");
    expect(report.failing).toEqual(["storage"]);
    expect(report.checks.storage).toMatchObject({ status: "error", error: "HTTP 503" });
    expect(report.checks.database?.status).toBe("ok");
  });

  it("reports a network failure as that check failing", async () => {
    const impl: typeof fetch = async (input) => {
      if (String(input).includes("/auth/")) throw new TypeError("fetch failed");
      return new Response("{}");
    };
    const report = await runHealthChecks(impl);
    expect(report.failing).toEqual(["auth"]);
    expect(report.checks.auth?.error).toBe("fetch failed");
  });
});
