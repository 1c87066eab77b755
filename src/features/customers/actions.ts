"use server";

/**
 * Server actions for the customer pages: the zod schema + the role check (defineAction),
 * then one call into mutations.ts. The active business is the tenant; an id of another
 * business answers NOT_FOUND.
 */
import { z } from "zod";
import { defineAction } from "@/lib/actions/action";
import { AppError, fromPostgrestError } from "@/lib/api/errors";
import { vk } from "@/i18n/validation";
import { addContact, addNote, bulkStatus, logActivity, bulkTag, createCustomer, createTag, recordLedgerEntry, restoreCustomer, softDeleteCustomer, updateCustomer } from "./mutations";
import {
  activitySchema, addCustomerTagSchema, bulkStatusSchema, bulkTagSchema, contactSchema, createCustomerSchema, deleteCustomerSchema, ledgerEntrySchema, noteSchema,
  removeCustomerTagSchema, tagSchema, updateCustomerSchema, updateNoteSchema,
} from "./schema";
import { addCustomerTag, deleteNote, removeCustomerTag, updateNote } from "./detail-mutations";
import { DOCUMENT_BUCKET, documentSchema } from "./documents";

const withId = { id: z.uuid() };
const business = (id: string | null) => id ?? "";

export const createCustomerAction = defineAction(
  createCustomerSchema,
  async (input, ctx) => {
    const c = await createCustomer(ctx.supabase, { ...input, businessId: business(ctx.businessId) });
    return { id: c.id, name: c.name };
  },
  { role: "staff" },
);

export const updateCustomerAction = defineAction(
  updateCustomerSchema.extend(withId),
  async ({ id, ...input }, ctx) => {
    const c = await updateCustomer(ctx.supabase, { ...input, id, businessId: business(ctx.businessId) });
    return { id: c.id, updatedAt: c.updatedAt };
  },
  { role: "staff" },
);

export const deleteCustomerAction = defineAction(
  deleteCustomerSchema.extend(withId),
  async ({ id, ...input }, ctx) => softDeleteCustomer(ctx.supabase, { ...input, id, businessId: business(ctx.businessId) }),
  { role: "staff" },
);

export const restoreCustomerAction = defineAction(
  z.object(withId),
  async ({ id }, ctx) => restoreCustomer(ctx.supabase, { id, businessId: business(ctx.businessId) }),
  { role: "staff" },
);

export const recordLedgerAction = defineAction(
  ledgerEntrySchema.and(z.object({ customerId: z.uuid() })),
  async (input, ctx) => recordLedgerEntry(ctx.supabase, { ...input, businessId: business(ctx.businessId) }),
  { role: "staff" },
);

export const addNoteAction = defineAction(
  noteSchema.extend({ customerId: z.uuid() }),
  async (input, ctx) => addNote(ctx.supabase, { ...input, businessId: business(ctx.businessId) }),
  { role: "staff" },
);

/** Edit a note: owner / admin, or its author (RLS decides; anyone else gets FORBIDDEN). */
export const updateNoteAction = defineAction(
  updateNoteSchema,
  async (input, ctx) => updateNote(ctx.supabase, { ...input, businessId: business(ctx.businessId) }),
  { role: "staff" },
);

/** Delete a note (the same people); the audit log keeps its last text. */
export const deleteNoteAction = defineAction(
  z.object(withId),
  async ({ id }, ctx) => deleteNote(ctx.supabase, { id, businessId: business(ctx.businessId) }),
  { role: "staff" },
);

/** Tag one customer from their page: an existing tag, or a new one with its colour. */
export const addCustomerTagAction = defineAction(
  addCustomerTagSchema,
  async (input, ctx) => addCustomerTag(ctx.supabase, { ...input, businessId: business(ctx.businessId) }),
  { role: "staff" },
);

export const removeCustomerTagAction = defineAction(
  removeCustomerTagSchema,
  async (input, ctx) => removeCustomerTag(ctx.supabase, { ...input, businessId: business(ctx.businessId) }),
  { role: "staff" },
);

