/** Input checks with GoTrue's rules and messages: e-mail, password strength, redirects, PKCE. */
import { badRequest, WeakPasswordError } from "./errors";
import type { AuthSettings } from "./settings";

const MAX_PASSWORD_BYTES = 72; // bcrypt's limit; GoTrue refuses longer passwords up front

/** Dot-atom local part and a dotted domain whose last label starts and ends with a letter (badoux/checkmail). */
const ATOM = "[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~\\u00A0-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFEF]";
const LABEL_CH = "[A-Za-z0-9\\u00A0-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFEF]";
const LETTER = "[A-Za-z\\u00A0-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFEF]";
const INNER = "[A-Za-z0-9\\-.~\\u00A0-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFEF]";
const EMAIL_RE = new RegExp(
  `^${ATOM}+(?:\\.${ATOM}+)*@(?:(?:${LABEL_CH}|${LABEL_CH}${INNER}*${LABEL_CH})\\.)+(?:${LETTER}|${LETTER}${INNER}*${LETTER})\\.?$`,
);

/** GoTrue's validateEmail: returns the address lower-cased. */
export function validateEmail(email: string): string {
  if (email === "") throw badRequest("validation_failed", "An email address is required");
  if (email.length > 255) throw badRequest("validation_failed", "An email address is too long");
  if (!EMAIL_RE.test(email)) throw badRequest("validation_failed", "Unable to validate email address: invalid format");
  return email.toLowerCase();
}

const INVALID_ADDRESSES = new Set(["test@gmail.com", "example@gmail.com", "someone@gmail.com", "test@email.com"]);
const INVALID_HOSTS = new Set([
  "test", "example", "invalid", "local", "localhost", "test.com", "example.com", "example.net", "example.org",
  "gamil.com", "gamai.com", "anonymous.com", "email.com",
]);
const INVALID_SUFFIXES = [".test", ".example", ".invalid", ".local", ".localhost"];

/**
 * Hosted Auth's static check before it sends an e-mail (reserved and typo domains bounce).
 * Only applied when an e-mail is actually sent, exactly like hosted: autoconfirmed sign-ups
 * with such addresses work, recovery mails to them fail with email_address_invalid.
 */
export function assertDeliverable(settings: AuthSettings, email: string): void {
  if (!settings.extendedEmailValidation) return;
  const at = email.lastIndexOf("@");
  const host = email.slice(at + 1);
  if (INVALID_ADDRESSES.has(email) || INVALID_HOSTS.has(host) || INVALID_SUFFIXES.some((s) => host.endsWith(s))) {
    throw badRequest("email_address_invalid", `Email address "${email}" is invalid`);
  }
}

/** GoTrue's checkPasswordStrength (length rule only: no required character sets, no HIBP). */
export function checkPasswordStrength(settings: AuthSettings, password: string): void {
  const bytes = Buffer.byteLength(password, "utf8");
  if (bytes > MAX_PASSWORD_BYTES) {
    throw badRequest("validation_failed", `Password cannot be longer than ${MAX_PASSWORD_BYTES} characters`);
  }
  if (bytes < settings.passwordMinLength) {
    throw new WeakPasswordError(`Password should be at least ${settings.passwordMinLength} characters.`, ["length"]);
  }
}

export function weakPasswordInfo(settings: AuthSettings, password: string): { message: string; reasons: string[] } | null {
  try {
    checkPasswordStrength(settings, password);
    return null;
  } catch (err) {
    return err instanceof WeakPasswordError ? { message: err.message, reasons: err.reasons } : null;
  }
}

/** gobwas/glob with '.' and '/' as separators, as GoTrue compiles URI allow-list entries. */
function globToRegExp(pattern: string): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === "*" && pattern.charAt(i + 1) === "*") {
      re += ".*";
      i++;
    } else if (c === "*") re += "[^./]*";
    else if (c === "?") re += "[^./]";
    else re += c.replace(/[\\^$+?.()|[\]{}]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** GoTrue's IsRedirectURLValid: same site (any port on loopback), loopback IPs, or the allow list. */
export function isRedirectUrlValid(settings: AuthSettings, candidate: string): boolean {
  if (candidate === "") return false;
  let base: URL;
  let ref: URL;
  try {
    base = new URL(settings.siteUrl);
    ref = new URL(candidate);
  } catch {
    return false;
  }
  if (base.hostname === ref.hostname && base.protocol === ref.protocol && (base.port === ref.port || isLoopback(ref.hostname))) {
    return true;
  }
  const host = ref.hostname.replace(/^\[|\]$/g, "");
  if (/^[0-9]+$/.test(host)) return false;
  if (/^[0-9.]+$/.test(host) || host.includes(":")) return isLoopback(host);
  const withoutFragment = candidate.split("#")[0] ?? candidate;
  return settings.additionalRedirectUrls.some((p) => globToRegExp(p).test(withoutFragment));
}

/** GoTrue's GetReferrer: a valid redirect_to, else a valid Referer, else the site URL. */
export function resolveRedirect(settings: AuthSettings, redirectTo: string | null, referer: string | undefined): string {
  if (redirectTo && isRedirectUrlValid(settings, redirectTo)) return redirectTo;
  if (referer && isRedirectUrlValid(settings, referer)) return referer;
  return settings.siteUrl;
}

export function validatePkceParams(codeChallengeMethod: string, codeChallenge: string): void {
  if ((codeChallenge === "") !== (codeChallengeMethod === "")) {
    throw badRequest("validation_failed", "PKCE flow requires code_challenge_method and code_challenge");
  }
  if (codeChallenge === "") return;
  if (codeChallenge.length < 43 || codeChallenge.length > 128) {
    throw badRequest("validation_failed", "code challenge has to be between 43 and 128 characters");
  }
  if (!/^[a-zA-Z._~0-9-]+$/.test(codeChallenge)) {
    throw badRequest("validation_failed", "code challenge can only contain alphanumeric characters, hyphens, periods, underscores and tildes");
  }
  if (!["s256", "plain"].includes(codeChallengeMethod.toLowerCase())) {
    throw badRequest("validation_failed", `unsupported code_challenge method "${codeChallengeMethod}"`);
  }
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration (admin ban_duration such as "24h" or "1h30m"), in milliseconds. */
export function parseGoDuration(input: string): number {
  const invalid = () => badRequest("validation_failed", `invalid format for ban duration: time: invalid duration "${input}"`);
  let s = input;
  let sign = 1;
  if (s.startsWith("-") || s.startsWith("+")) {
    sign = s.startsWith("-") ? -1 : 1;
    s = s.slice(1);
  }
  if (s === "0") return 0;
  if (s === "") throw invalid();
  let total = 0;
  const re = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/;
  while (s.length > 0) {
    const m = re.exec(s);
    const unit = m?.[2];
    if (!m || !m[1] || !unit) throw invalid();
    total += Number(m[1]) * (UNIT_MS[unit] ?? 0);
    s = s.slice(m[0].length);
  }
  return sign * total;
}
