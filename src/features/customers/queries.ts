/**
 * Read functions for customers, taking (client, params) with the tenant passed explicitly.
 * The client carries the user's session, so RLS applies on top of the business filter.
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import type { PageMeta } from "@/lib/api/envelope";
import { Constants, type Database } from "@/lib/supabase/database.types";
import type { CustomerStatus, CustomerType, ListCustomersQuery, RfmSegment } from "./schema";

type Client = SupabaseClient<Database>;
type Tables = Database["public"]["Tables"];

export interface TagChip {
  id: string;
  name: string;
  color: string;
}

export interface CustomerListItem {
  id: string;
  name: string;
  whatsapp: string | null;
  phone: string | null;
  email: string | null;
  city: string | null;
  type: CustomerType;
  status: CustomerStatus;
  balance: number;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  tags: TagChip[];
}

/** A row of the list: also the customer's current RFM segment (null = none yet, "Prospek"). */
export interface CustomerListRow extends CustomerListItem {
  segment: RfmSegment | null;
}

export interface Customer extends CustomerListItem {
  businessId: string;
  address: string | null;
  deletedReason: string | null;
  metadata: unknown;
}

export interface CustomerLifetime {
  transactionsCount: number;
  totalSpent: number;
  averageOrder: number;
  firstPurchaseDate: string | null;
  lastPurchaseDate: string | null;
}

export interface CustomerListStats {
  total: number;
  active: number;
  private: number;
  business: number;
  totalRevenue: number;
  averageCustomerValue: number;
  totalDebt: number;
}

function failed(what: string, error: { message: string }): Error {
  return new Error(`Could not load ${what}: ${error.message}`, { cause: error });
}

function toTags(value: unknown): TagChip[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((t: unknown) => {
    if (typeof t !== "object" || t === null) return [];
    const r = t as Record<string, unknown>;
    return typeof r.id === "string" && typeof r.name === "string" ? [{ id: r.id, name: r.name, color: typeof r.color === "string" ? r.color : "#64748b" }] : [];
  });
}

const SEGMENT_VALUES: ReadonlySet<string> = new Set(Constants.public.Enums.rfm_segment);
function toSegment(value: string | null): RfmSegment | null {
  return value !== null && SEGMENT_VALUES.has(value) ? (value as RfmSegment) : null;
}

/** The list page: search, filters, sort and offset pagination in one RPC (search_customers). */
export async function listCustomers(
  client: Client,
  params: ListCustomersQuery & { businessId: string },
): Promise<{ rows: CustomerListRow[]; meta: PageMeta }> {
  const { data, error } = await client.rpc("search_customers", {
    p_business_id: params.businessId,
    p_search: params.q,
    p_status: params.status,
    p_type: params.type,
    p_tag_id: params.tag,
    p_balance: params.balance,
    p_segment: params.segment,
    p_balance_min: params.balanceMin,
    p_balance_max: params.balanceMax,
    p_created_from: params.createdFrom,
    p_created_to: params.createdTo,
    p_deleted: params.deleted ?? false,
    p_sort: params.sort ?? (params.q ? "relevance" : "created_at"),
    p_direction: params.order ?? (params.sort === "name" ? "asc" : "desc"),
    p_limit: params.limit,
    p_offset: (params.page - 1) * params.limit,
  });
  if (error) throw failed("customers", error);
  const rows = data ?? [];
  return {
    rows: rows.map((r) => ({
      id: r.id, name: r.name, whatsapp: r.whatsapp, phone: r.phone, email: r.email, city: r.city,
      type: r.type, status: r.status, balance: Number(r.balance), createdAt: r.created_at, updatedAt: r.updated_at,
      deletedAt: r.deleted_at, tags: toTags(r.tags), segment: toSegment(r.segment),
    })),
    // Past 10,000 matches the total is the planner's estimate (totalExact false: "sekitar N").
    meta: { page: params.page, limit: params.limit, total: Number(rows[0]?.total_count ?? 0), totalExact: rows[0]?.total_exact ?? true },
  };
}

const CUSTOMER_COLUMNS =
  "id, business_id, name, whatsapp, phone, email, address, city, type, status, balance, metadata, created_at, updated_at, deleted_at, deleted_reason, customer_tags(tags(id, name, color))";

