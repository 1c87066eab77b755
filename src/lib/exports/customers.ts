/**
 * The customer export: columns and the keyset pages of public.export_customers_page (the
 * list's filters, built in SQL exactly like search_customers; newest customer first).
 */
import "server-only";
import type { SupabaseClient } from "@supabase/supabase-js";
import { idMessages } from "@/i18n/catalog";
import { RFM_SEGMENTS } from "@/features/customers/schema";
import type { Database } from "@/lib/supabase/database.types";
import type { ExportColumn } from "./columns";
import { exportRpcError } from "./errors";

type Client = SupabaseClient<Database>;
export type CustomerExportRow = Database["public"]["Functions"]["export_customers_page"]["Returns"][number];
export type CustomerExportFilters = Omit<Database["public"]["Functions"]["export_customers_page"]["Args"], "p_after_created_at" | "p_after_id" | "p_limit">;

export const EXPORT_PAGE_SIZE = 1000;

const labels = idMessages.customers;
const segments = idMessages.rfm.segments;
type Segment = (typeof RFM_SEGMENTS)[number];
const isSegment = (v: string | null): v is Segment => v !== null && (RFM_SEGMENTS as readonly string[]).includes(v);

export const CUSTOMER_COLUMNS: ExportColumn<CustomerExportRow>[] = [
  { header: "ID", kind: "text", width: 38, value: (r) => r.id },
  { header: "Nama", kind: "text", width: 28, value: (r) => r.name },
  { header: "WhatsApp", kind: "phone", width: 17, value: (r) => r.whatsapp },
  { header: "Telepon", kind: "phone", width: 17, value: (r) => r.phone },
  { header: "Email", kind: "text", width: 28, value: (r) => r.email },
  { header: "Alamat", kind: "text", width: 34, value: (r) => r.address },
  { header: "Kota", kind: "text", width: 16, value: (r) => r.city },
  { header: "Tipe", kind: "text", width: 12, value: (r) => labels.types[r.type] },
  { header: "Status", kind: "text", width: 12, value: (r) => (r.deleted_at ? labels.statuses.deleted : labels.statuses[r.status]) },
  { header: "Saldo", kind: "number", width: 14, value: (r) => Number(r.balance) },
  { header: "Tag", kind: "text", width: 24, value: (r) => r.tags },
  { header: "Jumlah Transaksi", kind: "number", width: 10, value: (r) => r.transactions_count },
  { header: "Total Belanja", kind: "number", width: 16, value: (r) => Number(r.total_spent) },
  { header: "Pembelian Terakhir", kind: "date", width: 14, value: (r) => r.last_purchase_date },
  { header: "Segmen RFM", kind: "text", width: 20, value: (r) => (isSegment(r.segment) ? segments[r.segment].label : idMessages.rfm.prospect.label) },
  { header: "Terdaftar", kind: "datetime", width: 18, value: (r) => r.created_at },
];

/** Pages of EXPORT_PAGE_SIZE rows until the filter is exhausted (keyset on created_at, id). */
export async function* customerExportPages(client: Client, filters: CustomerExportFilters, pageSize = EXPORT_PAGE_SIZE): AsyncGenerator<CustomerExportRow[]> {
  let after: CustomerExportRow | undefined;
  for (;;) {
    const { data, error } = await client.rpc("export_customers_page", {
      ...filters,
      p_after_created_at: after?.created_at,
      p_after_id: after?.id,
      p_limit: pageSize,
    });
    if (error) throw exportRpcError(error);
    const rows = data ?? [];
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1];
  }
}
