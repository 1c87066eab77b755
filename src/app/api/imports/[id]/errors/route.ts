/**
 * GET /api/imports/:id/errors: the rows that were not imported as a CSV download, with the
 * file's own columns plus the row number and the reason, streamed page by page.
 */
import { enMessages, idMessages } from "@/i18n/catalog";
import { defineRoute } from "@/lib/api/handler";
import { errorFileHeader, errorFileRows } from "@/lib/imports/error-file";
import { getImport, problemRows } from "@/lib/imports/queries";
import { importIdParams } from "@/lib/imports/schema";
import { asHeaders } from "@/lib/imports/shapes";

const PAGE = 2000;

export const GET = defineRoute({ auth: "user", role: "viewer", params: importIdParams }, async ({ params, supabase, businessId, locale }) => {
  const imp = await getImport(supabase, { businessId: businessId ?? "", id: params.id });
  const messages = locale === "en" ? enMessages : idMessages;
  const headers = asHeaders(imp.headers);
  const encoder = new TextEncoder();
  let from = 0;
  let started = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(errorFileHeader(headers, messages)));
        return;
      }
      const rows = await problemRows(supabase, { importId: imp.id, from, limit: PAGE });
      from += rows.length;
      if (rows.length > 0) controller.enqueue(encoder.encode(errorFileRows(rows, headers.length, messages)));
      if (rows.length < PAGE) controller.close();
    },
  });
  const base = imp.file_name.replace(/\.[^.]+$/, "").replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 60) || "impor";
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${base}-baris-bermasalah.csv"`,
      "cache-control": "private, no-store",
    },
  });
});
