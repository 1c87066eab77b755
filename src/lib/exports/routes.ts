/**
 * What the export route handlers share: query -> RPC filters, and the streamed file.
 * Role: viewer+ (the same rows the list already shows them; the functions re-check it).
 */
import "server-only";
import type { SupabaseClient } from "@supabase/supabase-js";
import { jakartaToday } from "@/lib/format";
import type { Logger } from "@/lib/logger";
import type { Database } from "@/lib/supabase/database.types";
import { CUSTOMER_COLUMNS, customerExportPages, type CustomerExportFilters } from "./customers";
import { exportResponse, type ExportFormat } from "./response";
import type { CustomerExportQuery, TransactionExportQuery } from "./schema";
import { TRANSACTION_COLUMNS, transactionExportPages } from "./transactions";

type Client = SupabaseClient<Database>;
interface Common { supabase: Client; businessId: string; log: Logger; format: ExportFormat; sep: "comma" | "semicolon" }

export function customerFilters(businessId: string, q: Partial<CustomerExportQuery>): CustomerExportFilters {
  return {
    p_business_id: businessId,
    p_search: q.q,
    p_status: q.status,
    p_type: q.type,
    p_tag_id: q.tag,
    p_balance: q.balance,
    p_balance_min: q.balanceMin,
    p_balance_max: q.balanceMax,
    p_created_from: q.createdFrom,
    p_created_to: q.createdTo,
    p_deleted: q.deleted ?? false,
    p_segment: q.segment,
  };
}

export function exportCustomers(c: Common & { filters: CustomerExportFilters }): Promise<Response> {
  return exportResponse({
    format: c.format,
    baseName: `pelanggan-${jakartaToday()}`,
    sheetName: "Pelanggan",
    columns: CUSTOMER_COLUMNS,
    pages: customerExportPages(c.supabase, c.filters),
    delimiter: c.sep === "semicolon" ? ";" : ",",
    log: c.log,
  });
}

export function exportTransactions(c: Common & { query: TransactionExportQuery }): Promise<Response> {
  return exportResponse({
    format: c.format,
    baseName: `transaksi-${jakartaToday()}`,
    sheetName: "Transaksi",
    columns: TRANSACTION_COLUMNS,
    pages: transactionExportPages(c.supabase, {
      p_business_id: c.businessId,
      p_customer_id: c.query.customerId,
      p_from: c.query.from,
      p_to: c.query.to,
      p_min_amount: c.query.minAmount,
      p_max_amount: c.query.maxAmount,
      p_status: c.query.status,
    }),
    delimiter: c.sep === "semicolon" ? ";" : ",",
    log: c.log,
  });
}
