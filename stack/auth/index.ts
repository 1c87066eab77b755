/**
 * Local Supabase Auth: the subset of the GoTrue HTTP API that @supabase/supabase-js and
 * @supabase/ssr use, with GoTrue's request/response shapes, status codes and error codes, on
 * top of the same auth.* tables. It exists because no GoTrue binary can be installed here;
 * it is a development/test stand-in and refuses to run in production.
 *
 * Layout: router.ts (Kong-style API-key check + routes) -> routes/* (one file per endpoint
 * family) -> users.ts / sessions.ts / refresh.ts / pkce.ts / verifyTokens.ts (data rules)
 * and mail.ts (Indonesian e-mails to Resend or the local outbox).
 */
import type pg from "pg";
import type { StackConfig } from "../config";
import type { ServiceHandler } from "../gateway";
import type { SigningKey } from "../jwks";
import type { AuthDeps } from "./context";
import { ensureLocalSchema } from "./db";
import { HttpError, renderError } from "./errors";
import { createAuthRequest, sendJson } from "./http";
import { createMailer } from "./mail";
import { RateLimiter } from "./ratelimit";
import { dispatch } from "./router";
import { loadAuthSettings } from "./settings";

export interface LocalServiceOptions {
  cfg: StackConfig;
  pool: pg.Pool;
  log: (line: string) => void;
  /** Signs access tokens (ES256); see ../jwks.ts. */
  signingKey: SigningKey;
}

/** One log line: the user-facing message plus the hidden cause (Postgres code, first stack frame). */
function describeCause(err: unknown): string {
  const outer = err instanceof Error ? err.message : String(err);
  const cause = err instanceof HttpError && err.internal !== undefined ? err.internal : err;
  if (!(cause instanceof Error)) return outer;
  const code = (cause as Error & { code?: unknown }).code;
  const frame = cause.stack?.split("\n").find((l) => l.trim().startsWith("at "))?.trim() ?? "";
  const detail = `${cause.name}${typeof code === "string" ? ` ${code}` : ""}: ${cause.message}`;
  return cause === err ? `${detail} ${frame}` : `${outer} <- ${detail} ${frame}`;
}

export async function createAuthService({ cfg, pool, log, signingKey }: LocalServiceOptions): Promise<{ handle: ServiceHandler }> {
  if (process.env.NODE_ENV === "production") {
    throw new Error(
      "The local Auth service is a development/test stand-in for Supabase Auth and refuses to start when NODE_ENV=production. " +
        "Point the app at a hosted Supabase project instead.",
    );
  }
  const settings = loadAuthSettings(cfg, signingKey);
  await ensureLocalSchema(pool);
  const mailer = createMailer(log);
  const deps: AuthDeps = { pool, settings, mailer, limiter: new RateLimiter(settings), log };

  const handle: ServiceHandler = async (req, res, path) => {
    const ar = createAuthRequest(req, res, path);
    try {
      await dispatch(ar, deps);
    } catch (err) {
      const rendered = renderError(err, ar.apiVersion2024, ar.requestId);
      if (rendered.status >= 500) {
        log(`[auth] ${ar.method} ${ar.pathname} -> ${rendered.status} (request ${ar.requestId}): ${describeCause(err)}`);
      }
      if (res.headersSent) {
        res.end();
        return;
      }
      sendJson(ar, rendered.status, rendered.body, rendered.headers);
    }
  };
  return { handle };
}
