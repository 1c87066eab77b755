/**
 * Settings of the local Auth service. Defaults mirror a hosted Supabase project with
 * "Confirm email" switched off (mailer autoconfirm), except the minimum password length,
 * which this project raises from GoTrue's 6 to 8. Every value can be overridden by env so
 * tests and developers can exercise edge cases without editing code.
 */
import type { StackConfig } from "../config";
import { StackJwtVerifier, type SigningKey } from "../jwks";

export interface AuthSettings {
  /** The legacy HS256 secret: API keys are checked against it. */
  jwtSecret: string;
  /** Signs access tokens (ES256, published at /.well-known/jwks.json). */
  signingKey: SigningKey;
  /** Accepts bearer tokens signed by the signing key or the legacy secret. */
  verifier: StackJwtVerifier;
  /** `iss` claim of access tokens: the Auth URL, like hosted GoTrue's API_EXTERNAL_URL. */
  issuer: string;
  /** Public base of this Auth API (`<supabaseUrl>/auth/v1`), used in e-mail links. */
  externalUrl: string;
  siteUrl: string;
  /** Extra redirect_to patterns allowed besides the site URL (GoTrue's URI allow list). */
  additionalRedirectUrls: string[];
  jwtExpirySeconds: number;
  passwordMinLength: number;
  /** A revoked refresh token may be reused for this long (GoTrue default 10 s). */
  refreshTokenReuseIntervalSeconds: number;
  /** Minimum gap between two e-mails of one kind to one user (GoTrue SMTP max frequency). */
  emailMaxFrequencySeconds: number;
  otpExpirySeconds: number;
  otpLength: number;
  /** PKCE auth codes expire after this long (GoTrue default 300 s). */
  flowStateExpirySeconds: number;
  /**
   * Like GOTRUE_RATE_LIMIT_HEADER: per-client rate limits apply only when this request
   * header names the client (hosted sets it at the edge). Unset = no IP limits, as in GoTrue.
   */
  rateLimitHeader: string | null;
  /** Requests allowed per client per 5 minutes (hosted defaults). */
  rateLimits: { token: number; verify: number; otp: number };
  /** Reject reserved/typo domains (example.com, *.test, ...) when sending e-mail, like hosted. */
  extendedEmailValidation: boolean;
  disableSignup: boolean;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}, got "${raw}"`);
  return n;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  return ["1", "true", "yes", "on"].includes(raw.toLowerCase());
}

export function loadAuthSettings(cfg: StackConfig, signingKey: SigningKey, env: NodeJS.ProcessEnv = process.env): AuthSettings {
  const externalUrl = `${cfg.supabaseUrl}/auth/v1`;
  return {
    jwtSecret: cfg.jwtSecret,
    signingKey,
    verifier: new StackJwtVerifier(cfg.jwtSecret, signingKey),
    issuer: externalUrl,
    externalUrl,
    siteUrl: cfg.siteUrl,
    additionalRedirectUrls: (env.SMA_AUTH_ADDITIONAL_REDIRECT_URLS ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== ""),
    jwtExpirySeconds: int(env, "SMA_AUTH_JWT_EXPIRY", 3600, 30),
    passwordMinLength: int(env, "SMA_AUTH_PASSWORD_MIN_LENGTH", 8, 6),
    refreshTokenReuseIntervalSeconds: int(env, "SMA_AUTH_REFRESH_TOKEN_REUSE_INTERVAL", 10),
    emailMaxFrequencySeconds: int(env, "SMA_AUTH_EMAIL_MAX_FREQUENCY", 60),
    otpExpirySeconds: int(env, "SMA_AUTH_OTP_EXPIRY", 3600, 60),
    otpLength: int(env, "SMA_AUTH_OTP_LENGTH", 6, 6),
    flowStateExpirySeconds: 300,
    rateLimitHeader: env.SMA_AUTH_RATE_LIMIT_HEADER ? env.SMA_AUTH_RATE_LIMIT_HEADER.toLowerCase() : null,
    rateLimits: {
      token: int(env, "SMA_AUTH_RATE_LIMIT_TOKEN", 150, 1),
      verify: int(env, "SMA_AUTH_RATE_LIMIT_VERIFY", 30, 1),
      otp: int(env, "SMA_AUTH_RATE_LIMIT_OTP", 30, 1),
    },
    extendedEmailValidation: flag(env, "SMA_AUTH_EMAIL_VALIDATION", true),
    disableSignup: flag(env, "SMA_AUTH_DISABLE_SIGNUP", false),
  };
}