export const createTagAction = defineAction(
  tagSchema,
  async (input, ctx) => createTag(ctx.supabase, { ...input, businessId: business(ctx.businessId) }),
  { role: "staff" },
);

export const bulkTagAction = defineAction(
  bulkTagSchema,
  async (input, ctx) => bulkTag(ctx.supabase, { ...input, businessId: business(ctx.businessId) }),
  { role: "staff" },
);

export const bulkStatusAction = defineAction(
  bulkStatusSchema,
  async (input, ctx) => bulkStatus(ctx.supabase, { ...input, businessId: business(ctx.businessId) }),
  { role: "staff" },
);

/** Records an uploaded file (the browser put it in Storage under the business's folder first). */
export const addDocumentAction = defineAction(
  documentSchema,
  async (input, ctx) => {
    const businessId = business(ctx.businessId);
    if (!input.storagePath.startsWith(`${businessId}/${input.customerId}/`)) throw new AppError("VALIDATION_ERROR", { details: { file: "invalid" } });
    const { data, error } = await ctx.supabase
      .from("customer_documents")
      .insert({
        business_id: businessId, customer_id: input.customerId, doc_type: input.docType, title: input.title,
        storage_path: input.storagePath, mime_type: input.mimeType, size_bytes: input.sizeBytes,
      })
      .select("id")
      .single();
    if (error) {
      await ctx.supabase.storage.from(DOCUMENT_BUCKET).remove([input.storagePath]);
      throw new AppError(error.code === "23503" ? "NOT_FOUND" : "VALIDATION_ERROR", { cause: error });
    }
    return data;
  },
  { role: "staff" },
);

/**
 * Deletes a document (owner / admin; RLS says the same): the row first, which the audit trigger
 * records with its old values, then the file. Should removing the file fail, the row is already
 * gone and the orphaned object is only logged: a row pointing at a missing file would be worse.
 */
export const deleteDocumentAction = defineAction(
  z.object({ id: z.uuid(vk("invalid")) }),
  async ({ id }, ctx) => {
    const { data: doc, error } = await ctx.supabase
      .from("customer_documents")
      .delete()
      .eq("business_id", business(ctx.businessId))
      .eq("id", id)
      .select("id, storage_path")
      .maybeSingle();
    if (error) throw fromPostgrestError(error) ?? new AppError("INTERNAL", { cause: error });
    if (!doc) throw new AppError("NOT_FOUND");
    const removed = await ctx.supabase.storage.from(DOCUMENT_BUCKET).remove([doc.storage_path]);
    if (removed.error) ctx.log.error("document row deleted but its file was not", { documentId: doc.id, path: doc.storage_path, err: removed.error.message });
    return { id: doc.id };
  },
  { role: "admin" },
);

/** A short-lived signed URL for previewing or downloading a document of this business. */
export const documentUrlAction = defineAction(
  z.object({ id: z.uuid(), download: z.boolean().default(false) }),
  async ({ id, download }, ctx) => {
    const { data: doc } = await ctx.supabase
      .from("customer_documents")
      .select("storage_path, title")
      .eq("business_id", business(ctx.businessId))
      .eq("id", id)
      .maybeSingle();
    if (!doc) throw new AppError("NOT_FOUND");
    const { data, error } = await ctx.supabase.storage.from(DOCUMENT_BUCKET).createSignedUrl(doc.storage_path, 300, download ? { download: doc.title } : undefined);
    if (error) throw new AppError("INTERNAL", { cause: error });
    return { url: data.signedUrl };
  },
  { role: "viewer" },
);

export const logActivityAction = defineAction(
  activitySchema.extend({ customerId: z.uuid() }),
  async (input, ctx) => logActivity(ctx.supabase, { ...input, businessId: business(ctx.businessId) }),
  { role: "staff" },
);

export const addContactAction = defineAction(
  contactSchema.and(z.object({ customerId: z.uuid() })),
  async (input, ctx) => addContact(ctx.supabase, { ...input, businessId: business(ctx.businessId) }),
  { role: "staff" },
);
