/**
 * Signed URLs, as Storage makes them: a JWT signed with the project's JWT secret carrying the
 * object's `bucket/key` as `url`, a `scope` (download or upload) and `exp`. Creating one needs
 * the caller to pass RLS (select for download, insert for upload); using one needs only the
 * token, and the bytes are then read or written as superuser.
 */
import { errors as joseErrors, SignJWT, type JWTPayload } from "jose";
import { requireCaller } from "./auth";
import type { RouteCall, StorageDeps } from "./context";
import { ERRORS } from "./errors";
import { readJson, sendJson, strArray } from "./http";
import { mustBeValidBucketName, mustBeValidKey, splitBucketKey } from "./paths";
import { serveObject } from "./serve";
import { canUpload, upload } from "./upload";

const SCOPE_DOWNLOAD = "download";
const SCOPE_UPLOAD = "upload";

async function sign(secret: string, claims: Record<string, unknown>, expiresIn: number): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + expiresIn)
    .sign(new TextEncoder().encode(secret));
}

function expiresInOf(body: Record<string, unknown>): number {
  const v = body.expiresIn;
  if (v === undefined || v === null) throw ERRORS.missingParameter("expiresIn");
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
    throw ERRORS.invalidParameter("expiresIn", "body/expiresIn must be an integer >= 1");
  }
  // Storage refuses expirations a JWT `exp` cannot represent.
  if (v > 60 * 60 * 24 * 365 * 100) throw ERRORS.invalidParameter("expiresIn", "expiresIn is too large");
  return v;
}

/** Storage's rules: a valid token, the right scope, bound to exactly this object, not expired. */
async function verifyToken(deps: StorageDeps, token: string | null, bucket: string, key: string, scope: string): Promise<JWTPayload> {
  if (!token) throw ERRORS.invalidRequest("querystring must have required property 'token'");
  let payload: JWTPayload;
  try {
    payload = await deps.verifier.verify(token);
  } catch (err) {
    throw ERRORS.invalidJwt(err instanceof joseErrors.JOSEError ? err.message : "Invalid JWT");
  }
  const legacyUpload = payload.scope === undefined && "upsert" in payload;
  const scoped = payload.scope === scope || (payload.scope === undefined && (scope === SCOPE_UPLOAD ? legacyUpload : !legacyUpload));
  if (!scoped) throw ERRORS.invalidSignature(`Token is not scoped for ${scope}`);
  if (payload.url !== `${bucket}/${key}`) throw ERRORS.invalidSignature();
  if (typeof payload.exp !== "number" || payload.exp * 1000 < Date.now()) throw ERRORS.expiredSignature();
  return payload;
}

function target(rest: string): { bucket: string; key: string } {
  const { bucket, key } = splitBucketKey(rest);
  mustBeValidBucketName(bucket);
  mustBeValidKey(key);
  return { bucket, key };
}

/** POST /object/sign/{bucket}/{path} -> { signedURL: "/object/sign/{bucket}/{path}?token=..." } */
export async function createSignedUrl(call: RouteCall): Promise<void> {
  const { deps } = call;
  const caller = await requireCaller(deps.verifier, call.req, call.query);
  const { bucket, key } = target(call.rest);
  const expiresIn = expiresInOf(await readJson(call.req));
  const row = await deps.db.tx(caller, call.info, (c) => deps.db.findObject(c, bucket, key));
  if (!row) throw ERRORS.noSuchKey();
  const url = `${bucket}/${key}`;
  const token = await sign(deps.jwtSecret, { url, scope: SCOPE_DOWNLOAD }, expiresIn);
  sendJson(call.res, 200, { signedURL: `/object/sign/${url}?token=${token}` });
}

/** POST /object/sign/{bucket} { expiresIn, paths } -> [{ error, path, signedURL }] */
export async function createSignedUrls(call: RouteCall): Promise<void> {
  const { deps } = call;
  const caller = await requireCaller(deps.verifier, call.req, call.query);
  const bucket = splitBucketKey(call.rest).bucket;
  mustBeValidBucketName(bucket);
  const body = await readJson(call.req);
  const expiresIn = expiresInOf(body);
  const paths = strArray(body, "paths");
  if (!paths || paths.length === 0) throw ERRORS.invalidRequest("body/paths must NOT have fewer than 1 items");
  if (paths.length > 1000) throw ERRORS.invalidRequest("body/paths must NOT have more than 1000 items");
  const visible = await deps.db.tx(caller, call.info, async (c) => {
    const { rows } = await c.query<{ name: string }>(
      "select name from storage.objects where bucket_id = $1 and name = any($2::text[])",
      [bucket, paths],
    );
    return new Set(rows.map((r) => r.name));
  });
  const results = await Promise.all(
    paths.map(async (path) => {
      if (!visible.has(path)) {
        return { error: "Either the object does not exist or you do not have access to it", path, signedURL: null };
      }
      const url = `${bucket}/${path}`;
      const token = await sign(deps.jwtSecret, { url, scope: SCOPE_DOWNLOAD }, expiresIn);
      return { error: null, path, signedURL: `/object/sign/${url}?token=${token}` };
    }),
  );
  sendJson(call.res, 200, results);
}

/** GET /object/sign/{bucket}/{path}?token=...: no apikey or session needed, only the token. */
export async function getSignedObject(call: RouteCall): Promise<void> {
  const { deps } = call;
  const { bucket, key } = target(call.rest);
  const payload = await verifyToken(deps, call.query.get("token"), bucket, key, SCOPE_DOWNLOAD);
  const row = await deps.db.findObject(null, bucket, key);
  if (!row) throw ERRORS.noSuchKey();
  await serveObject(deps.files, call.req, call.res, {
    filePath: deps.layout.objectPath(bucket, key),
    key,
    row,
    query: call.query,
    expires: typeof payload.exp === "number" ? new Date(payload.exp * 1000) : undefined,
  });
}

/** POST /object/upload/sign/{bucket}/{path} -> { url, token }; valid for two hours. */
export async function createSignedUploadUrl(call: RouteCall): Promise<void> {
  const { deps } = call;
  const caller = await requireCaller(deps.verifier, call.req, call.query);
  const { bucket, key } = target(call.rest);
  await readJson(call.req);
  const upsert = call.req.headers["x-upsert"] === "true";
  if (!(await deps.db.findBucket(null, bucket))) throw ERRORS.noSuchBucket();
  await deps.db.dryRun(caller, call.info, (c) => canUpload(c, { bucket, key, owner: caller.sub, upsert, metadata: {} }));
  const url = `${bucket}/${key}`;
  const token = await sign(deps.jwtSecret, { owner: caller.sub, url, upsert, scope: SCOPE_UPLOAD }, deps.signedUploadExpiresIn);
  sendJson(call.res, 200, { url: `/object/upload/sign/${url}?token=${token}`, token });
}

/** PUT /object/upload/sign/{bucket}/{path}?token=...: the token stands in for RLS. */
export async function uploadToSignedUrl(call: RouteCall): Promise<void> {
  const { deps } = call;
  const { bucket, key } = target(call.rest);
  const payload = await verifyToken(deps, call.query.get("token"), bucket, key, SCOPE_UPLOAD);
  const owner = typeof payload.owner === "string" ? payload.owner : undefined;
  const result = await upload(deps, call.req, { bucket, key, upsert: payload.upsert === true, owner, caller: null, info: call.info });
  sendJson(call.res, 200, { Key: result.key });
}
