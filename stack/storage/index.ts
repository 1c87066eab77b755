/**
 * Local Supabase Storage: the subset of the Storage HTTP API that `@supabase/storage-js`
 * sends, backed by storage.buckets / storage.objects (RLS decides access) and a directory
 * of files under `${dataDir}/storage`. Mounted by the gateway at /storage/v1.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { LocalServiceOptions } from "../auth";
import type { ServiceHandler } from "../gateway";
import { StackJwtVerifier } from "../jwks";
import { JwtVerifier } from "./auth";
import { createBucket, deleteBucket, emptyBucket, getBucket, listBuckets, updateBucket } from "./buckets";
import { DEFAULT_FILE_SIZE_LIMIT, type RouteCall, type StorageDeps } from "./context";
import { Metadata } from "./db";
import { ERRORS, sendError, toStorageError } from "./errors";
import { ObjectFiles } from "./files";
import { drain, sendJson } from "./http";
import {
  copyObject,
  deleteObject,
  downloadObject,
  listObjects,
  moveObject,
  objectInfo,
  removeObjects,
  uploadObject,
} from "./objects";
import { DiskLayout } from "./paths";
import { createSignedUploadUrl, createSignedUrl, createSignedUrls, getSignedObject, uploadToSignedUrl } from "./signed";

type Handler = (call: RouteCall) => Promise<void>;

interface Route {
  method: string;
  /** Literal path prefix; what follows it becomes `rest`. */
  prefix: string;
  /** "segment": one non-empty segment; "bucket-and-key": "<bucket>/<key...>"; "none": nothing. */
  rest: "segment" | "bucket-and-key" | "none";
  /** A literal tail after `rest` (POST /bucket/{id}/empty). */
  suffix?: string;
  operation: string;
  handler: Handler;
}

// Order matters, as in Storage's router: literal routes before the /object/{bucket}/* catch-all.
const ROUTES: Route[] = [
  { method: "GET", prefix: "/bucket", rest: "none", operation: "storage.bucket.list", handler: listBuckets },
  { method: "GET", prefix: "/bucket/", rest: "segment", operation: "storage.bucket.get", handler: getBucket },
  { method: "POST", prefix: "/bucket", rest: "none", operation: "storage.bucket.create", handler: createBucket },
  { method: "POST", prefix: "/bucket/", rest: "segment", suffix: "/empty", operation: "storage.bucket.empty", handler: emptyBucket },
  { method: "PUT", prefix: "/bucket/", rest: "segment", operation: "storage.bucket.update", handler: updateBucket },
  { method: "DELETE", prefix: "/bucket/", rest: "segment", operation: "storage.bucket.delete", handler: deleteBucket },
  { method: "POST", prefix: "/object/list/", rest: "segment", operation: "storage.object.list", handler: listObjects },
  { method: "POST", prefix: "/object/move", rest: "none", operation: "storage.object.move", handler: moveObject },
  { method: "POST", prefix: "/object/copy", rest: "none", operation: "storage.object.copy", handler: copyObject },
  { method: "POST", prefix: "/object/upload/sign/", rest: "bucket-and-key", operation: "storage.object.upload_sign", handler: createSignedUploadUrl },
  { method: "PUT", prefix: "/object/upload/sign/", rest: "bucket-and-key", operation: "storage.object.upload_signed", handler: uploadToSignedUrl },
  { method: "POST", prefix: "/object/sign/", rest: "bucket-and-key", operation: "storage.object.sign", handler: createSignedUrl },
  { method: "POST", prefix: "/object/sign/", rest: "segment", operation: "storage.object.sign_many", handler: createSignedUrls },
  { method: "GET", prefix: "/object/sign/", rest: "bucket-and-key", operation: "storage.object.get_signed", handler: getSignedObject },
  { method: "GET", prefix: "/object/public/", rest: "bucket-and-key", operation: "storage.object.get_public", handler: (c) => downloadObject(c, "public") },
  { method: "GET", prefix: "/object/authenticated/", rest: "bucket-and-key", operation: "storage.object.get_authenticated", handler: (c) => downloadObject(c, "authenticated") },
  { method: "GET", prefix: "/object/info/public/", rest: "bucket-and-key", operation: "storage.object.info_public", handler: (c) => objectInfo(c, "public") },
  { method: "GET", prefix: "/object/info/authenticated/", rest: "bucket-and-key", operation: "storage.object.info_authenticated", handler: (c) => objectInfo(c, "authenticated") },
  { method: "GET", prefix: "/object/info/", rest: "bucket-and-key", operation: "storage.object.info", handler: (c) => objectInfo(c, "optional") },
  { method: "GET", prefix: "/object/", rest: "bucket-and-key", operation: "storage.object.get", handler: (c) => downloadObject(c, "optional") },
  { method: "POST", prefix: "/object/", rest: "bucket-and-key", operation: "storage.object.upload", handler: (c) => uploadObject(c, "create") },
  { method: "PUT", prefix: "/object/", rest: "bucket-and-key", operation: "storage.object.update", handler: (c) => uploadObject(c, "update") },
  { method: "DELETE", prefix: "/object/", rest: "segment", operation: "storage.object.delete_many", handler: removeObjects },
  { method: "DELETE", prefix: "/object/", rest: "bucket-and-key", operation: "storage.object.delete", handler: deleteObject },
];

