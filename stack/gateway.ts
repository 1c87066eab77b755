/**
 * One URL in front of the local services, laid out like a Supabase project's API gateway:
 * /rest/v1 -> PostgREST, /auth/v1 -> local Auth, /storage/v1 -> local Storage.
 * Browsers call it cross-origin from the app, so it answers CORS preflights like Kong does.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { StackConfig } from "./config";
import { assertPortFree } from "./ports";

/** A local service mounted under a prefix; `path` is what follows the prefix (with query). */
export type ServiceHandler = (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void>;

const CORS_HEADERS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD",
  "access-control-allow-headers":
    "authorization, x-client-info, apikey, content-type, prefer, range, accept-profile, content-profile, x-supabase-api-version, x-upsert, cache-control, x-retry-count, x-metadata, idempotency-key",
  "access-control-expose-headers": "content-range, content-location, x-supabase-api-version, preference-applied, etag, content-disposition, last-modified, content-length",
  "access-control-max-age": "3600",
};

function proxy(req: IncomingMessage, res: ServerResponse, port: number, path: string): Promise<void> {
  return new Promise((resolve) => {
    const headers = { ...req.headers, host: `127.0.0.1:${port}` };
    const upstream = http.request({ host: "127.0.0.1", port, method: req.method, path, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, { ...up.headers, ...CORS_HEADERS });
      up.pipe(res);
      up.on("end", () => resolve());
    });
    upstream.on("error", (err) => {
      if (!res.headersSent) {
        res.writeHead(502, { "content-type": "application/json", ...CORS_HEADERS });
      }
      res.end(JSON.stringify({ message: `upstream unavailable: ${err.message}` }));
      resolve();
    });
    req.pipe(upstream);
  });
}

export async function startGateway(
  cfg: StackConfig,
  services: { auth: ServiceHandler; storage: ServiceHandler },
  log: (line: string) => void,
): Promise<{ stop(): Promise<void> }> {
  await assertPortFree(cfg.gatewayPort, "SMA_GATEWAY_PORT", "Supabase gateway");
  const server = http.createServer((req, res) => {
    const url = req.url ?? "/";
    if (req.method === "OPTIONS") {
      // Kong's cors plugin, as a Supabase project configures it (no fixed header list), allows
      // whatever request headers the preflight asks for; so does this gateway.
      const asked = req.headers["access-control-request-headers"];
      res.writeHead(204, asked ? { ...CORS_HEADERS, "access-control-allow-headers": asked } : CORS_HEADERS);
      res.end();
      return;
    }
    const route = (prefix: string) => (url === prefix || url.startsWith(prefix + "/") || url.startsWith(prefix + "?") ? url.slice(prefix.length) || "/" : null);
    const rest = route("/rest/v1");
    const auth = route("/auth/v1");
    const storage = route("/storage/v1");
    let work: Promise<void>;
    if (rest !== null) work = proxy(req, res, cfg.restPort, rest);
    else if (auth !== null || storage !== null) {
      for (const [k, v] of Object.entries(CORS_HEADERS)) res.setHeader(k, v);
      work = auth !== null ? services.auth(req, res, auth) : services.storage(req, res, storage ?? "/");
    } else {
      res.writeHead(404, { "content-type": "application/json", ...CORS_HEADERS });
      res.end(JSON.stringify({ message: "no route matched" }));
      return;
    }
    work.catch((err: unknown) => {
      log(`[gateway] ${req.method} ${url} failed: ${err instanceof Error ? err.stack : String(err)}`);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ code: 500, error_code: "unexpected_failure", msg: "Unexpected failure" }));
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(cfg.gatewayPort, "127.0.0.1", () => resolve());
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
