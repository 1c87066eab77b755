/**
 * Reads for sales: (client, params) functions with an explicit business id, usable from
 * pages, route handlers, actions and tests. The client carries the user's session, so RLS
 * applies on top of the explicit tenant filter.
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import { AppError } from "@/lib/api/errors";
import type { Database } from "@/lib/supabase/database.types";
import type { DateRange } from "./period";
import type { ListTransactionsQuery, PaymentMethod } from "./schema";

type Client = SupabaseClient<Database>;

export interface TransactionItem {
  position: number;
  name: string;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
}

export interface Transaction {
  id: string;
  businessId: string;
  customerId: string;
  customer: { id: string; name: string; whatsapp: string | null } | null;
  date: string;
  amount: number;
  paymentMethod: PaymentMethod | null;
  notes: string | null;
  status: "completed" | "voided";
  voidedAt: string | null;
  voidReason: string | null;
  items: TransactionItem[];
  createdAt: string;
  /** The version an edit must send back (updated_at exactly as Postgres returned it). */
  version: string;
}

const SELECT =
  "id, business_id, customer_id, transaction_date, amount, payment_method, notes, status, voided_at, void_reason, created_at, updated_at, " +
  "customer:customers(id, name, whatsapp), items:transaction_items(position, name, quantity, unit_price, line_total)";

/** A sale as read from PostgREST (SELECT above) or built by private.transaction_detail_json. */
export interface TransactionRow {
  id: string;
  business_id: string;
  customer_id: string;
  transaction_date: string;
  amount: number | string;
  payment_method: string | null;
  notes: string | null;
  status: "completed" | "voided";
  voided_at: string | null;
  void_reason?: string | null;
  created_at: string;
  updated_at: string;
  customer: { id: string; name: string; whatsapp: string | null } | null;
  items: { position: number; name: string; quantity: number | string; unit_price: number | string; line_total: number | string | null }[] | null;
}

export function toTransaction(row: TransactionRow): Transaction {
  return {
    id: row.id,
    businessId: row.business_id,
    customerId: row.customer_id,
    customer: row.customer,
    date: row.transaction_date,
    amount: Number(row.amount),
    paymentMethod: (row.payment_method as PaymentMethod | null) ?? null,
    notes: row.notes,
    status: row.status,
    voidedAt: row.voided_at,
    voidReason: row.void_reason ?? null,
    items: (row.items ?? [])
      .map((i) => ({ position: i.position, name: i.name, quantity: Number(i.quantity), unitPrice: Number(i.unit_price), lineTotal: Number(i.line_total ?? 0) }))
      .sort((a, b) => a.position - b.position),
    createdAt: row.created_at,
    version: row.updated_at,
  };
}

function failed(what: string, error: { message: string }): AppError {
  return new AppError("INTERNAL", { cause: new Error(`${what}: ${error.message}`) });
}

/** One sale of the business, or null (also for another business's id). */
export async function getTransaction(client: Client, params: { businessId: string; id: string }): Promise<Transaction | null> {
  const { data, error } = await client
    .from("transactions")
    .select(SELECT)
    .eq("business_id", params.businessId)
    .eq("id", params.id)
    .maybeSingle<TransactionRow>();
  if (error) throw failed("getTransaction", error);
  return data ? toTransaction(data) : null;
}

const SORT_COLUMN = { date: "transaction_date", amount: "amount", created: "created_at" } as const;

export interface TransactionPage {
  rows: Transaction[];
  meta: { page: number; limit: number; total: number };
}

/** Filtered, sorted, paged list; `total` counts every row matching the filters. */
export async function listTransactions(client: Client, params: ListTransactionsQuery & { businessId: string }): Promise<TransactionPage> {
  let query = client.from("transactions").select(SELECT, { count: "exact" }).eq("business_id", params.businessId);
  if (params.status !== "all") query = query.eq("status", params.status);
  if (params.customerId) query = query.eq("customer_id", params.customerId);
  if (params.from) query = query.gte("transaction_date", params.from);
  if (params.to) query = query.lte("transaction_date", params.to);
  if (params.minAmount !== undefined) query = query.gte("amount", params.minAmount);
  if (params.maxAmount !== undefined) query = query.lte("amount", params.maxAmount);
  const ascending = params.order === "asc";
  query = query.order(SORT_COLUMN[params.sort], { ascending }).order("created_at", { ascending }).order("id", { ascending });
  const start = (params.page - 1) * params.limit;
  const { data, error, count } = await query.range(start, start + params.limit - 1).returns<TransactionRow[]>();
  // Past the last page PostgREST answers 416; that is an empty page, not an error.
  if (error && error.code !== "PGRST103") throw failed("listTransactions", error);
  return { rows: (data ?? []).map(toTransaction), meta: { page: params.page, limit: params.limit, total: count ?? 0 } };
}

export interface DailyRevenue {
  date: string;
  revenue: number;
  count: number;
}

export interface PeriodStats extends DateRange {
  revenue: number;
  count: number;
  averageOrder: number;
  daily: DailyRevenue[];
}

/** Revenue, count, average order and the daily series of completed sales in a WIB date range. */
export async function getPeriodStats(client: Client, params: DateRange & { businessId: string }): Promise<PeriodStats> {
  const { data, error } = await client
    .rpc("transaction_period_stats", { p_business_id: params.businessId, p_from: params.from, p_to: params.to })
    .single();
  if (error) throw failed("transaction_period_stats", error);
  const daily = Array.isArray(data.daily) ? data.daily : [];
  return {
    from: params.from,
    to: params.to,
    revenue: Number(data.revenue),
    count: Number(data.transactions_count),
    averageOrder: Number(data.average_order),
    daily: daily.map((d) => {
      const rec = (typeof d === "object" && d !== null && !Array.isArray(d) ? d : {}) as Record<string, unknown>;
      return { date: String(rec.date), revenue: Number(rec.revenue ?? 0), count: Number(rec.count ?? 0) };
    }),
  };
}

export interface CustomerOption {
  id: string;
  name: string;
  whatsapp: string | null;
  city: string | null;
}

/**
 * Escapes a search text for an ILIKE pattern: `\`, `%` and `_` match themselves, and `*`
 * (which PostgREST reads as `%`) becomes a one-character wildcard. The text is only ever a
 * value of one column filter, never spliced into an `or=(...)` expression.
 */
export function likePattern(text: string): string {
  const escaped = text.trim().replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, "_");
  return `%${escaped}%`;
}

/** Live customers whose name contains the text (case-insensitive), for the sale form's picker. */
export async function searchCustomerOptions(client: Client, params: { businessId: string; q: string; limit?: number }): Promise<CustomerOption[]> {
  let query = client
    .from("customers")
    .select("id, name, whatsapp, city")
    .eq("business_id", params.businessId)
    .is("deleted_at", null);
  // name_lower is lower(name) (20260803000100): the same rows as ILIKE on the name, through its trigram indexes.
  if (params.q.trim() !== "") query = query.ilike("name_lower", likePattern(params.q));
  const { data, error } = await query.order("name").limit(params.limit ?? 10);
  if (error) throw failed("searchCustomerOptions", error);
  return data;
}

/** One customer for the picker (e.g. when the form opens from a customer's page). */
export async function getCustomerOption(client: Client, params: { businessId: string; id: string }): Promise<CustomerOption | null> {
  const { data, error } = await client
    .from("customers")
    .select("id, name, whatsapp, city")
    .eq("business_id", params.businessId)
    .eq("id", params.id)
    .is("deleted_at", null)
    .maybeSingle();
  if (error) throw failed("getCustomerOption", error);
  return data;
}
