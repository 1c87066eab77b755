import type { LocalServiceOptions } from "../auth";
import type { ServiceHandler } from "../gateway";

/** Local Supabase Storage (subset). Being written; answers 503 until then. */
export async function createStorageService(_opts: LocalServiceOptions): Promise<{ handle: ServiceHandler }> {
  return {
    handle: async (_req, res) => {
      res.writeHead(503, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: "storage service unavailable" }));
    },
  };
}
