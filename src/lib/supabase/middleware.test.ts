import { afterEach, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { resetEnvCache } from "../env";
import { setLogSink } from "../logger";
import { updateSession } from "./middleware";

const saved = { ...process.env };

afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
});

function configure(): void {
  Object.assign(process.env, {
    NEXT_PUBLIC_SUPABASE_URL: "http://127.0.0.1:9",
    NEXT_PUBLIC_SUPABASE_ANON_KEY: "anon",
    NEXT_PUBLIC_SITE_URL: "http://localhost:3000",
  });
  resetEnvCache();
}

describe("updateSession", () => {
  it("without a session cookie: no user, request id and path forwarded, no Auth call", async () => {
    configure();
    const { user, response } = await updateSession(new NextRequest("http://localhost/customers?page=2", { headers: { "x-request-id": "req-abcdefgh" } }));
    expect(user).toBeNull();
    expect(response.headers.get("x-request-id")).toBe("req-abcdefgh");
    // NextResponse.next({ request: { headers } }) marks overridden request headers like this.
    expect(response.headers.get("x-middleware-request-x-sma-pathname")).toBe("/customers?page=2");
    expect(response.headers.get("x-middleware-request-x-request-id")).toBe("req-abcdefgh");
  });

  it("a missing public variable degrades to signed out instead of failing every route", async () => {
    delete process.env.NEXT_PUBLIC_SUPABASE_URL;
    resetEnvCache();
    const lines: string[] = [];
    const restore = setLogSink((_l, line) => lines.push(line));
    try {
      const { user, response } = await updateSession(new NextRequest("http://localhost/dashboard"));
      expect(user).toBeNull();
      expect(response.status).toBe(200);
      expect(lines.join("\n")).toContain("NEXT_PUBLIC_SUPABASE_URL");
    } finally {
      restore();
    }
  });
});