function restMatches(kind: Route["rest"], rest: string): boolean {
  switch (kind) {
    case "none":
      return rest === "" || rest === "/";
    case "segment":
      return rest !== "" && !rest.includes("/");
    case "bucket-and-key": {
      const slash = rest.indexOf("/");
      return slash > 0 && slash < rest.length - 1;
    }
  }
}

function match(method: string, pathname: string): { route: Route; rest: string } | null {
  // HEAD is answered by the GET object routes without a body, as Storage's head routes do.
  const m = method === "HEAD" ? "GET" : method;
  for (const route of ROUTES) {
    if (route.method !== m) continue;
    if (route.rest === "none" ? pathname !== route.prefix && pathname !== `${route.prefix}/` : !pathname.startsWith(route.prefix)) continue;
    let rest = pathname.slice(route.prefix.length);
    if (route.suffix) {
      if (!rest.endsWith(route.suffix)) continue;
      rest = rest.slice(0, -route.suffix.length);
    }
    if (restMatches(route.rest, rest)) return { route, rest };
  }
  return null;
}

export async function createStorageService(opts: LocalServiceOptions): Promise<{ handle: ServiceHandler }> {
  const { cfg, pool, log } = opts;
  const layout = new DiskLayout(cfg.dataDir);
  const envLimit = Number(process.env.SMA_STORAGE_FILE_SIZE_LIMIT);
  const deps: StorageDeps = {
    db: new Metadata(pool),
    files: new ObjectFiles(layout),
    layout,
    verifier: new JwtVerifier(new StackJwtVerifier(cfg.jwtSecret, opts.signingKey)),
    jwtSecret: cfg.jwtSecret,
    globalFileSizeLimit: Number.isInteger(envLimit) && envLimit > 0 ? envLimit : DEFAULT_FILE_SIZE_LIMIT,
    signedUploadExpiresIn: 2 * 60 * 60,
  };

  await deps.files.sweepTmp();

  const handle = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    // Split by hand rather than with `new URL`, which would resolve "a/../b" and so silently
    // address another key (or route); such keys must reach the validator and be refused.
    const q = path.indexOf("?");
    const url = {
      pathname: q < 0 ? path : path.slice(0, q),
      searchParams: new URLSearchParams(q < 0 ? "" : path.slice(q + 1)),
    };
    const method = req.method ?? "GET";
    try {
      if (url.pathname === "/status" && method === "GET") {
        sendJson(res, 200, { status: "ok" });
        return;
      }
      const found = match(method, url.pathname);
      if (!found) throw ERRORS.notFoundRoute(method, url.pathname);
      const call: RouteCall = {
        deps,
        req,
        res,
        rest: found.rest,
        query: url.searchParams,
        info: { method, path: url.pathname, operation: found.route.operation },
      };
      await found.route.handler(call);
    } catch (err) {
      await sendFailure(req, res, err, log, `${method} ${url.pathname}`);
    }
  };
  return { handle };
}

async function sendFailure(req: IncomingMessage, res: ServerResponse, err: unknown, log: (line: string) => void, what: string) {
  if (res.headersSent) {
    // The body was already streaming (typically the client went away): nothing to report.
    res.destroy();
    return;
  }
  const known = toStorageError(err);
  if (!known || known.httpStatus >= 500) {
    // Server-side faults are logged here; the client only gets Storage's generic shape.
    log(`[storage] ${what} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
  const storageErr = known ?? ERRORS.internal();
  // An upload refused part-way: read the rest of the body so the client sees the error.
  const drained = await drain(req);
  sendError(res, storageErr, drained ? {} : { connection: "close" });
}
