/**
 * Export of a segment's customers (the list on the segment page, all pages) as CSV or XLSX
 * through the shared formula-safe writers in src/lib/exports. Rows come from the engine's
 * viewer+ function in pages of 1,000 over one pinned run (whose rows never change), so the
 * offset paging is consistent.
 */
import "server-only";
import type { SupabaseClient } from "@supabase/supabase-js";
import { idMessages } from "@/i18n/catalog";
import type { ExportColumn } from "@/lib/exports/columns";
import { exportResponse } from "@/lib/exports/response";
import type { Logger } from "@/lib/logger";
import type { ExportFormat, SegmentListParams } from "@/lib/rfm/params";
import { listSegmentCustomers, type RfmCustomerRow } from "@/lib/rfm/queries";
import type { Segment } from "@/lib/rfm/segments";
import type { Database } from "@/lib/supabase/database.types";

type Client = SupabaseClient<Database>;

const PAGE = 1000;
const labels = idMessages.rfm;

/** Headers in Indonesian, like the other exports (the file is for the owner's Excel). */
export function segmentColumns(segment: Segment): ExportColumn<RfmCustomerRow>[] {
  const label = labels.segments[segment].label;
  return [
    { header: "ID", kind: "text", width: 38, value: (r) => r.customerId },
    { header: "Nama", kind: "text", width: 28, value: (r) => r.name },
    { header: "WhatsApp", kind: "phone", width: 17, value: (r) => r.whatsapp },
    { header: "Segmen", kind: "text", width: 22, value: () => label },
    { header: "Pembelian Terakhir", kind: "date", width: 14, value: (r) => r.lastPurchaseDate },
    { header: "Hari Sejak Belanja", kind: "number", width: 10, value: (r) => r.recencyDays },
    { header: "Frekuensi", kind: "number", width: 10, value: (r) => r.frequency },
    { header: "Nilai Belanja", kind: "number", width: 16, value: (r) => r.monetary },
    { header: "Skor R", kind: "number", width: 7, value: (r) => r.rScore },
    { header: "Skor F", kind: "number", width: 7, value: (r) => r.fScore },
    { header: "Skor M", kind: "number", width: 7, value: (r) => r.mScore },
    { header: "Kode RFM", kind: "text", width: 9, value: (r) => r.rfmCode },
  ];
}

async function* pages(client: Client, businessId: string, segment: Segment, q: SegmentListParams): AsyncGenerator<RfmCustomerRow[]> {
  for (let offset = 0; ; offset += PAGE) {
    const page = await listSegmentCustomers(client, {
      businessId,
      segment,
      runId: q.run,
      rScore: q.r,
      fmScore: q.fm,
      sort: q.sort,
      desc: q.desc,
      limit: PAGE,
      offset,
    });
    if (page.rows.length > 0) yield page.rows;
    if (page.rows.length < PAGE) return;
  }
}

export function exportSegment(c: { supabase: Client; businessId: string; segment: Segment; query: SegmentListParams; format: ExportFormat; date: string; log: Logger }): Promise<Response> {
  const cell = c.query.r !== null && c.query.fm !== null ? `-r${c.query.r}-fm${c.query.fm}` : "";
  return exportResponse({
    format: c.format,
    baseName: `rfm-${c.segment.replaceAll("_", "-")}${cell}-${c.date}`,
    sheetName: labels.segments[c.segment].label.slice(0, 31),
    columns: segmentColumns(c.segment),
    pages: pages(c.supabase, c.businessId, c.segment, c.query),
    log: c.log,
  });
}
