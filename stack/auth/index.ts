import type pg from "pg";
import type { StackConfig } from "../config";
import type { ServiceHandler } from "../gateway";

export interface LocalServiceOptions {
  cfg: StackConfig;
  pool: pg.Pool;
  log: (line: string) => void;
}

/** Local Supabase Auth (GoTrue-compatible subset). Being written; answers 503 until then. */
export async function createAuthService(_opts: LocalServiceOptions): Promise<{ handle: ServiceHandler }> {
  return {
    handle: async (_req, res) => {
      res.writeHead(503, { "content-type": "application/json" });
      res.end(JSON.stringify({ msg: "auth service unavailable" }));
    },
  };
}
