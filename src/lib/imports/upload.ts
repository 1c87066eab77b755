/**
 * The upload step of an import (POST /api/imports): read the file, store it in the
 * import-files bucket under <business_id>/<upload uuid>/, register the import and stage every
 * data row, all with the user's session (RLS and the RPCs' role checks apply). Nothing
 * touches customers or transactions here. When any step fails, what was written is removed,
 * so a failed upload leaves nothing behind.
 */
import "server-only";
import { randomUUID } from "node:crypto";
import type { SupabaseClient } from "@supabase/supabase-js";
import { AppError } from "@/lib/api/errors";
import type { Logger } from "@/lib/logger";
import type { Database } from "@/lib/supabase/database.types";
import { localized } from "@/i18n/server-text";
import { suggestMapping } from "./fields";
import { IMPORT_BUCKET, type ImportKind } from "./limits";
import { fileWebStream, type FileBytes } from "./file-bytes";
import { ImportFileError, readImportFile } from "./read-file";
import { importRpcError } from "./rpc-error";
import { stageRequest } from "./stage-request";
import { mappingJson } from "./shapes";
import type { ImportRecord } from "./queries";

type Client = SupabaseClient<Database>;

export function fileError(err: ImportFileError): AppError {
  return new AppError("VALIDATION_ERROR", {
    message: localized((m) => m.imports.fileErrors[err.key]),
    details: { file: err.key },
  });
}

/** A storage-safe file name: letters, digits, dot, dash, underscore. */
function safeName(name: string, format: string): string {
  const base = name.normalize("NFKD").replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[-.]+|-+$/g, "").slice(-80);
  return base || `berkas.${format}`;
}

/**
 * The file is read to the end first (a bad file leaves nothing behind), its rows already
 * written as request bodies (read-file.ts, stage-batch.ts); then it is stored, registered and
 * its rows staged body by body, each body released once sent.
 */
export async function uploadImport(
  supabase: Client,
  params: { businessId: string; kind: ImportKind; fileName: string; file: FileBytes },
  log: Logger,
): Promise<ImportRecord> {
  let sheet;
  try {
    sheet = await readImportFile(params.file);
  } catch (err) {
    if (err instanceof ImportFileError) throw fileError(err);
    throw err;
  }
  const id = randomUUID();
  const path = `${params.businessId}/${id}/${safeName(params.fileName, sheet.format)}`;
  const contentType = sheet.format === "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv";
  const stored = await supabase.storage.from(IMPORT_BUCKET).upload(path, fileWebStream(params.file), { contentType, upsert: false, duplex: "half" });
  if (stored.error) {
    log.error("import upload failed", { err: stored.error });
    throw new AppError("INTERNAL", { message: localized((m) => m.imports.errors.upload_failed), cause: stored.error });
  }

  let importId: string | null = null;
  try {
    const created = await supabase
      .rpc("create_import", {
        p_business_id: params.businessId,
        p_kind: params.kind,
        p_file_name: params.fileName.slice(0, 255) || path,
        p_file_format: sheet.format,
        p_file_size: params.file.size,
        p_storage_path: path,
        p_headers: sheet.headers,
        p_total_rows: sheet.rowCount,
        p_mapping: mappingJson(suggestMapping(params.kind, sheet.headers)),
      });
    if (created.error) throw importRpcError(created.error);
    const stagingId = created.data.id;
    importId = stagingId;
    const send = await stageRequest(supabase);
    for (const body of sheet.batches.bodies(stagingId)) await send(body);
    const finished = await supabase.rpc("finish_import_staging", { p_import_id: importId });
    if (finished.error) throw importRpcError(finished.error);
    return finished.data;
  } catch (err) {
    // Nothing half-written: the import (and its staged rows) and the file go.
    if (importId) await supabase.rpc("discard_import", { p_import_id: importId });
    await supabase.storage.from(IMPORT_BUCKET).remove([path]);
    throw err;
  }
}
