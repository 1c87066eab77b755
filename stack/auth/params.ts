/**
 * Request-body decoding with Go's encoding/json semantics, so malformed bodies get the same
 * `bad_json` errors GoTrue gives: a missing or null field is the zero value, a field of the
 * wrong JSON type is an error naming the Go struct field, keys match case-insensitively.
 */
import { badRequest } from "./errors";
import type { AuthRequest } from "./http";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

function kind(v: Json): string {
  if (Array.isArray(v)) return "array";
  if (typeof v === "boolean") return "bool";
  return typeof v;
}

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const badJson = (detail: string) => badRequest("bad_json", `Could not parse request body as JSON: ${detail}`);

export class Params {
  constructor(
    private readonly body: JsonObject,
    private readonly struct: string,
  ) {}

  private get(key: string): Json | undefined {
    if (key in this.body) return this.body[key];
    const lower = key.toLowerCase();
    const found = Object.keys(this.body).find((k) => k.toLowerCase() === lower);
    return found === undefined ? undefined : this.body[found];
  }

  private mismatch(key: string, value: Json, goType: string) {
    return badJson(`json: cannot unmarshal ${kind(value)} into Go struct field ${this.struct}.${key} of type ${goType}`);
  }

  /** A Go `string` field: missing or null reads as "". */
  str(key: string): string {
    return this.optStr(key) ?? "";
  }

  /** A Go `*string` field: missing or null reads as null. */
  optStr(key: string): string | null {
    const v = this.get(key);
    if (v === undefined || v === null) return null;
    if (typeof v !== "string") throw this.mismatch(key, v, "string");
    return v;
  }

  bool(key: string): boolean {
    const v = this.get(key);
    if (v === undefined || v === null) return false;
    if (typeof v !== "boolean") throw this.mismatch(key, v, "bool");
    return v;
  }

  /** A Go `map[string]interface{}` field: missing or null reads as null. */
  obj(key: string): JsonObject | null {
    const v = this.get(key);
    if (v === undefined || v === null) return null;
    if (!isJsonObject(v)) throw this.mismatch(key, v, "map[string]interface {}");
    return v;
  }
}

/** Decode the JSON body into a parameter struct named like GoTrue's (for error messages). */
export async function readParams(ar: AuthRequest, struct: string): Promise<Params> {
  const raw = (await ar.rawBody()).toString("utf8");
  if (raw.trim() === "") throw badJson("unexpected end of JSON input");
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw badJson(err instanceof Error ? err.message : "invalid JSON");
  }
  if (parsed === null) return new Params({}, struct);
  if (!isJsonObject(parsed)) {
    throw badJson(`json: cannot unmarshal ${kind(parsed as Json)} into Go value of type api.${struct}`);
  }
  return new Params(parsed, struct);
}

/** Some endpoints (admin delete) accept an empty body; only decode when one was sent. */
export async function readOptionalParams(ar: AuthRequest, struct: string): Promise<Params> {
  const raw = await ar.rawBody();
  return raw.length === 0 ? new Params({}, struct) : readParams(ar, struct);
}
