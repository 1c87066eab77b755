import { afterEach, describe, expect, it } from "vitest";
import { EnvError, parseEnv, publicEnv, resetEnvCache, schemas, serverEnv, configuredProviders } from "./env";

const validServer = {
  SUPABASE_SERVICE_ROLE_KEY: "service-key",
  DATABASE_URL: "postgresql://postgres:postgres@127.0.0.1:5432/postgres",
};

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(EnvError);
    return (err as Error).message;
  }
  throw new Error("expected an EnvError");
}

describe("parseEnv (public)", () => {
  it("accepts valid values", () => {
    const env = parseEnv(schemas.publicSchema, {
      NEXT_PUBLIC_SUPABASE_URL: "http://127.0.0.1:54321",
      NEXT_PUBLIC_SUPABASE_ANON_KEY: "anon",
      NEXT_PUBLIC_SITE_URL: "https://app.example.id",
    });
    expect(env.NEXT_PUBLIC_SUPABASE_URL).toBe("http://127.0.0.1:54321");
  });

  it("names a single missing variable in one line", () => {
    const msg = message(() =>
      parseEnv(schemas.publicSchema, { NEXT_PUBLIC_SUPABASE_ANON_KEY: "anon", NEXT_PUBLIC_SITE_URL: "http://localhost:3000" }),
    );
    expect(msg).toBe("Missing environment variable NEXT_PUBLIC_SUPABASE_URL (see .env.example)");
    expect(msg).not.toContain("\n");
  });

  it("treats an empty value as missing and lists several together", () => {
    const msg = message(() => parseEnv(schemas.publicSchema, { NEXT_PUBLIC_SUPABASE_URL: "  ", NEXT_PUBLIC_SITE_URL: "http://x.id" }));
    expect(msg).toBe("Missing environment variables NEXT_PUBLIC_SUPABASE_URL, NEXT_PUBLIC_SUPABASE_ANON_KEY (see .env.example)");
  });

  it("reports an invalid URL with the variable name", () => {
    const msg = message(() =>
      parseEnv(schemas.publicSchema, { NEXT_PUBLIC_SUPABASE_URL: "not a url", NEXT_PUBLIC_SUPABASE_ANON_KEY: "a", NEXT_PUBLIC_SITE_URL: "http://x.id" }),
    );
    expect(msg).toMatch(/^Invalid environment variable NEXT_PUBLIC_SUPABASE_URL: .+ \(see \.env\.example\)$/);
  });

  it("rejects non-http URLs", () => {
    const msg = message(() =>
      parseEnv(schemas.publicSchema, { NEXT_PUBLIC_SUPABASE_URL: "ftp://x.id", NEXT_PUBLIC_SUPABASE_ANON_KEY: "a", NEXT_PUBLIC_SITE_URL: "http://x.id" }),
    );
    expect(msg).toContain("NEXT_PUBLIC_SUPABASE_URL");
  });
});

describe("parseEnv (server)", () => {
  it("accepts the minimum and derives flags", () => {
    const env = parseEnv(schemas.serverSchema, { ...validServer, SMA_LOCAL_STACK: "1", OPENAI_API_KEY: "" });
    expect(env.SMA_LOCAL_STACK).toBe(true);
    expect(env.OPENAI_API_KEY).toBeUndefined();
    expect(env.NODE_ENV).toBe("development");
  });

  it("requires a postgres connection string", () => {
    expect(message(() => parseEnv(schemas.serverSchema, { ...validServer, DATABASE_URL: "mysql://x" }))).toBe(
      "Invalid environment variable DATABASE_URL: must be a postgres:// connection string (see .env.example)",
    );
  });

  it("requires CRON_SECRET in production only", () => {
    expect(() => parseEnv(schemas.serverSchema, { ...validServer, NODE_ENV: "development" })).not.toThrow();
    expect(message(() => parseEnv(schemas.serverSchema, { ...validServer, NODE_ENV: "production" }))).toBe(
      "Missing environment variable CRON_SECRET: is required in production (see .env.example)",
    );
    expect(() => parseEnv(schemas.serverSchema, { ...validServer, NODE_ENV: "production", CRON_SECRET: "x".repeat(32) })).not.toThrow();
  });

  it("rejects a short CRON_SECRET", () => {
    expect(message(() => parseEnv(schemas.serverSchema, { ...validServer, CRON_SECRET: "short" }))).toContain("CRON_SECRET");
  });

  it("rejects a malformed flag", () => {
    expect(message(() => parseEnv(schemas.serverSchema, { ...validServer, SMA_LOCAL_STACK: "yes" }))).toContain("SMA_LOCAL_STACK");
  });
});

describe("publicEnv / serverEnv", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetEnvCache();
  });

  it("validates lazily on first read", () => {
    process.env.NEXT_PUBLIC_SUPABASE_URL = "http://127.0.0.1:1";
    process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY = "anon";
    delete process.env.NEXT_PUBLIC_SITE_URL;
    resetEnvCache();
    expect(() => publicEnv.NEXT_PUBLIC_SUPABASE_URL).toThrow("Missing environment variable NEXT_PUBLIC_SITE_URL (see .env.example)");
    process.env.NEXT_PUBLIC_SITE_URL = "http://localhost:3000";
    resetEnvCache();
    expect(publicEnv.NEXT_PUBLIC_SITE_URL).toBe("http://localhost:3000");
  });

  it("reports providers as booleans only", () => {
    Object.assign(process.env, validServer, { OPENAI_API_KEY: "sk-secret", RESEND_API_KEY: "", FONNTE_TOKEN: "tok" });
    resetEnvCache();
    const providers = configuredProviders(serverEnv());
    expect(providers).toEqual({ openai: true, resend: false, fonnte: true });
    expect(JSON.stringify(providers)).not.toContain("secret");
  });
});
