/**
 * Per-customer privacy actions (document 003 §11): each is ONE security definer SQL function
 * (atomic, role-checked, audited: supabase/migrations/20260501000200_privacy.sql); this file
 * maps their HINT keys to the user's language and removes the Storage objects the function
 * reports once the database change has committed.
 */
import "server-only";
import type { SupabaseClient } from "@supabase/supabase-js";
import { DOCUMENT_BUCKET } from "@/features/customers/documents";
import { localized } from "@/i18n/server-text";
import { AppError, fromPostgrestError } from "@/lib/api/errors";
import { IMPORT_BUCKET } from "@/lib/imports/limits";
import { enqueue } from "@/lib/jobs/enqueue";
import type { Logger } from "@/lib/logger";
import type { Database, Json } from "@/lib/supabase/database.types";

type Client = SupabaseClient<Database>;
type PgError = { code?: string; message?: string; hint?: string | null; details?: string | null };
interface Target { businessId: string; customerId: string }

export function privacyRpcError(error: PgError): AppError {
  switch (error.hint) {
    case "customer_not_found":
      return new AppError("NOT_FOUND", { message: localized((m) => m.privacy.errors.notFound), cause: error });
    case "forbidden":
      return new AppError("FORBIDDEN", { message: localized((m) => m.privacy.errors.forbidden), cause: error });
    case "unauthenticated":
      return new AppError("UNAUTHENTICATED", { cause: error });
    case "customer_already_anonymised":
      return new AppError("CONFLICT", { message: localized((m) => m.privacy.errors.alreadyAnonymised), details: { reason: "customer_already_anonymised" }, cause: error });
    case "confirm_name_mismatch":
      return new AppError("VALIDATION_ERROR", { message: localized((m) => m.privacy.errors.nameMismatch), details: { confirmName: "confirm_name_mismatch" }, cause: error });
    case "customer_referenced":
      return new AppError("CONFLICT", { message: localized((m) => m.privacy.errors.referenced), details: { reason: "customer_referenced" }, cause: error });
    default:
      return fromPostgrestError(error) ?? new AppError("INTERNAL", { cause: error });
  }
}

function storagePaths(result: Json, key: "storagePaths" | "importPaths" = "storagePaths"): string[] {
  if (typeof result !== "object" || result === null || Array.isArray(result)) return [];
  const paths = result[key];
  return Array.isArray(paths) ? paths.filter((p): p is string => typeof p === "string") : [];
}

/**
 * The files go after the commit (Storage is not in the transaction). A failure leaves bytes
 * without a row, never a row without its bytes: it is logged and retried by the
 * privacy.remove_files job.
 */
async function removeObjects(
  client: Client,
  paths: string[],
  log: Logger,
  bucket: typeof DOCUMENT_BUCKET | typeof IMPORT_BUCKET = DOCUMENT_BUCKET,
): Promise<{ removed: number; failed: number }> {
  if (paths.length === 0) return { removed: 0, failed: 0 };
  const { error } = await client.storage.from(bucket).remove(paths);
  if (error) {
    log.error("privacy: could not remove storage objects, queued privacy.remove_files", { bucket, paths, err: error.message });
    await enqueue("privacy.remove_files", { paths, bucket }).catch((err: unknown) => log.error("could not queue privacy.remove_files", { paths, err }));
    return { removed: 0, failed: paths.length };
  }
  return { removed: paths.length, failed: 0 };
}

/** Everything about one customer as one JSON document (admin+). */
export async function exportCustomerData(client: Client, t: Target): Promise<Json> {
  const { data, error } = await client.rpc("privacy_export_customer", { p_business_id: t.businessId, p_customer_id: t.customerId });
  if (error) throw privacyRpcError(error);
  return data;
}

export interface AnonymiseResult { id: string; name: string; filesRemoved: number; filesFailed: number }

export async function anonymiseCustomer(client: Client, t: Target, log: Logger): Promise<AnonymiseResult> {
  const { data, error } = await client.rpc("anonymise_customer", { p_business_id: t.businessId, p_customer_id: t.customerId });
  if (error) throw privacyRpcError(error);
  const files = await removeObjects(client, storagePaths(data), log);
  const name = typeof data === "object" && data !== null && !Array.isArray(data) && typeof data.name === "string" ? data.name : "";
  return { id: t.customerId, name, filesRemoved: files.removed, filesFailed: files.failed };
}

export interface DeleteResult { id: string; deleted: true; filesRemoved: number; filesFailed: number }

export async function hardDeleteCustomer(client: Client, t: Target & { confirmName: string }, log: Logger): Promise<DeleteResult> {
  const { data, error } = await client.rpc("privacy_delete_customer", {
    p_business_id: t.businessId, p_customer_id: t.customerId, p_confirm_name: t.confirmName,
  });
  if (error) throw privacyRpcError(error);
  const files = await removeObjects(client, storagePaths(data), log);
  // The uploaded import files that held the customer's rows (docs/privacy.md "Imports"). Their
  // failures count with the documents': bytes left behind that the retry job will remove.
  const imports = await removeObjects(client, storagePaths(data, "importPaths"), log, IMPORT_BUCKET);
  return { id: t.customerId, deleted: true, filesRemoved: files.removed + imports.removed, filesFailed: files.failed + imports.failed };
}
