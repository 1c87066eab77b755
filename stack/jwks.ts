/**
 * JWT signing keys of the local stack, as a hosted Supabase project with asymmetric "JWT
 * signing keys" has them:
 *
 *   - user access tokens are signed by Auth with an ES256 (P-256) key carrying a `kid`; its
 *     public half is served at GET /auth/v1/.well-known/jwks.json, so servers verify sessions
 *     locally (supabase-js `auth.getClaims()`) instead of asking Auth on every request;
 *   - the anon / service_role API keys stay HS256 JWTs of the shared secret (Supabase's
 *     "legacy" keys), and tokens signed with that secret are still accepted;
 *   - PostgREST and Storage accept both (PostgREST gets a JWKS holding the EC public key and
 *     the secret as an `oct` key, like hosted PostgREST).
 *
 * The private key is generated once per data dir and kept in `<dataDir>/auth/jwt-signing-key.json`
 * (mode 0600), so sessions survive a restart. It is a local development key, never used in
 * production (the stack refuses NODE_ENV=production).
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { exportJWK, generateKeyPair, importJWK, jwtVerify, decodeProtectedHeader, type JWK, type JWTPayload, errors as joseErrors } from "jose";

export const SIGNING_ALG = "ES256";

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** The public JWK exactly as the JWKS endpoint publishes it. */
  publicJwk: JWK;
}

export function signingKeyPath(dataDir: string): string {
  return path.join(dataDir, "auth", "jwt-signing-key.json");
}

function publicPart(jwk: JWK, kid: string): JWK {
  // GoTrue publishes: kty, crv, x, y, alg, kid, key_ops ["verify"], ext true.
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, alg: SIGNING_ALG, kid, key_ops: ["verify"], ext: true };
}

async function fromPrivateJwk(jwk: JWK): Promise<SigningKey> {
  if (jwk.kty !== "EC" || jwk.crv !== "P-256" || !jwk.d || !jwk.kid) throw new Error("the JWT signing key must be a P-256 EC private JWK with a kid");
  const privateKey = (await importJWK({ ...jwk, alg: SIGNING_ALG }, SIGNING_ALG)) as CryptoKey;
  const publicJwk = publicPart(jwk, jwk.kid);
  const publicKey = (await importJWK(publicJwk, SIGNING_ALG)) as CryptoKey;
  return { kid: jwk.kid, privateKey, publicKey, publicJwk };
}

/** Reads the data dir's signing key (null when the stack never ran there). */
export async function readSigningKey(dataDir: string): Promise<SigningKey | null> {
  const file = signingKeyPath(dataDir);
  if (!fs.existsSync(file)) return null;
  return fromPrivateJwk(JSON.parse(fs.readFileSync(file, "utf8")) as JWK);
}

/** The data dir's signing key, created on first start. */
export async function loadSigningKey(dataDir: string): Promise<SigningKey> {
  const existing = await readSigningKey(dataDir);
  if (existing) return existing;
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(privateKey)), kid, alg: SIGNING_ALG };
  const file = signingKeyPath(dataDir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // wx: two stacks racing on one data dir must not overwrite each other's key.
  try {
    fs.writeFileSync(file, JSON.stringify(jwk), { mode: 0o600, flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    const raced = await readSigningKey(dataDir);
    if (raced) return raced;
  }
  return fromPrivateJwk(jwk);
}

/** The body of GET /auth/v1/.well-known/jwks.json: public keys only, never the secret. */
export function publicJwks(key: SigningKey): { keys: JWK[] } {
  return { keys: [key.publicJwk] };
}

/** PGRST_JWT_SECRET: the EC public key and the legacy HS256 secret, so both kinds verify. */
export function postgrestJwks(key: SigningKey, secret: string): string {
  const oct: JWK = { kty: "oct", alg: "HS256", k: Buffer.from(secret, "utf8").toString("base64url") };
  const { key_ops: _ops, ext: _ext, ...ec } = key.publicJwk;
  return JSON.stringify({ keys: [{ ...ec, use: "sig" }, oct] });
}

/**
 * Verifies a JWT of this stack: ES256 signed by the signing key (matched by `kid`) or HS256
 * signed by the shared secret. Anything else (another key, another algorithm, `none`) fails
 * with jose's error, which callers turn into their service's own message.
 */
export class StackJwtVerifier {
  private readonly secret: Uint8Array;

  constructor(
    secret: string,
    private readonly key: SigningKey,
  ) {
    this.secret = new TextEncoder().encode(secret);
  }

  async verify(token: string): Promise<JWTPayload> {
    let alg: string | undefined;
    let kid: string | undefined;
    try {
      ({ alg, kid } = decodeProtectedHeader(token));
    } catch {
      alg = undefined;
    }
    if (alg === SIGNING_ALG) {
      if (kid !== this.key.kid) throw new joseErrors.JWSSignatureVerificationFailed("no signing key with this kid");
      return (await jwtVerify(token, this.key.publicKey, { algorithms: [SIGNING_ALG] })).payload;
    }
    return (await jwtVerify(token, this.secret, { algorithms: ["HS256"] })).payload;
  }
}
