/** Small HTTP helpers shared by the Storage route handlers. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { ERRORS } from "./errors";

const JSON_LIMIT = 1024 * 1024;

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Reads a small JSON body (bucket and object commands); an empty body reads as {}. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > JSON_LIMIT) throw ERRORS.entityTooLarge("request body");
    chunks.push(buf);
  }
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (text === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw ERRORS.invalidRequest("Body is not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw ERRORS.invalidRequest("body must be object");
  }
  return parsed as Record<string, unknown>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/**
 * Reads and discards what is left of a request body (bounded in time) so an error sent
 * mid-upload reaches the client instead of a reset connection. Resolves true when the body
 * was fully consumed, false when the connection should be closed instead.
 */
export function drain(req: IncomingMessage, timeoutMs = 15_000): Promise<boolean> {
  if (req.readableEnded || req.complete) return Promise.resolve(true);
  if (req.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      req.off("end", onEnd);
      req.off("close", onClose);
      req.off("error", onClose);
      resolve(ok);
    };
    const onEnd = () => finish(true);
    const onClose = () => finish(req.complete);
    const timer = setTimeout(() => finish(false), timeoutMs);
    req.on("end", onEnd);
    req.on("close", onClose);
    req.on("error", onClose);
    // Another consumer (busboy) may still be piped in; detach it so `resume` really discards.
    req.unpipe();
    req.resume();
  });
}

// ---- small validators for JSON bodies (no `any`, no casts at call sites) -----------------

export function str(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  return typeof v === "string" ? v : undefined;
}

export function requireStr(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  if (v === undefined || v === null) throw ERRORS.missingParameter(key);
  if (typeof v !== "string") throw ERRORS.invalidParameter(key, `body/${key} must be string`);
  return v;
}

export function bool(body: Record<string, unknown>, key: string): boolean | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") throw ERRORS.invalidParameter(key, `body/${key} must be boolean`);
  return v;
}

export function int(body: Record<string, unknown>, key: string): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isInteger(n)) throw ERRORS.invalidParameter(key, `body/${key} must be integer`);
  return n;
}

export function strArray(body: Record<string, unknown>, key: string): string[] | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((x): x is string => typeof x === "string")) {
    throw ERRORS.invalidParameter(key, `body/${key} must be array of strings`);
  }
  return v;
}
