/** GET /health, GET /settings, GET /.well-known/jwks.json, and the local-only outbox reader GET /_local/mail. */
import { publicJwks } from "../../jwks";
import type { AuthDeps } from "../context";
import { forbidden } from "../errors";
import { sendJson, type AuthRequest } from "../http";
import { verifyJwt } from "../jwt";

export async function health(ar: AuthRequest): Promise<void> {
  sendJson(ar, 200, {
    version: "local",
    name: "GoTrue",
    description: "GoTrue is a user registration and authentication API",
  });
}

/**
 * The public keys access tokens are signed with (GoTrue's shape: { keys: [JWK] }, public
 * halves only). supabase-js getClaims() and PostgREST-style verifiers fetch and cache it.
 */
export async function jwks(ar: AuthRequest, deps: AuthDeps): Promise<void> {
  sendJson(ar, 200, publicJwks(deps.settings.signingKey), { "cache-control": "public, max-age=600" });
}

const PROVIDERS = [
  "anonymous_users", "apple", "azure", "bitbucket", "discord", "facebook", "snapchat", "figma", "fly", "github",
  "gitlab", "google", "keycloak", "kakao", "linkedin", "linkedin_oidc", "notion", "spotify", "slack", "slack_oidc",
  "workos", "twitch", "twitter", "email", "phone", "zoom",
];

export async function settingsRoute(ar: AuthRequest, deps: AuthDeps): Promise<void> {
  const external = Object.fromEntries(PROVIDERS.map((p) => [p, p === "email"]));
  sendJson(ar, 200, {
    external,
    disable_signup: deps.settings.disableSignup,
    mailer_autoconfirm: true,
    phone_autoconfirm: false,
    sms_provider: "",
    saml_enabled: false,
    saml_private_key_next_configured: false,
    passkeys_enabled: false,
  });
}

interface MailRow {
  id: string;
  to_email: string;
  subject: string;
  html: string;
  text: string;
  link: string | null;
  created_at: Date;
}

/**
 * The dev outbox page and tests read auth e-mails here. It exposes live tokens, so it needs
 * the service_role key (as apikey or bearer), and it only exists on this local stack.
 */
export async function localMail(ar: AuthRequest, deps: AuthDeps, apiKeyRole: string | null): Promise<void> {
  let role = apiKeyRole;
  const bearer = /^(?:B|b)earer (\S+)$/.exec(ar.header("authorization") ?? "")?.[1];
  if (role !== "service_role" && bearer) role = (await verifyJwt(deps.settings.verifier, bearer)).role ?? null;
  if (role !== "service_role") throw forbidden("not_admin", "User not allowed");
  const email = ar.query.get("email");
  const limit = Math.min(500, Math.max(1, Number(ar.query.get("limit") ?? 50) || 50));
  const { rows } = email
    ? await deps.pool.query<MailRow>(
        "select id, to_email, subject, html, text, link, created_at from auth.local_mail where lower(to_email) = lower($1) order by id desc limit $2",
        [email, limit],
      )
    : await deps.pool.query<MailRow>(
        "select id, to_email, subject, html, text, link, created_at from auth.local_mail order by id desc limit $1",
        [limit],
      );
  sendJson(
    ar,
    200,
    rows.map((r) => ({ ...r, id: Number(r.id), created_at: r.created_at.toISOString() })),
  );
}
