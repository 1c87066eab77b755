/**
 * Structured logs: one JSON object per line on stdout/stderr, which Vercel and any log
 * shipper index without parsing rules. Every line written while serving a request carries
 * its `requestId`, so a user's error report ("kode: 3f2a...") leads to the matching lines.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger whose lines all carry `fields` too (e.g. the request id, a job id). */
  child(fields: LogFields): Logger;
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function minLevel(): number {
  const configured = process.env.LOG_LEVEL;
  if (configured === "debug" || configured === "info" || configured === "warn" || configured === "error") return LEVELS[configured];
  // Tests stay quiet unless something is wrong.
  return process.env.NODE_ENV === "test" ? LEVELS.warn : LEVELS.info;
}

/** Errors do not serialise with JSON.stringify; keep the useful parts. */
export function serializeError(err: unknown): LogFields {
  if (err instanceof Error) {
    const out: LogFields = { name: err.name, message: err.message, stack: err.stack };
    const code = (err as { code?: unknown }).code;
    if (code !== undefined) out.code = code;
    if (err.cause !== undefined) out.cause = serializeError(err.cause);
    return out;
  }
  return { message: String(err) };
}

function normalise(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) out[k] = v instanceof Error ? serializeError(v) : v;
  return out;
}

export type LogSink = (level: LogLevel, line: string) => void;

// The process's own streams where it has them: in the Next.js server console.* goes through
// Next's console wrappers (dimming, exit tracking), about a tenth of a millisecond per request
// line for output that is one ready string. Elsewhere (a runtime without process streams)
// console; either way warn and error go to stderr, which Vercel files under the error level.
const streams = typeof process !== "undefined" && process.stdout && process.stderr ? { out: process.stdout, err: process.stderr } : null;
const defaultSink: LogSink = streams
  ? (level, line) => writeLine(level === "error" || level === "warn" ? streams.err : streams.out, `${line}\n`)
  : (level, line) => {
      if (level === "error" || level === "warn") console.error(line);
      else console.log(line);
    };

/**
 * As console does: a write error (EPIPE once the reader of a pipe is gone) is reported to the
 * callback before the stream emits it, and a stream nobody listens on would throw it from
 * there; a log line must never take the server down.
 */
export function writeLine(stream: NodeJS.WritableStream, text: string): void {
  stream.write(text, (err) => {
    if (err && stream.listenerCount("error") === 0) stream.once("error", () => undefined);
  });
}

let sink: LogSink = defaultSink;

/** For tests: capture lines instead of printing them. Returns a function restoring the default. */
export function setLogSink(next: LogSink): () => void {
  sink = next;
  return () => {
    sink = defaultSink;
  };
}

export function createLogger(base: LogFields = {}): Logger {
  const write = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (LEVELS[level] < minLevel()) return;
    const entry = { level, time: new Date().toISOString(), msg, ...base, ...(fields ? normalise(fields) : {}) };
    let line: string;
    try {
      line = JSON.stringify(entry);
    } catch {
      // A circular structure must not turn a log call into a crash.
      line = JSON.stringify({ level, time: entry.time, msg, ...base, note: "fields not serialisable" });
    }
    sink(level, line);
  };
  return {
    debug: (msg, fields) => write("debug", msg, fields),
    info: (msg, fields) => write("info", msg, fields),
    warn: (msg, fields) => write("warn", msg, fields),
    error: (msg, fields) => write("error", msg, fields),
    child: (fields) => createLogger({ ...base, ...normalise(fields) }),
  };
}

export const logger = createLogger();

export const REQUEST_ID_HEADER = "x-request-id";

/**
 * Accepts an upstream request id (Vercel's proxy, a load balancer, the client) when it looks
 * like an id, so one id follows the request end to end; otherwise makes a new one. The
 * pattern stops a caller from injecting log-breaking text through the header.
 */
export function resolveRequestId(incoming: string | null | undefined): string {
  if (incoming && /^[A-Za-z0-9._:-]{8,128}$/.test(incoming)) return incoming;
  return globalThis.crypto.randomUUID();
}
