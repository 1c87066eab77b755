/**
 * Access tokens GoTrue-style, signed ES256 with the stack's signing key and its `kid` (see
 * ../jwks.ts: PostgREST, Storage and the app verify them against the published JWKS); bearer
 * verification (ES256 or the legacy HS256 secret) with GoTrue's `bad_jwt` messages; and the
 * API-key check Kong does in front of hosted Auth (API keys stay HS256 JWTs of the secret).
 */
import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from "jose";
import { SIGNING_ALG, type SigningKey, type StackJwtVerifier } from "../jwks";
import { forbidden } from "./errors";
import type { AuthRequest } from "./http";
import type { JsonObject } from "./params";

export interface AmrEntry {
  method: string;
  timestamp: number;
}

export interface AccessClaims extends JWTPayload {
  email?: string;
  phone?: string;
  app_metadata?: JsonObject;
  user_metadata?: JsonObject;
  role?: string;
  aal?: string;
  amr?: AmrEntry[];
  session_id?: string;
  is_anonymous?: boolean;
}

const keyCache = new Map<string, Uint8Array>();
function key(secret: string): Uint8Array {
  let k = keyCache.get(secret);
  if (!k) {
    k = new TextEncoder().encode(secret);
    keyCache.set(secret, k);
  }
  return k;
}

export interface AccessTokenInput {
  issuer: string;
  key: SigningKey;
  userId: string;
  aud: string;
  iat: number;
  exp: number;
  email: string;
  phone: string;
  appMetadata: JsonObject;
  userMetadata: JsonObject;
  role: string;
  aal: string;
  amr: AmrEntry[];
  sessionId: string;
  isAnonymous: boolean;
}

/** Claims in GoTrue's order; `aud` is a single string as GoTrue serialises it. */
export function signAccessToken(t: AccessTokenInput): Promise<string> {
  const payload: AccessClaims = {
    iss: t.issuer,
    sub: t.userId,
    aud: t.aud,
    exp: t.exp,
    iat: t.iat,
    email: t.email,
    phone: t.phone,
    app_metadata: t.appMetadata,
    user_metadata: t.userMetadata,
    role: t.role,
    aal: t.aal,
    amr: t.amr,
    session_id: t.sessionId,
    is_anonymous: t.isAnonymous,
  };
  return new SignJWT(payload).setProtectedHeader({ alg: SIGNING_ALG, kid: t.key.kid, typ: "JWT" }).sign(t.key.privateKey);
}

/** golang-jwt's wording for the failure, which GoTrue puts in its `bad_jwt` message. */
function describeJwtError(token: string, err: unknown): string {
  if (token.split(".").length !== 3) return "token is malformed: token contains an invalid number of segments";
  if (err instanceof joseErrors.JWTExpired) return "token has invalid claims: token is expired";
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    return err.claim === "nbf" ? "token has invalid claims: token is not valid yet" : `token has invalid claims: ${err.message}`;
  }
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return "token signature is invalid: signature is invalid";
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return `token signature is invalid: ${err.message}`;
  return `token is malformed: ${err instanceof Error ? err.message : String(err)}`;
}

export async function verifyJwt(verifier: StackJwtVerifier, token: string): Promise<AccessClaims> {
  try {
    return (await verifier.verify(token)) as AccessClaims;
  } catch (err) {
    throw forbidden("bad_jwt", `invalid JWT: unable to parse or verify signature, ${describeJwtError(token, err)}`, err);
  }
}

export type ApiKeyRole = "anon" | "service_role";

export interface ApiKeyResult {
  role: ApiKeyRole | null;
  /** Kong's 401 body when the key is missing or wrong. */
  failure: { message: string; hint: string } | null;
}

/**
 * What Kong does before a request reaches hosted Auth: an `apikey` header (or query
 * parameter) must be one of the project's keys, i.e. a JWT of this stack's secret with the
 * anon or service_role role.
 */
export async function checkApiKey(ar: AuthRequest, secret: string): Promise<ApiKeyResult> {
  const apikey = ar.header("apikey") ?? ar.query.get("apikey") ?? "";
  if (apikey === "") {
    return { role: null, failure: { message: "No API key found in request", hint: "No `apikey` request header or url param was found." } };
  }
  const invalid = { message: "Invalid API key", hint: "Double check your Supabase `anon` or `service_role` API key." };
  try {
    const { payload } = await jwtVerify(apikey, key(secret), { algorithms: ["HS256"] });
    const role = payload.role;
    if (role === "anon" || role === "service_role") return { role, failure: null };
    return { role: null, failure: invalid };
  } catch {
    return { role: null, failure: invalid };
  }
}
