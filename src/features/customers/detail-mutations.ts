/**
 * Writes behind the customer detail page: edit / delete a note, put a tag on a customer or take
 * it off. One statement each; RLS decides who may (notes: owner / admin, or the note's author),
 * the audit triggers record before / after, and the note triggers keep the timeline in step.
 */
import "server-only";
import type { SupabaseClient } from "@supabase/supabase-js";
import { localized } from "@/i18n/server-text";
import { AppError, fromPostgrestError } from "@/lib/api/errors";
import type { Database } from "@/lib/supabase/database.types";
import type { TagChip } from "./queries";
import type { NoteType } from "./schema";

type Client = SupabaseClient<Database>;
type PgError = { code?: string; message?: string };

const customerNotFound = () => new AppError("NOT_FOUND", { message: localized((m) => m.customers.errors.notFound) });
const noteNotFound = () => new AppError("NOT_FOUND", { message: localized((m) => m.customers.notes.errors.notFound) });
const noteForbidden = () => new AppError("FORBIDDEN", { message: localized((m) => m.customers.notes.errors.forbidden) });
const noteConflict = () =>
  new AppError("CONFLICT", { message: localized((m) => m.customers.notes.errors.conflict), details: { reason: "stale_version" } });

const dbError = (error: PgError) => fromPostgrestError(error) ?? new AppError("INTERNAL", { cause: error });

export interface NoteRef {
  businessId: string;
  id: string;
}

/** Nothing changed: the note is gone / another business's (404), changed meanwhile (409), or not the user's to change (403). */
async function explainNoRow(client: Client, ref: NoteRef, expectedUpdatedAt?: string): Promise<AppError> {
  const { data, error } = await client.from("customer_notes").select("updated_at").eq("business_id", ref.businessId).eq("id", ref.id).maybeSingle();
  if (error) return dbError(error);
  if (!data) return noteNotFound();
  if (expectedUpdatedAt !== undefined && Date.parse(data.updated_at) !== Date.parse(expectedUpdatedAt)) return noteConflict();
  return noteForbidden();
}

export async function updateNote(
  client: Client,
  input: NoteRef & { noteType: NoteType; body: string; isInternal: boolean; expectedUpdatedAt: string },
) {
  const { data, error } = await client
    .from("customer_notes")
    .update({ note_type: input.noteType, body: input.body, is_internal: input.isInternal })
    .eq("business_id", input.businessId)
    .eq("id", input.id)
    .eq("updated_at", input.expectedUpdatedAt)
    .select("id, note_type, body, is_internal, created_at, created_by, updated_at");
  if (error) {
    if (error.code === "22007" || error.code === "22008") throw noteConflict();
    throw dbError(error);
  }
  const row = data[0];
  if (!row) throw await explainNoRow(client, input, input.expectedUpdatedAt);
  return row;
}

export async function deleteNote(client: Client, input: NoteRef): Promise<{ id: string }> {
  const { data, error } = await client.from("customer_notes").delete().eq("business_id", input.businessId).eq("id", input.id).select("id");
  if (error) throw dbError(error);
  if (data.length === 0) throw await explainNoRow(client, input);
  return { id: input.id };
}

/** The tag named so in this business (names are citext: case-insensitive), created with the colour when missing. */
async function findOrCreateTag(client: Client, input: { businessId: string; name: string; color: string }): Promise<TagChip> {
  const existing = await client.from("tags").select("id, name, color").eq("business_id", input.businessId).eq("name", input.name).maybeSingle();
  if (existing.error) throw dbError(existing.error);
  if (existing.data) return existing.data;
  const created = await client.from("tags").insert({ business_id: input.businessId, name: input.name, color: input.color }).select("id, name, color").single();
  if (!created.error) return created.data;
  if (created.error.code !== "23505") throw dbError(created.error);
  // Someone created it a moment ago: use theirs.
  const again = await client.from("tags").select("id, name, color").eq("business_id", input.businessId).eq("name", input.name).single();
  if (again.error) throw dbError(again.error);
  return again.data;
}

/** Puts an existing tag (by id) or a new one (name + colour) on one customer; adding it twice is a no-op. */
export async function addCustomerTag(
  client: Client,
  input: { businessId: string; customerId: string } & ({ tagId: string } | { name: string; color: string }),
): Promise<TagChip> {
  const customer = await client.from("customers").select("id").eq("business_id", input.businessId).eq("id", input.customerId).maybeSingle();
  if (customer.error) throw dbError(customer.error);
  if (!customer.data) throw customerNotFound();

  let tag: TagChip;
  if ("tagId" in input) {
    const found = await client.from("tags").select("id, name, color").eq("business_id", input.businessId).eq("id", input.tagId).maybeSingle();
    if (found.error) throw dbError(found.error);
    if (!found.data) throw new AppError("NOT_FOUND", { message: localized((m) => m.customers.tags.notFound) });
    tag = found.data;
  } else {
    tag = await findOrCreateTag(client, { businessId: input.businessId, name: input.name, color: input.color });
  }
  const { error } = await client
    .from("customer_tags")
    .upsert({ business_id: input.businessId, customer_id: input.customerId, tag_id: tag.id }, { onConflict: "customer_id,tag_id", ignoreDuplicates: true });
  if (error) throw error.code === "23503" ? customerNotFound() : dbError(error);
  return tag;
}

export async function removeCustomerTag(client: Client, input: { businessId: string; customerId: string; tagId: string }): Promise<{ removed: number }> {
  const { data, error } = await client
    .from("customer_tags")
    .delete()
    .eq("business_id", input.businessId)
    .eq("customer_id", input.customerId)
    .eq("tag_id", input.tagId)
    .select("id");
  if (error) throw dbError(error);
  return { removed: data.length };
}
