/**
 * Starting and discarding an import (user session; the RPCs check the role). Starting queues
 * the one imports.process job of the import; a lost enqueue is repaired by ensureQueued(),
 * which the progress poll calls, and the job itself is idempotent.
 */
import "server-only";
import type { SupabaseClient } from "@supabase/supabase-js";
import { AppError } from "@/lib/api/errors";
import { localized } from "@/i18n/server-text";
import { enqueue } from "@/lib/jobs/enqueue";
import type { Logger } from "@/lib/logger";
import type { Database } from "@/lib/supabase/database.types";
import { fieldsOf, mappingProblems, mappingSchema, type Mapping } from "./fields";
import { IMPORT_BUCKET, type DuplicateStrategy, type ImportKind } from "./limits";
import { getImport, type ImportRecord } from "./queries";
import { importRpcError } from "./rpc-error";
import { asHeaders, mappingJson } from "./shapes";

type Client = SupabaseClient<Database>;

/** The mapping checked against the import's kind and columns; required fields present, no column twice. */
export function checkMapping(imp: ImportRecord, input: Record<string, number>): Mapping {
  const kind = imp.kind as ImportKind;
  const parsed = mappingSchema(kind, Math.max(asHeaders(imp.headers).length, 1)).safeParse(input);
  const invalid = () => new AppError("VALIDATION_ERROR", { message: localized((m) => m.imports.errors.import_mapping_invalid), details: { mapping: "invalid" } });
  if (!parsed.success) throw invalid();
  const mapping = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) as Mapping;
  const problems = mappingProblems(kind, mapping);
  if (problems.missing.length > 0 || problems.repeated) {
    throw new AppError("VALIDATION_ERROR", {
      message: localized((m) => (problems.repeated ? m.imports.mapping.repeated : m.imports.errors.import_mapping_invalid)),
      details: { mapping: problems.repeated ? "repeated" : "missing", missing: problems.missing },
    });
  }
  return Object.fromEntries(fieldsOf(kind).filter((f) => mapping[f] !== undefined).map((f) => [f, mapping[f]])) as Mapping;
}

export async function queueImport(importId: string, log: Logger): Promise<void> {
  try {
    await enqueue("imports.process", { importId }, { singletonKey: importId, singletonSeconds: 60 });
  } catch (err) {
    log.error("could not queue imports.process", { err, importId });
  }
}

export async function startImport(
  supabase: Client,
  params: { businessId: string; id: string; mapping: Record<string, number>; duplicateStrategy: DuplicateStrategy },
  log: Logger,
): Promise<ImportRecord> {
  const imp = await getImport(supabase, { businessId: params.businessId, id: params.id });
  const mapping = checkMapping(imp, params.mapping);
  const { data, error } = await supabase
    .rpc("start_import", { p_import_id: imp.id, p_mapping: mappingJson(mapping), p_duplicate_strategy: params.duplicateStrategy });
  if (error) throw importRpcError(error);
  await queueImport(imp.id, log);
  return data;
}

/** A queued import whose job went missing (enqueue failed, queue wiped) is queued again. */
export async function ensureQueued(imp: ImportRecord, log: Logger): Promise<void> {
  const waitingMs = Date.now() - new Date(imp.updated_at).getTime();
  if (imp.status === "queued" && waitingMs > 30_000) await queueImport(imp.id, log);
}

export async function discardImport(supabase: Client, params: { businessId: string; id: string }): Promise<void> {
  const imp = await getImport(supabase, params);
  const { error } = await supabase.rpc("discard_import", { p_import_id: imp.id });
  if (error) throw importRpcError(error);
  await supabase.storage.from(IMPORT_BUCKET).remove([imp.storage_path]);
}