type CustomerRow = Tables["customers"]["Row"] & { customer_tags: { tags: TagChip | null }[] };

function toCustomer(r: CustomerRow): Customer {
  return {
    id: r.id, businessId: r.business_id, name: r.name, whatsapp: r.whatsapp, phone: r.phone, email: r.email,
    address: r.address, city: r.city, type: r.type, status: r.status, balance: Number(r.balance), metadata: r.metadata,
    createdAt: r.created_at, updatedAt: r.updated_at, deletedAt: r.deleted_at, deletedReason: r.deleted_reason,
    tags: r.customer_tags.flatMap((ct) => (ct.tags ? [ct.tags] : [])),
  };
}

/** One customer of the business (null when missing or another business's). */
export async function getCustomer(client: Client, params: { businessId: string; id: string }): Promise<Customer | null> {
  const { data, error } = await client
    .from("customers")
    .select(CUSTOMER_COLUMNS)
    .eq("business_id", params.businessId)
    .eq("id", params.id)
    .maybeSingle<CustomerRow>();
  if (error) throw failed("customer", error);
  return data ? toCustomer(data) : null;
}

/** Lifetime figures as public.lifetime(customers) returns them (numbers may arrive as strings). */
function toLifetime(value: unknown): CustomerLifetime {
  const r = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  const date = (v: unknown) => (typeof v === "string" ? v : null);
  return {
    transactionsCount: Number(r.transactions_count ?? 0),
    totalSpent: Number(r.total_spent ?? 0),
    averageOrder: Number(r.average_order ?? 0),
    firstPurchaseDate: date(r.first_purchase_date),
    lastPurchaseDate: date(r.last_purchase_date),
  };
}

/**
 * One customer with its live lifetime figures in a single request: `lifetime` is the computed
 * field public.lifetime(customers) (20260302000300_customer_lifetime_field.sql), the same
 * aggregate as customer_lifetime(). Null when missing or another business's.
 */
export async function getCustomerWithLifetime(
  client: Client,
  params: { businessId: string; id: string },
): Promise<(Customer & { lifetime: CustomerLifetime }) | null> {
  const { data, error } = await client
    .from("customers")
    .select(`${CUSTOMER_COLUMNS}, lifetime`)
    .eq("business_id", params.businessId)
    .eq("id", params.id)
    .maybeSingle<CustomerRow & { lifetime: unknown }>();
  if (error) throw failed("customer", error);
  return data ? { ...toCustomer(data), lifetime: toLifetime(data.lifetime) } : null;
}

/** A live customer of the business holding this WhatsApp number or email, if any. */
export async function findDuplicateCustomer(
  client: Client,
  params: { businessId: string; whatsapp?: string | null; email?: string | null; excludeId?: string },
): Promise<{ id: string; name: string; field: "whatsapp" | "email" } | null> {
  for (const field of ["whatsapp", "email"] as const) {
    const value = params[field];
    if (!value) continue;
    let query = client.from("customers").select("id, name").eq("business_id", params.businessId).is("deleted_at", null).eq(field, value);
    if (params.excludeId) query = query.neq("id", params.excludeId);
    const { data, error } = await query.limit(1).maybeSingle();
    if (error) throw failed("customer", error);
    if (data) return { ...data, field };
  }
  return null;
}

/**
 * Lifetime figures computed now from the customer's completed transactions (customer_lifetime),
 * so a sale just recorded shows at once; customer_stats, which the list and RFM read, catches
 * up through the customers.refresh_stats job.
 */
export async function getCustomerLifetime(client: Client, params: { businessId: string; id: string }): Promise<CustomerLifetime> {
  const { data, error } = await client.rpc("customer_lifetime", { p_business_id: params.businessId, p_customer_id: params.id });
  if (error) throw failed("customer figures", error);
  const r = data?.[0];
  return {
    transactionsCount: r?.transactions_count ?? 0,
    totalSpent: Number(r?.total_spent ?? 0),
    averageOrder: Number(r?.average_order ?? 0),
    firstPurchaseDate: r?.first_purchase_date ?? null,
    lastPurchaseDate: r?.last_purchase_date ?? null,
  };
}

