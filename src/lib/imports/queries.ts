/**
 * Reads of imports and their staged rows, with the user's session (RLS: members of the
 * business). Used by the pages and the /api/imports routes.
 */
import "server-only";
import type { SupabaseClient } from "@supabase/supabase-js";
import { AppError } from "@/lib/api/errors";
import { localized } from "@/i18n/server-text";
import type { Database } from "@/lib/supabase/database.types";
import type { Mapping } from "./fields";
import { PREVIEW_ROWS, type ImportKind } from "./limits";
import { asCells, asErrors } from "./shapes";
import { validateRow, type RowError } from "./validate";

type Client = SupabaseClient<Database>;
export type ImportRecord = Database["public"]["Tables"]["imports"]["Row"];
export type ImportRowStatus = Database["public"]["Enums"]["import_row_status"];

const notFound = () => new AppError("NOT_FOUND", { message: localized((m) => m.imports.errors.import_not_found) });

export async function getImport(supabase: Client, params: { businessId: string; id: string }): Promise<ImportRecord> {
  const { data, error } = await supabase.from("imports").select("*").eq("business_id", params.businessId).eq("id", params.id).maybeSingle();
  if (error) throw new AppError("INTERNAL", { cause: error });
  if (!data) throw notFound();
  return data;
}

export async function listImports(supabase: Client, params: { businessId: string; limit?: number }): Promise<ImportRecord[]> {
  const { data, error } = await supabase
    .from("imports")
    .select("*")
    .eq("business_id", params.businessId)
    .order("created_at", { ascending: false })
    .limit(params.limit ?? 20);
  if (error) throw new AppError("INTERNAL", { cause: error });
  return data;
}

export interface PreviewRow {
  rowNumber: number;
  raw: string[];
  ok: boolean;
  parsed: Record<string, unknown>;
  errors: RowError[];
}

/** The first rows validated with `mapping`, for the mapping screen (nothing is written). */
export async function previewImport(supabase: Client, imp: ImportRecord, mapping: Mapping): Promise<PreviewRow[]> {
  const { data, error } = await supabase
    .from("import_rows")
    .select("row_number, raw")
    .eq("import_id", imp.id)
    .order("row_number")
    .limit(PREVIEW_ROWS);
  if (error) throw new AppError("INTERNAL", { cause: error });
  return data.map((row) => {
    const raw = asCells(row.raw);
    const result = validateRow(imp.kind as ImportKind, raw, mapping);
    return { rowNumber: row.row_number, raw, ok: result.ok, parsed: result.parsed, errors: result.ok ? [] : result.errors };
  });
}

export interface ProblemRow {
  rowNumber: number;
  raw: string[];
  status: ImportRowStatus;
  errors: RowError[];
}

/** Rows that were not imported (error or duplicate), in file order, a page at a time. */
export async function problemRows(supabase: Client, params: { importId: string; from: number; limit: number }): Promise<ProblemRow[]> {
  const { data, error } = await supabase
    .from("import_rows")
    .select("row_number, raw, status, errors")
    .eq("import_id", params.importId)
    .in("status", ["error", "duplicate"])
    .order("row_number")
    .range(params.from, params.from + params.limit - 1);
  if (error) throw new AppError("INTERNAL", { cause: error });
  return data.map((r) => ({ rowNumber: r.row_number, raw: asCells(r.raw), status: r.status, errors: asErrors(r.errors) }));
}
