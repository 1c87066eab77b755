/**
 * Customer documents: the bucket, its limits (the same as the bucket's own settings in the
 * migration, checked in the browser first for a quick message) and the object path layout
 * <business_id>/<customer_id>/<random>-<file name>, whose first folder the Storage policies check.
 */
import { z } from "zod";
import { vk } from "@/i18n/validation";

export const DOCUMENT_BUCKET = "customer-documents";
export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;
export const DOCUMENT_MIME_TYPES = ["application/pdf", "image/jpeg", "image/png", "image/webp"] as const;
export const DOCUMENT_TYPES = ["contract", "invoice", "agreement", "other"] as const;

export type DocumentCheck = { ok: true } | { ok: false; reason: "tooLarge" | "wrongType" };

export function checkDocumentFile(file: { size: number; type: string }): DocumentCheck {
  if (!(DOCUMENT_MIME_TYPES as readonly string[]).includes(file.type)) return { ok: false, reason: "wrongType" };
  if (file.size <= 0 || file.size > DOCUMENT_MAX_BYTES) return { ok: false, reason: "tooLarge" };
  return { ok: true };
}

/** A storage-safe file name: letters, digits, dot, dash, underscore. */
export function documentPath(businessId: string, customerId: string, fileName: string, random: string): string {
  const safe =
    fileName
      .normalize("NFKD")
      .replace(/[^A-Za-z0-9._-]+/g, "-")
      .replace(/\.{2,}/g, ".")
      .replace(/^[-.]+|-+$/g, "")
      .slice(-80) || "berkas";
  return `${businessId}/${customerId}/${random}-${safe}`;
}

export const documentSchema = z.object({
  customerId: z.uuid(),
  docType: z.enum(DOCUMENT_TYPES, vk("invalid")),
  title: z.string(vk("required")).trim().min(1, vk("required")).max(200, vk("tooLong")),
  storagePath: z.string().min(1).max(400),
  mimeType: z.enum(DOCUMENT_MIME_TYPES, vk("invalid")),
  sizeBytes: z.number().int().min(1).max(DOCUMENT_MAX_BYTES),
});
