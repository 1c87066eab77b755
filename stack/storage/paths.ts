/**
 * Object keys and bucket names: Storage's validation rules plus what a disk-backed store
 * needs on top (no `.`/`..` segments, no empty segments), so a key can never name a file
 * outside `${dataDir}/storage/<bucket>/`.
 */
import path from "node:path";
import { ERRORS } from "./errors";

// Storage's own allow-lists (S3-safe characters). NUL, backslash and non-ASCII are outside them.
const VALID_OBJECT_KEY = /^[A-Za-z0-9_/!.*'() &$=@;:+,?-]*$/;
const VALID_BUCKET_NAME = /^[A-Za-z0-9_!.*'() &$=@;:+,?-]*$/;

/** Throws Storage's InvalidKey unless `key` is a safe relative object path. */
export function mustBeValidKey(key: string): void {
  if (key.length === 0 || key.length > 1024 || !VALID_OBJECT_KEY.test(key)) throw ERRORS.invalidKey(key);
  // Traversal and ambiguity: "/abs", "a//b", "a/", "./a", "a/../b" are all refused.
  for (const segment of key.split("/")) {
    if (segment === "" || segment === "." || segment === "..") throw ERRORS.invalidKey(key);
  }
}

export function mustBeValidBucketName(name: string): void {
  if (
    name.length === 0 ||
    name.length > 100 ||
    name.trim() !== name ||
    !VALID_BUCKET_NAME.test(name) ||
    name === "." ||
    name === ".."
  ) {
    throw ERRORS.invalidBucketName();
  }
}

/** The dashboard's way of making an empty folder; Storage caps these at 0 bytes. */
export function isEmptyFolder(key: string): boolean {
  return key.endsWith(".emptyFolderPlaceholder");
}

export class DiskLayout {
  /** `${dataDir}/storage`: one directory per bucket, the object key as the relative path. */
  readonly root: string;
  /** Same filesystem as `root` (so rename is atomic) but outside any bucket's directory. */
  readonly tmp: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, "storage");
    this.tmp = path.join(dataDir, "storage.tmp");
  }

  bucketDir(bucket: string): string {
    mustBeValidBucketName(bucket);
    return path.join(this.root, bucket);
  }

  /** Resolves an object's file, re-checking containment as a second line of defence. */
  objectPath(bucket: string, key: string): string {
    mustBeValidKey(key);
    const dir = this.bucketDir(bucket);
    const full = path.resolve(dir, key);
    if (!full.startsWith(dir + path.sep)) throw ERRORS.invalidKey(key);
    return full;
  }
}

/**
 * Splits the wildcard part of a route into (bucket, key) and percent-decodes each, like
 * Storage's router (the split happens first, so "%2F" cannot move the bucket boundary).
 * A malformed escape is an invalid key rather than a crash.
 */
export function splitBucketKey(rest: string): { bucket: string; key: string } {
  const slash = rest.indexOf("/");
  const rawBucket = slash < 0 ? rest : rest.slice(0, slash);
  const rawKey = slash < 0 ? "" : rest.slice(slash + 1);
  let key: string;
  try {
    key = decodeURIComponent(rawKey);
  } catch {
    throw ERRORS.invalidKey(rawKey);
  }
  return { bucket: decodeSegment(rawBucket), key };
}

export function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw ERRORS.invalidBucketName();
  }
}
