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
import { listImports } from "@/lib/imports/queries";
import { uploadFieldsSchema } from "@/lib/imports/schema";
import { uploadImport } from "@/lib/imports/upload";

export const maxDuration = 300;

export const GET = defineRoute({ auth: "user", role: "viewer" }, async ({ supabase, businessId }) => listImports(supabase, { businessId: businessId ?? "" }));

const fileProblem = (key: "empty" | "tooLarge" | "kindInvalid") =>
  new AppError("VALIDATION_ERROR", { message: localized((m) => m.imports.fileErrors[key]), details: { file: key } });

/**
 * The form's fields and the file's bytes. A function of its own so the parsed form and its File
 * (a second copy of the file) can be collected while the rows are read and staged.
 */
async function readUpload(request: Request): Promise<{ kind: ImportKind; fileName: string; bytes: Uint8Array }> {
  // A little over the limit for the multipart envelope; the file itself is checked below.
  if (Number(request.headers.get("content-length") ?? 0) > IMPORT_MAX_BYTES + 64 * 1024) throw fileProblem("tooLarge");
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw fileProblem("empty");
  }
  const fields = uploadFieldsSchema.safeParse({ kind: form.get("kind") });
  if (!fields.success) throw fileProblem("kindInvalid");
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) throw fileProblem("empty");
  if (file.size > IMPORT_MAX_BYTES) throw fileProblem("tooLarge");
  return { kind: fields.data.kind, fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

export const POST = defineRoute({ auth: "user", role: "staff" }, async ({ request, supabase, businessId, log }) => {
  const upload = await readUpload(request);
  const imp = await uploadImport(supabase, { businessId: businessId ?? "", ...upload }, log);
  return reply(imp, { status: 201 });
});
