/**
 * The sales export: columns and the keyset pages of public.export_transactions_page (the
 * filters of GET /api/transactions; newest sale first).
 */
import "server-only";
import type { SupabaseClient } from "@supabase/supabase-js";
import type { Database } from "@/lib/supabase/database.types";
import type { ExportColumn } from "./columns";
import { EXPORT_PAGE_SIZE } from "./customers";
import { exportRpcError } from "./errors";

type Client = SupabaseClient<Database>;
export type TransactionExportRow = Database["public"]["Functions"]["export_transactions_page"]["Returns"][number];
export type TransactionExportFilters = Omit<Database["public"]["Functions"]["export_transactions_page"]["Args"], "p_after_date" | "p_after_id" | "p_limit">;

const STATUS: Record<TransactionExportRow["status"], string> = { completed: "Selesai", voided: "Dibatalkan" };

export const TRANSACTION_COLUMNS: ExportColumn<TransactionExportRow>[] = [
  { header: "ID Transaksi", kind: "text", width: 38, value: (r) => r.id },
  { header: "Tanggal", kind: "date", width: 12, value: (r) => r.transaction_date },
  { header: "Pelanggan", kind: "text", width: 28, value: (r) => r.customer_name },
  { header: "WhatsApp", kind: "phone", width: 17, value: (r) => r.customer_whatsapp },
  { header: "Jumlah", kind: "number", width: 14, value: (r) => Number(r.amount) },
  { header: "Metode Pembayaran", kind: "text", width: 14, value: (r) => r.payment_method },
  { header: "Status", kind: "text", width: 12, value: (r) => STATUS[r.status] },
  { header: "Produk", kind: "text", width: 40, value: (r) => r.items },
  { header: "Catatan", kind: "text", width: 30, value: (r) => r.notes },
  { header: "Alasan Pembatalan", kind: "text", width: 24, value: (r) => r.void_reason },
  { header: "Dicatat", kind: "datetime", width: 18, value: (r) => r.created_at },
  { header: "ID Pelanggan", kind: "text", width: 38, value: (r) => r.customer_id },
];

export async function* transactionExportPages(client: Client, filters: TransactionExportFilters, pageSize = EXPORT_PAGE_SIZE): AsyncGenerator<TransactionExportRow[]> {
  let after: TransactionExportRow | undefined;
  for (;;) {
    const { data, error } = await client.rpc("export_transactions_page", {
      ...filters,
      p_after_date: after?.transaction_date,
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
