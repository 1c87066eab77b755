/**
 * Environment variables, validated with zod so a misconfigured deployment fails with one
 * readable line ("Missing environment variable X (see .env.example)") instead of a cryptic
 * error deep inside a client library.
 *
 * - `publicEnv`: the NEXT_PUBLIC_* values. They are read with literal `process.env.NAME`
 *   expressions because Next.js inlines exactly those into browser bundles.
 * - `serverEnv()`: secrets and server settings, validated lazily on first use and cached, so
 *   importing this module never throws (the health route can still report a bad config).
 */
import { z } from "zod";

/** Treat `NAME=` (empty) like an unset variable: that is what a half-filled .env file means. */
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });

const publicSchema = z.object({
  NEXT_PUBLIC_SUPABASE_URL: z.preprocess(blankToUndefined, httpUrl),
  NEXT_PUBLIC_SUPABASE_ANON_KEY: z.preprocess(blankToUndefined, z.string()),
  NEXT_PUBLIC_SITE_URL: z.preprocess(blankToUndefined, httpUrl),
});

const flag = z.preprocess(
  blankToUndefined,
  z
    .enum(["1", "0", "true", "false"], { error: 'must be "1", "0", "true" or "false"' })
    .optional()
    .transform((v) => v === "1" || v === "true"),
);

const optionalSecret = z.preprocess(blankToUndefined, z.string().optional());

const serverSchema = z
  .object({
    NODE_ENV: z.preprocess(blankToUndefined, z.enum(["development", "production", "test"]).default("development")),
    SUPABASE_SERVICE_ROLE_KEY: z.preprocess(blankToUndefined, z.string()),
    DATABASE_URL: z.preprocess(
      blankToUndefined,
      z.string().regex(/^postgres(ql)?:\/\/\S+$/, "must be a postgres:// connection string"),
    ),
    // Optional here; the refinement below makes it mandatory for production builds.
    CRON_SECRET: z.preprocess(blankToUndefined, z.string().min(16, "must be at least 16 characters").optional()),
    RESEND_API_KEY: optionalSecret,
    EMAIL_FROM: optionalSecret,
    FONNTE_TOKEN: optionalSecret,
    OPENAI_API_KEY: optionalSecret,
    SMA_LOCAL_STACK: flag,
    // Lets the integration tests run their own queues beside the stack's worker.
    SMA_JOBS_SCHEMA: z.preprocess(
      blankToUndefined,
      z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, "must be a lower-case SQL identifier").default("pgboss"),
    ),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.SMA_LOCAL_STACK && env.CRON_SECRET === undefined) {
      ctx.addIssue({ code: "custom", path: ["CRON_SECRET"], message: "is required in production" });
    }
  });

export type PublicEnv = z.output<typeof publicSchema>;
export type ServerEnv = z.output<typeof serverSchema>;

/** Thrown for a missing or invalid variable; the message is the single line to show. */
export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EnvError";
  }
}

/**
 * Validates `source` against `schema` and turns the first problem into one line. Missing
 * variables are listed together because fixing them one deploy at a time is painful.
 */
export function parseEnv<S extends z.ZodType>(schema: S, source: Record<string, string | undefined>): z.output<S> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const missing: string[] = [];
  let invalid: string | null = null;
  for (const issue of result.error.issues) {
    const name = String(issue.path[0] ?? "");
    const raw = source[name];
    const absent = raw === undefined || raw.trim() === "";
    if (absent && issue.code === "invalid_type") {
      if (!missing.includes(name)) missing.push(name);
    } else if (absent && issue.code === "custom") {
      invalid ??= `Missing environment variable ${name}: ${issue.message}`;
    } else {
      invalid ??= `Invalid environment variable ${name}: ${issue.message}`;
    }
  }
  if (missing.length === 1) throw new EnvError(`Missing environment variable ${missing[0]} (see .env.example)`);
  if (missing.length > 1) throw new EnvError(`Missing environment variables ${missing.join(", ")} (see .env.example)`);
  throw new EnvError(`${invalid ?? "Invalid environment"} (see .env.example)`);
}

let publicCache: PublicEnv | null = null;

function loadPublicEnv(): PublicEnv {
  publicCache ??= parseEnv(publicSchema, {
    NEXT_PUBLIC_SUPABASE_URL: process.env.NEXT_PUBLIC_SUPABASE_URL,
    NEXT_PUBLIC_SUPABASE_ANON_KEY: process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY,
    NEXT_PUBLIC_SITE_URL: process.env.NEXT_PUBLIC_SITE_URL,
  });
  return publicCache;
}

/** Public settings; safe in the browser. Reading any field validates all three once. */
export const publicEnv: Readonly<PublicEnv> = Object.freeze({
  get NEXT_PUBLIC_SUPABASE_URL() {
    return loadPublicEnv().NEXT_PUBLIC_SUPABASE_URL;
  },
  get NEXT_PUBLIC_SUPABASE_ANON_KEY() {
    return loadPublicEnv().NEXT_PUBLIC_SUPABASE_ANON_KEY;
  },
  get NEXT_PUBLIC_SITE_URL() {
    return loadPublicEnv().NEXT_PUBLIC_SITE_URL;
  },
});

let serverCache: ServerEnv | null = null;

/** Server-only settings (secrets). Throws EnvError with one line naming the variable. */
export function serverEnv(): ServerEnv {
  if (typeof window !== "undefined") {
    throw new EnvError("serverEnv() was called in the browser; secrets are only available on the server");
  }
  serverCache ??= parseEnv(serverSchema, process.env);
  return serverCache;
}

/** Which optional providers are configured: booleans only, never the values. */
export function configuredProviders(env: ServerEnv = serverEnv()): { openai: boolean; resend: boolean; fonnte: boolean } {
  return {
    openai: env.OPENAI_API_KEY !== undefined,
    resend: env.RESEND_API_KEY !== undefined,
    fonnte: env.FONNTE_TOKEN !== undefined,
  };
}

/** For tests: forget cached values so a changed process.env is read again. */
export function resetEnvCache(): void {
  publicCache = null;
  serverCache = null;
}

export const schemas = { publicSchema, serverSchema } as const;
