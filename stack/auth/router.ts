/**
 * Routing for /auth/v1, preceded by the API-key check Kong performs on hosted projects.
 * Unknown paths and methods answer like GoTrue's chi router (plain-text 404, empty 405).
 */
import type { AuthDeps } from "./context";
import { sendEmpty, sendJson, sendText, type AuthRequest } from "./http";
import { checkApiKey, type ApiKeyRole } from "./jwt";
import { adminCreateUser, adminDeleteUser, adminGetUser, adminListUsers, adminUpdateUser } from "./routes/admin";
import { generateLink, invite } from "./routes/adminLinks";
import { health, jwks, localMail, settingsRoute } from "./routes/misc";
import { recover } from "./routes/recover";
import { signup } from "./routes/signup";
import { token } from "./routes/token";
import { getUser, logout, updateUser } from "./routes/user";
import { verifyGet, verifyPost } from "./routes/verify";

type Handler = (ar: AuthRequest, deps: AuthDeps, param: string, apiKeyRole: ApiKeyRole | null) => Promise<void>;

interface Route {
  method: "GET" | "POST" | "PUT" | "DELETE";
  pattern: RegExp;
  handler: Handler;
}

const USER_ID = "([^/]+)";

const ROUTES: Route[] = [
  { method: "GET", pattern: /^\/health$/, handler: (ar) => health(ar) },
  { method: "GET", pattern: /^\/settings$/, handler: (ar, d) => settingsRoute(ar, d) },
  { method: "GET", pattern: /^\/\.well-known\/jwks\.json$/, handler: (ar, d) => jwks(ar, d) },
  { method: "POST", pattern: /^\/signup$/, handler: (ar, d) => signup(ar, d) },
  { method: "POST", pattern: /^\/token$/, handler: (ar, d) => token(ar, d) },
  { method: "GET", pattern: /^\/user$/, handler: (ar, d) => getUser(ar, d) },
  { method: "PUT", pattern: /^\/user$/, handler: (ar, d) => updateUser(ar, d) },
  { method: "POST", pattern: /^\/logout$/, handler: (ar, d) => logout(ar, d) },
  { method: "POST", pattern: /^\/recover$/, handler: (ar, d) => recover(ar, d) },
  { method: "GET", pattern: /^\/verify$/, handler: (ar, d) => verifyGet(ar, d) },
  { method: "POST", pattern: /^\/verify$/, handler: (ar, d) => verifyPost(ar, d) },
  { method: "POST", pattern: /^\/invite$/, handler: (ar, d) => invite(ar, d) },
  { method: "GET", pattern: /^\/admin\/users$/, handler: (ar, d) => adminListUsers(ar, d) },
  { method: "POST", pattern: /^\/admin\/users$/, handler: (ar, d) => adminCreateUser(ar, d) },
  { method: "GET", pattern: new RegExp(`^/admin/users/${USER_ID}$`), handler: (ar, d, id) => adminGetUser(ar, d, id) },
  { method: "PUT", pattern: new RegExp(`^/admin/users/${USER_ID}$`), handler: (ar, d, id) => adminUpdateUser(ar, d, id) },
  { method: "DELETE", pattern: new RegExp(`^/admin/users/${USER_ID}$`), handler: (ar, d, id) => adminDeleteUser(ar, d, id) },
  { method: "POST", pattern: /^\/admin\/generate_link$/, handler: (ar, d) => generateLink(ar, d) },
  { method: "GET", pattern: /^\/_local\/mail$/, handler: (ar, d, _id, role) => localMail(ar, d, role) },
];

/** Kong exposes these without an API key: browsers reach them from e-mail links and OAuth redirects; the JWKS is public. */
const OPEN_PATHS = new Set(["/verify", "/callback", "/authorize", "/.well-known/jwks.json"]);

export async function dispatch(ar: AuthRequest, deps: AuthDeps): Promise<void> {
  let apiKeyRole: ApiKeyRole | null = null;
  if (!OPEN_PATHS.has(ar.pathname)) {
    const key = await checkApiKey(ar, deps.settings.jwtSecret);
    if (key.failure) {
      sendJson(ar, 401, key.failure);
      return;
    }
    apiKeyRole = key.role;
  }
  const candidates = ROUTES.filter((r) => r.pattern.test(ar.pathname));
  if (candidates.length === 0) {
    sendText(ar, 404, "404 page not found\n");
    return;
  }
  const method = ar.method === "HEAD" ? "GET" : ar.method;
  const route = candidates.find((r) => r.method === method);
  if (!route) {
    sendEmpty(ar, 405);
    return;
  }
  const raw = route.pattern.exec(ar.pathname)?.[1] ?? "";
  let param = raw;
  try {
    param = decodeURIComponent(raw);
  } catch {
    // A malformed escape cannot be a user id; the handler answers it as an invalid UUID.
  }
  await route.handler(ar, deps, param, apiKeyRole);
}
