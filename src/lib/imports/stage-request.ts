/**
 * stage_import_rows as a plain POST to PostgREST with the user's own token (the same request
 * supabase-js's rpc() makes: RLS and the function's role check apply), so the body can be the
 * bytes StageBatches wrote instead of an object supabase-js would serialise again.
 */
import "server-only";
import type { SupabaseClient } from "@supabase/supabase-js";
import { AppError } from "@/lib/api/errors";
import { publicEnv } from "@/lib/env";
import type { Database } from "@/lib/supabase/database.types";
import { importRpcError } from "./rpc-error";

/** A sender of ready bodies, bound to the signed-in user. */
export async function stageRequest(supabase: SupabaseClient<Database>): Promise<(body: Uint8Array<ArrayBuffer>) => Promise<void>> {
  const { data, error } = await supabase.auth.getSession();
  const token = data.session?.access_token;
  if (error || !token) throw new AppError("UNAUTHENTICATED", { cause: error ?? undefined });
  const url = `${publicEnv.NEXT_PUBLIC_SUPABASE_URL}/rest/v1/rpc/stage_import_rows`;
  const headers = {
    apikey: publicEnv.NEXT_PUBLIC_SUPABASE_ANON_KEY,
    authorization: `Bearer ${token}`,
    "content-type": "application/json",
  };
  return async (body) => {
    const res = await fetch(url, { method: "POST", headers, body, cache: "no-store" });
    if (res.ok) {
      await res.body?.cancel();
      return;
    }
    const problem = (await res.json().catch(() => ({ message: `${res.status} ${res.statusText}` }))) as { code?: string; message?: string; hint?: string | null };
    throw importRpcError(problem);
  };
}
