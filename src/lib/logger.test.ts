import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger, writeLine } from "./logger";

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe("logger default sink", () => {
  it("writes one JSON line per entry: info to stdout, warn and error to stderr", () => {
    vi.stubEnv("LOG_LEVEL", "info");
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const log = createLogger({ requestId: "req-12345678" });
    log.info("request", { status: 200 });
    log.warn("slow", { ms: 900 });
    log.error("boom", { err: new Error("x") });
    expect(out).toHaveBeenCalledTimes(1);
    expect(err).toHaveBeenCalledTimes(2);
    const line = String(out.mock.calls[0]?.[0]);
    expect(line.endsWith("\n")).toBe(true);
    expect(JSON.parse(line)).toMatchObject({ level: "info", msg: "request", requestId: "req-12345678", status: 200 });
    expect(JSON.parse(String(err.mock.calls[1]?.[0]))).toMatchObject({ level: "error", msg: "boom", err: { name: "Error", message: "x" } });
  });
});

describe("writeLine", () => {
  it("swallows a write error (a closed pipe) instead of throwing it from the stream", async () => {
    const { Writable } = await import("node:stream");
    const broken = new Writable({ write: (_chunk, _enc, done) => done(Object.assign(new Error("write EPIPE"), { code: "EPIPE" })) });
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on("uncaughtException", onUncaught);
    try {
      writeLine(broken, "line\n");
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off("uncaughtException", onUncaught);
    }
    expect(uncaught).toEqual([]);
    expect(broken.destroyed).toBe(true);
  });
});
