/**
 * Writing customers: each function is one statement or one RPC (atomic, audited by the
 * database triggers, role-checked by RLS / the RPC). Database errors become AppErrors with
 * the user's wording; raw database text never reaches the browser.
 */
import "server-only";
import type { SupabaseClient } from "@supabase/supabase-js";
import { localized } from "@/i18n/server-text";
import { AppError, fromPostgrestError } from "@/lib/api/errors";
import { formatIDR } from "@/lib/format";
import type { Database } from "@/lib/supabase/database.types";
import { findDuplicateCustomer, getCustomer, toLedgerEntry, type Customer, type LedgerEntry } from "./queries";
import type { CreateCustomer, CustomerStatus, LedgerEntryType, MANUAL_ACTIVITY_KINDS, NoteType, UpdateCustomer } from "./schema";

type Client = SupabaseClient<Database>;
type PgError = { code?: string; message?: string; hint?: string | null; details?: string | null };

const notFound = () => new AppError("NOT_FOUND", { message: localized((m) => m.customers.errors.notFound) });
const versionConflict = () => new AppError("CONFLICT", { message: localized((m) => m.customers.errors.conflict), details: { reason: "stale_version" } });

/** HINT keys raised by the customer RPCs -> the error the user sees. */
function customerRpcError(error: PgError): AppError {
  switch (error.hint) {
    case "customer_not_found":
      return notFound();
    case "stale_version":
      return versionConflict();
    case "customer_has_debt":
      return new AppError("CONFLICT", {
        message: localized((m) => m.customers.errors.hasDebt),
        vars: { amount: formatIDR(Number(error.details ?? 0)) },
        details: { reason: "customer_has_debt", debt: Number(error.details ?? 0) },
        cause: error,
      });
    case "customer_already_deleted":
      return new AppError("CONFLICT", { message: localized((m) => m.customers.errors.alreadyDeleted), cause: error });
    case "customer_deleted":
      return new AppError("CONFLICT", { message: localized((m) => m.customers.errors.deleted), cause: error });
    case "amount_invalid":
      return new AppError("VALIDATION_ERROR", { details: { amount: "custAmountInvalid" }, cause: error });
    case "description_required":
      return new AppError("VALIDATION_ERROR", { details: { description: "required" }, cause: error });
    case "reason_required":
      return new AppError("VALIDATION_ERROR", { details: { reason: "custReasonRequired" }, cause: error });
    default:
      return fromPostgrestError(error) ?? new AppError("INTERNAL", { cause: error });
  }
}

/** CONFLICT naming the customer who already has this WhatsApp number / email (the form links to them). */
async function duplicateError(client: Client, businessId: string, fields: { whatsapp?: string | null; email?: string | null }, excludeId?: string) {
  const existing = await findDuplicateCustomer(client, { businessId, ...fields, excludeId });
  if (!existing) return null;
  return new AppError("CONFLICT", {
    message: existing.field === "whatsapp" ? localized((m) => m.customers.errors.duplicateWhatsapp) : localized((m) => m.customers.errors.duplicateEmail),
    details: { reason: "duplicate", field: existing.field, existingId: existing.id, existingName: existing.name },
  });
}

export async function createCustomer(client: Client, input: CreateCustomer & { businessId: string }): Promise<Customer> {
  const dup = await duplicateError(client, input.businessId, input);
  if (dup) throw dup;
  const { data, error } = await client
    .from("customers")
    .insert({
      business_id: input.businessId, name: input.name, whatsapp: input.whatsapp ?? null, phone: input.phone ?? null,
      email: input.email ?? null, address: input.address ?? null, city: input.city ?? null, type: input.type, status: input.status,
    })
    .select("id")
    .single();
  if (error) {
    // Lost a race for the same WhatsApp number: name the winner.
    if (error.code === "23505") throw (await duplicateError(client, input.businessId, input)) ?? customerRpcError(error);
    throw customerRpcError(error);
  }
  const customer = await getCustomer(client, { businessId: input.businessId, id: data.id });
  if (!customer) throw notFound();
  return customer;
}

const emptyToNull = (v: string | null | undefined) => (v === undefined ? undefined : v === "" || v === null ? null : v);

/**
 * Partial update guarded by the version the editor loaded: one UPDATE ... WHERE updated_at = expected.
 * No row -> the customer is gone (404) or someone changed it meanwhile (409).
 */
export async function updateCustomer(client: Client, input: UpdateCustomer & { businessId: string; id: string }): Promise<Customer> {
  const patch: Database["public"]["Tables"]["customers"]["Update"] = {};
  if (input.name !== undefined) patch.name = input.name;
  if (input.type !== undefined) patch.type = input.type;
  if (input.status !== undefined) patch.status = input.status;
  for (const key of ["whatsapp", "phone", "email", "address", "city"] as const) {
    const value = emptyToNull(input[key]);
    if (value !== undefined) patch[key] = value;
  }
  const current = await getCustomer(client, { businessId: input.businessId, id: input.id });
  if (!current) throw notFound();
  if (current.deletedAt) throw new AppError("CONFLICT", { message: localized((m) => m.customers.errors.deleted) });
  const dup = await duplicateError(client, input.businessId, { whatsapp: patch.whatsapp, email: patch.email }, input.id);
  if (dup) throw dup;

  const { data, error } = await client
    .from("customers")
    .update(patch)
    .eq("business_id", input.businessId)
    .eq("id", input.id)
    .eq("updated_at", input.expectedUpdatedAt)
    .is("deleted_at", null)
    .select("id");
  if (error) {
    if (error.code === "23505") throw (await duplicateError(client, input.businessId, { whatsapp: patch.whatsapp }, input.id)) ?? customerRpcError(error);
    if (error.code === "22007" || error.code === "22008") throw versionConflict();
    throw customerRpcError(error);
  }
  if (data.length === 0) throw versionConflict();
  const customer = await getCustomer(client, { businessId: input.businessId, id: input.id });
  if (!customer) throw notFound();
  return customer;
}