export async function getCustomerListStats(client: Client, businessId: string): Promise<CustomerListStats> {
  const { data, error } = await client.rpc("customer_list_stats", { p_business_id: businessId });
  if (error) throw failed("customer stats", error);
  const r = data?.[0];
  return {
    total: Number(r?.total ?? 0), active: Number(r?.active ?? 0), private: Number(r?.private ?? 0), business: Number(r?.business ?? 0),
    totalRevenue: Number(r?.total_revenue ?? 0), averageCustomerValue: Number(r?.average_customer_value ?? 0), totalDebt: Number(r?.total_debt ?? 0),
  };
}

export type Activity = Pick<Tables["customer_activities"]["Row"], "id" | "kind" | "title" | "body" | "metadata" | "occurred_at" | "actor_id">;

export async function listActivities(client: Client, params: { businessId: string; customerId: string; limit?: number }): Promise<Activity[]> {
  const { data, error } = await client
    .from("customer_activities")
    .select("id, kind, title, body, metadata, occurred_at, actor_id")
    .eq("business_id", params.businessId)
    .eq("customer_id", params.customerId)
    .order("occurred_at", { ascending: false })
    .order("created_at", { ascending: false })
    .limit(params.limit ?? 50);
  if (error) throw failed("activities", error);
  return data;
}

export type Note = Pick<Tables["customer_notes"]["Row"], "id" | "note_type" | "body" | "is_internal" | "created_at" | "created_by" | "updated_at">;

export async function listNotes(client: Client, params: { businessId: string; customerId: string }): Promise<Note[]> {
  const { data, error } = await client
    .from("customer_notes")
    .select("id, note_type, body, is_internal, created_at, created_by, updated_at")
    .eq("business_id", params.businessId)
    .eq("customer_id", params.customerId)
    .order("created_at", { ascending: false })
    .limit(100);
  if (error) throw failed("notes", error);
  return data;
}

export interface LedgerEntry {
  id: string;
  entryType: Database["public"]["Enums"]["ledger_entry_type"];
  amount: number;
  description: string;
  reference: string | null;
  previousBalance: number;
  newBalance: number;
  actorId: string | null;
  createdAt: string;
}

export function toLedgerEntry(r: Tables["customer_ledger"]["Row"]): LedgerEntry {
  return {
    id: r.id, entryType: r.entry_type, amount: Number(r.amount), description: r.description, reference: r.reference,
    previousBalance: Number(r.previous_balance), newBalance: Number(r.new_balance), actorId: r.actor_id, createdAt: r.created_at,
  };
}

export async function listLedger(client: Client, params: { businessId: string; customerId: string; limit?: number }): Promise<LedgerEntry[]> {
  const { data, error } = await client
    .from("customer_ledger")
    .select("*")
    .eq("business_id", params.businessId)
    .eq("customer_id", params.customerId)
    .order("created_at", { ascending: false })
    .limit(params.limit ?? 100);
  if (error) throw failed("ledger", error);
  return data.map(toLedgerEntry);
}

export async function listTags(client: Client, businessId: string): Promise<TagChip[]> {
  const { data, error } = await client.from("tags").select("id, name, color").eq("business_id", businessId).order("name");
  if (error) throw failed("tags", error);
  return data;
}

export type CustomerDocument = Pick<Tables["customer_documents"]["Row"], "id" | "doc_type" | "title" | "storage_path" | "mime_type" | "size_bytes" | "created_at">;

export async function listDocuments(client: Client, params: { businessId: string; customerId: string }): Promise<CustomerDocument[]> {
  const { data, error } = await client
    .from("customer_documents")
    .select("id, doc_type, title, storage_path, mime_type, size_bytes, created_at")
    .eq("business_id", params.businessId)
    .eq("customer_id", params.customerId)
    .order("created_at", { ascending: false });
  if (error) throw failed("documents", error);
  return data;
}

export type Contact = Pick<Tables["customer_contacts"]["Row"], "id" | "name" | "relation" | "whatsapp" | "phone" | "email">;

export async function listContacts(client: Client, params: { businessId: string; customerId: string }): Promise<Contact[]> {
  const { data, error } = await client
    .from("customer_contacts")
    .select("id, name, relation, whatsapp, phone, email")
    .eq("business_id", params.businessId)
    .eq("customer_id", params.customerId)
    .order("created_at");
  if (error) throw failed("contacts", error);
  return data;
}
