/**
 * /api/imports
 *   GET   the active business's recent imports (newest first)
 *   POST  multipart/form-data { kind: customers | transactions, file: CSV or XLSX }: checks the
 *         file by content (20 MB, 200,000 rows, header row), stores it in the import-files
 *         bucket and stages its rows; 201 with the import (status mapping) and the suggested
 *         column mapping. Nothing is written to customers or transactions until /start.
 */
import { localized } from "@/i18n/server-text";
import { defineRoute, reply } from "@/lib/api/handler";
import { AppError } from "@/lib/api/errors";
import { IMPORT_MAX_BYTES, type ImportKind } from "@/lib/imports/limits";
import type { FileBytes } from "@/lib/imports/file-bytes";
import { readUploadForm, UploadFormError } from "@/lib/imports/multipart";
import { listImports } from "@/lib/imports/queries";
import { uploadFieldsSchema } from "@/lib/imports/schema";
import { uploadImport } from "@/lib/imports/upload";

export const maxDuration = 300;

export const GET = defineRoute({ auth: "user", role: "viewer" }, async ({ supabase, businessId }) => listImports(supabase, { businessId: businessId ?? "" }));

const fileProblem = (key: "empty" | "tooLarge" | "kindInvalid") =>
  new AppError("VALIDATION_ERROR", { message: localized((m) => m.imports.fileErrors[key]), details: { file: key } });

/**
 * The form's fields and the file, read as a stream (src/lib/imports/multipart.ts): the file
 * is kept as its upload chunks, never as one more copy.
 */
async function readUpload(request: Request): Promise<{ kind: ImportKind; fileName: string; file: FileBytes }> {
  // A little over the limit for the multipart envelope; the file itself is checked as it arrives.
  if (Number(request.headers.get("content-length") ?? 0) > IMPORT_MAX_BYTES + 64 * 1024) throw fileProblem("tooLarge");
  let form;
  try {
    form = await readUploadForm(request);
  } catch (err) {
    if (err instanceof UploadFormError) throw fileProblem(err.key);
    throw err;
  }
  const fields = uploadFieldsSchema.safeParse({ kind: form.fields.kind });
  if (!fields.success) throw fileProblem("kindInvalid");
  if (!form.file || form.file.size === 0) throw fileProblem("empty");
  return { kind: fields.data.kind, fileName: form.file.name, file: form.file };
}

export const POST = defineRoute({ auth: "user", role: "staff" }, async ({ request, supabase, businessId, log }) => {
  const upload = await readUpload(request);
  const imp = await uploadImport(supabase, { businessId: businessId ?? "", ...upload }, log);
  return reply(imp, { status: 201 });
});