/** Makes sure the id is a customer of this business before an RPC that looks it up by id alone. */
async function assertOwned(client: Client, businessId: string, id: string): Promise<void> {
  const { data, error } = await client.from("customers").select("id").eq("business_id", businessId).eq("id", id).maybeSingle();
  if (error) throw customerRpcError(error);
  if (!data) throw notFound();
}

export async function softDeleteCustomer(client: Client, input: { businessId: string; id: string; reason: string; expectedUpdatedAt?: string }) {
  await assertOwned(client, input.businessId, input.id);
  const { data, error } = await client.rpc("soft_delete_customer", {
    p_id: input.id, p_reason: input.reason, p_expected_updated_at: input.expectedUpdatedAt,
  });
  if (error) throw customerRpcError(error);
  return { id: data.id, deletedAt: data.deleted_at, deletedReason: data.deleted_reason };
}

export async function restoreCustomer(client: Client, input: { businessId: string; id: string }) {
  await assertOwned(client, input.businessId, input.id);
  const { data, error } = await client.rpc("restore_customer", { p_id: input.id });
  if (error) {
    if (error.code === "23505") throw new AppError("CONFLICT", { message: localized((m) => m.customers.errors.restoreConflict), cause: error });
    throw customerRpcError(error);
  }
  return { id: data.id, deletedAt: data.deleted_at };
}

export async function recordLedgerEntry(
  client: Client,
  input: { businessId: string; customerId: string; entryType: LedgerEntryType; amount: number; description: string; reference?: string },
): Promise<LedgerEntry> {
  await assertOwned(client, input.businessId, input.customerId);
  const { data, error } = await client.rpc("record_ledger_entry", {
    p_customer_id: input.customerId, p_entry_type: input.entryType, p_amount: input.amount,
    p_description: input.description, p_reference: input.reference,
  });
  if (error) throw customerRpcError(error);
  return toLedgerEntry(data);
}

export async function addNote(
  client: Client,
  input: { businessId: string; customerId: string; noteType: NoteType; body: string; isInternal: boolean },
) {
  const { data, error } = await client
    .from("customer_notes")
    .insert({ business_id: input.businessId, customer_id: input.customerId, note_type: input.noteType, body: input.body, is_internal: input.isInternal })
    .select("id, note_type, body, is_internal, created_at, created_by")
    .single();
  // 23503: the customer is not one of this business's (the composite foreign key).
  if (error) throw error.code === "23503" ? notFound() : customerRpcError(error);
  return data;
}

export async function createTag(client: Client, input: { businessId: string; name: string; color: string }) {
  const { data, error } = await client.from("tags").insert({ business_id: input.businessId, name: input.name, color: input.color }).select("id, name, color").single();
  if (error) {
    if (error.code === "23505") throw new AppError("CONFLICT", { message: localized((m) => m.customers.errors.tagExists), cause: error });
    throw customerRpcError(error);
  }
  return data;
}

/** Adds or removes one tag on many customers in one statement. */
export async function bulkTag(client: Client, input: { businessId: string; customerIds: string[]; tagId: string; mode: "add" | "remove" }) {
  if (input.mode === "add") {
    const rows = input.customerIds.map((id) => ({ business_id: input.businessId, customer_id: id, tag_id: input.tagId }));
    const { error } = await client.from("customer_tags").upsert(rows, { onConflict: "customer_id,tag_id", ignoreDuplicates: true });
    if (error) throw error.code === "23503" ? notFound() : customerRpcError(error);
  } else {
    const { error } = await client.from("customer_tags").delete().eq("business_id", input.businessId).eq("tag_id", input.tagId).in("customer_id", input.customerIds);
    if (error) throw customerRpcError(error);
  }
  return { count: input.customerIds.length };
}

/** Changes the status of many customers in one statement. */
export async function bulkStatus(client: Client, input: { businessId: string; customerIds: string[]; status: CustomerStatus }) {
  const { data, error } = await client
    .from("customers")
    .update({ status: input.status })
    .eq("business_id", input.businessId)
    .in("id", input.customerIds)
    .is("deleted_at", null)
    .select("id");
  if (error) throw customerRpcError(error);
  return { count: data.length };
}

/** Logs a call / email / meeting / note / booking on the timeline (system kinds are refused by RLS). */
export async function logActivity(
  client: Client,
  input: { businessId: string; customerId: string; kind: (typeof MANUAL_ACTIVITY_KINDS)[number]; title: string; body?: string },
) {
  const { data, error } = await client
    .from("customer_activities")
    .insert({ business_id: input.businessId, customer_id: input.customerId, kind: input.kind, title: input.title, body: input.body ?? null })
    .select("id, kind, title, body, metadata, occurred_at, actor_id")
    .single();
  if (error) throw error.code === "23503" ? notFound() : customerRpcError(error);
  return data;
}

export async function addContact(
  client: Client,
  input: { businessId: string; customerId: string; name: string; relation?: string; whatsapp?: string; phone?: string; email?: string },
) {
  const { data, error } = await client
    .from("customer_contacts")
    .insert({
      business_id: input.businessId, customer_id: input.customerId, name: input.name, relation: input.relation ?? null,
      whatsapp: input.whatsapp ?? null, phone: input.phone ?? null, email: input.email ?? null,
    })
    .select("id, name, relation, whatsapp, phone, email")
    .single();
  if (error) throw error.code === "23503" ? notFound() : customerRpcError(error);
  return data;
}
