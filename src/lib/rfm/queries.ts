/**
 * Typed wrappers over the RFM functions (docs/rfm.md, migration 20260301000200_rfm_engine):
 * (client, params) with an explicit business id, usable from Server Components, Server
 * Actions, route handlers, jobs and tests. Pass the signed-in user's client: the role checks
 * happen in SQL (viewer+ reads, staff+ runs, admin+ settings); the service-role client is only
 * for jobs (refreshRfmCustomers, the weekly fan-out). Errors come back as AppError with a
 * message in both languages (HINT key -> rfmErrors.*).
 */
import type { PostgrestError, SupabaseClient } from "@supabase/supabase-js";
import { AppError, fromPostgrestError, type ErrorCode } from "@/lib/api/errors";
import type { Database } from "@/lib/supabase/database.types";
import type { RfmSegment } from "./grid";
import { rfmErrorText, settingsFromRow, type RfmErrorKey, type RfmSettings, type RfmSettingsPatch } from "./settings";

type Client = SupabaseClient<Database>;
export type RunTrigger = Database["public"]["Enums"]["rfm_run_trigger"];
export type ScoringMode = Database["public"]["Enums"]["rfm_scoring_mode"];
export type ModeReason = "owner_relative" | "owner_fixed" | "auto_relative" | "auto_few_customers";

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------
const HINTS: Record<string, { code: ErrorCode; key: RfmErrorKey; field?: string }> = {
  business_not_found: { code: "NOT_FOUND", key: "businessNotFound" },
  business_required: { code: "NOT_FOUND", key: "businessNotFound" },
  rfm_forbidden: { code: "FORBIDDEN", key: "runForbidden" },
  rfm_settings_forbidden: { code: "FORBIDDEN", key: "settingsForbidden" },
  rfm_run_not_found: { code: "NOT_FOUND", key: "runNotFound" },
  rfm_date_invalid: { code: "VALIDATION_ERROR", key: "dateInvalid", field: "analysisDate" },
  rfm_sort_invalid: { code: "VALIDATION_ERROR", key: "sortInvalid", field: "sort" },
  rfm_page_invalid: { code: "VALIDATION_ERROR", key: "pageInvalid", field: "page" },
  rfm_window_invalid: { code: "VALIDATION_ERROR", key: "windowInvalid", field: "windowDays" },
  rfm_retention_invalid: { code: "VALIDATION_ERROR", key: "retentionInvalid", field: "retentionWeeks" },
  rfm_recency_edges_invalid: { code: "VALIDATION_ERROR", key: "recencyEdgesInvalid", field: "recencyEdges" },
  rfm_frequency_edges_invalid: { code: "VALIDATION_ERROR", key: "frequencyEdgesInvalid", field: "frequencyEdges" },
  rfm_monetary_edges_invalid: { code: "VALIDATION_ERROR", key: "monetaryEdgesInvalid", field: "monetaryEdges" },
};

/** Maps an error of an RFM function to an AppError (unknown ones: the generic mapping, else INTERNAL). */
export function rfmRpcError(error: Pick<PostgrestError, "code" | "message"> & { hint?: string | null }): AppError {
  const rule = error.hint ? HINTS[error.hint] : undefined;
  if (rule) {
    const message = rfmErrorText(rule.key);
    return new AppError(rule.code, { message, details: rule.field ? { [rule.field]: message.id } : undefined, cause: error });
  }
  return fromPostgrestError(error) ?? new AppError("INTERNAL", { cause: error });
}

function check<T>(result: { data: T | null; error: PostgrestError | null }): T {
  if (result.error) throw rfmRpcError(result.error);
  if (result.data === null) throw new AppError("INTERNAL", { message: rfmErrorText("runFailed") });
  return result.data;
}

// ---------------------------------------------------------------------------------------
// Runs
// ---------------------------------------------------------------------------------------
/** Thresholds for the scores 2, 3, 4, 5 (null = unreachable). R: days at most; F, M: at least. */
export interface Breakpoints {
  r: (number | null)[];
  f: (number | null)[];
  m: (number | null)[];
}

export interface RfmRun {
  id: string;
  businessId: string;
  analysisDate: string;
  windowDays: number;
  windowStart: string;
  scoringMode: ScoringMode;
  modeReason: ModeReason;
  breakpoints: Breakpoints;
  customersScored: number;
  customersLost: number;
  trigger: RunTrigger;
  durationMs: number | null;
  createdBy: string | null;
  createdAt: string;
}

type RunRow = Database["public"]["Tables"]["rfm_runs"]["Row"];

function numbers(value: unknown): (number | null)[] {
  return Array.isArray(value) ? value.map((v) => (v === null || v === undefined ? null : Number(v))) : [];
}

export function toRun(row: RunRow): RfmRun {
  const bp = (row.breakpoints ?? {}) as Record<string, unknown>;
  return {
    id: row.id,
    businessId: row.business_id,
    analysisDate: row.analysis_date,
    windowDays: row.window_days,
    windowStart: row.window_start,
    scoringMode: row.scoring_mode,
    modeReason: row.mode_reason as ModeReason,
    breakpoints: { r: numbers(bp.r), f: numbers(bp.f), m: numbers(bp.m) },
    customersScored: row.customers_scored,
    customersLost: row.customers_lost,
    trigger: row.trigger,
    durationMs: row.duration_ms,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/**
 * A full run as of `analysisDate` (today in the business's time zone when omitted). Staff+.
 * Re-running the same day replaces that day's run atomically; returns the new run.
 */
export async function runRfm(
  client: Client,
  params: { businessId: string; analysisDate?: string; trigger?: RunTrigger },
): Promise<RfmRun> {
  const row = check(
    await client.rpc("rfm_run", { p_business_id: params.businessId, p_analysis_date: params.analysisDate, p_trigger: params.trigger }),
  );
  return toRun(row);
}

/** Incremental: rescore these customers (all when null) against the latest run's breakpoints. Service role. */
export async function refreshRfmCustomers(
  client: Client,
  params: { businessId: string; customerIds: string[] | null; asOf?: string },
): Promise<number> {
  const { data, error } = await client.rpc("rfm_refresh_customers", {
    p_business_id: params.businessId,
    // null = every customer of the business; the generated type does not know the argument is nullable.
    p_customer_ids: params.customerIds as string[],
    p_as_of: params.asOf,
  });
  if (error) throw rfmRpcError(error);
  return Number(data ?? 0);
}

/** Kept runs, newest first. Viewer+. */
export async function listRfmRuns(client: Client, params: { businessId: string; limit?: number }): Promise<RfmRun[]> {
  const rows = check(await client.rpc("rfm_runs_list", { p_business_id: params.businessId, p_limit: params.limit ?? 20 }));
  return rows.map(toRun);
}

// ---------------------------------------------------------------------------------------
// Overview
// ---------------------------------------------------------------------------------------
export interface SegmentShare {
  segment: RfmSegment;
  customers: number;
  /** 0..1 of the customers in the run (scored + lost). */
  customerShare: number;
  /** Spend in the window, rupiah. */
  revenue: number;
  /** 0..1 of the run's revenue. */
  revenueShare: number;
}

export interface GridCellCount {
  rScore: number;
  fmScore: number;
  segment: RfmSegment;
  customers: number;
}

export interface RfmOverview {
  /** The latest (or requested) run; null when the business was never analysed. */
  run: RfmRun | null;
  previousRunId: string | null;
  /** All ten segments in enum order (0 where empty); [] without a run. */
  distribution: SegmentShare[];
  /** All 25 cells, R 5..1 then FM 1..5 (0 where empty); [] without a run. */
  grid: GridCellCount[];
  /** Live customers without a row in the run (no purchase yet). */
  prospects: number;
  totalCustomers: number;
}

interface OverviewJson {
  run: RunRow | null;
  previous_run_id: string | null;
  distribution: { segment: RfmSegment; customers: number; customer_share: number; revenue: number; revenue_share: number }[];
  grid: { r_score: number; fm_score: number; segment: RfmSegment; customers: number }[];
  prospects: number;
  total_customers: number;
}

export async function getRfmOverview(client: Client, params: { businessId: string; runId?: string | null }): Promise<RfmOverview> {
  const json = check(
    await client.rpc("rfm_overview", { p_business_id: params.businessId, p_run_id: params.runId ?? undefined }),
  ) as unknown as OverviewJson;
  return {
    run: json.run ? toRun(json.run) : null,
    previousRunId: json.previous_run_id,
    distribution: (json.distribution ?? []).map((d) => ({
      segment: d.segment,
      customers: Number(d.customers),
      customerShare: Number(d.customer_share),
      revenue: Number(d.revenue),
      revenueShare: Number(d.revenue_share),
    })),
    grid: (json.grid ?? []).map((c) => ({ rScore: c.r_score, fmScore: c.fm_score, segment: c.segment, customers: Number(c.customers) })),
    prospects: Number(json.prospects),
    totalCustomers: Number(json.total_customers),
  };
}

// ---------------------------------------------------------------------------------------
// Customers of a segment / cell
// ---------------------------------------------------------------------------------------
export type SegmentSortKey = "name" | "recency" | "frequency" | "monetary" | "last_purchase_date" | "r_score" | "fm_score";

export interface RfmCustomerRow {
  customerId: string;
  name: string;
  whatsapp: string | null;
  lastPurchaseDate: string;
  recencyDays: number;
  frequency: number;
  monetary: number;
  /** Null for customers lost outside the window. */
  rScore: number | null;
  fScore: number | null;
  mScore: number | null;
  fmScore: number | null;
  rfmCode: string | null;
}

export interface Page<T> {
  rows: T[];
  total: number;
}

interface CustomerRowJson {
  customer_id: string;
  name: string;
  whatsapp: string | null;
  last_purchase_date: string;
  recency_days: number;
  frequency: number;
  monetary: number | string;
  r_score: number | null;
  f_score: number | null;
  m_score: number | null;
  fm_score: number | null;
  rfm_code: string | null;
  total_count: number;
}

function toCustomerRow(r: CustomerRowJson): RfmCustomerRow {
  return {
    customerId: r.customer_id,
    name: r.name,
    whatsapp: r.whatsapp,
    lastPurchaseDate: r.last_purchase_date,
    recencyDays: r.recency_days,
    frequency: r.frequency,
    monetary: Number(r.monetary),
    rScore: r.r_score,
    fScore: r.f_score,
    mScore: r.m_score,
    fmScore: r.fm_score,
    rfmCode: r.rfm_code,
  };
}

export interface SegmentCustomersParams {
  businessId: string;
  /** null: every segment (e.g. one grid cell regardless of segment). */
  segment: RfmSegment | null;
  runId?: string | null;
  rScore?: number | null;
  fmScore?: number | null;
  sort?: SegmentSortKey;
  desc?: boolean;
  limit?: number;
  offset?: number;
}

export async function listSegmentCustomers(client: Client, params: SegmentCustomersParams): Promise<Page<RfmCustomerRow>> {
  const { data, error } = await client.rpc("rfm_segment_customers", {
    p_business_id: params.businessId,
    p_segment: params.segment as RfmSegment,
    p_run_id: params.runId ?? undefined,
    p_r_score: params.rScore ?? undefined,
    p_fm_score: params.fmScore ?? undefined,
    p_sort: params.sort ?? "monetary",
    p_desc: params.desc ?? true,
    p_limit: params.limit ?? 25,
    p_offset: params.offset ?? 0,
  });
  if (error) throw rfmRpcError(error);
  const rows = (data ?? []) as unknown as CustomerRowJson[];
  return { rows: rows.map(toCustomerRow), total: Number(rows[0]?.total_count ?? 0) };
}

// ---------------------------------------------------------------------------------------
// Movement between runs
// ---------------------------------------------------------------------------------------
export interface MovementFlow {
  /** null: not in the earlier run (new). */
  from: RfmSegment | null;
  /** null: not in the later run (deleted since). */
  to: RfmSegment | null;
  customers: number;
}

export interface RfmMovement {
  fromRunId: string | null;
  toRunId: string | null;
  flows: MovementFlow[];
}

/** Latest vs previous run by default. No flows (and null ids) without two runs. */
export async function getRfmMovement(
  client: Client,
  params: { businessId: string; fromRunId?: string | null; toRunId?: string | null },
): Promise<RfmMovement> {
  const { data, error } = await client.rpc("rfm_movement", {
    p_business_id: params.businessId,
    p_from_run: params.fromRunId ?? undefined,
    p_to_run: params.toRunId ?? undefined,
  });
  if (error) throw rfmRpcError(error);
  const rows = (data ?? []) as unknown as { from_run_id: string; to_run_id: string; from_segment: RfmSegment | null; to_segment: RfmSegment | null; customers: number }[];
  return {
    fromRunId: rows[0]?.from_run_id ?? null,
    toRunId: rows[0]?.to_run_id ?? null,
    flows: rows.map((r) => ({ from: r.from_segment, to: r.to_segment, customers: Number(r.customers) })),
  };
}

export interface MovementCustomerRow extends RfmCustomerRow {
  fromSegment: RfmSegment | null;
  toSegment: RfmSegment | null;
  fromRfmCode: string | null;
}

export async function listMovementCustomers(
  client: Client,
  params: {
    businessId: string;
    fromRunId?: string | null;
    toRunId?: string | null;
    fromSegment: RfmSegment | null;
    toSegment: RfmSegment | null;
    limit?: number;
    offset?: number;
  },
): Promise<Page<MovementCustomerRow>> {
  const { data, error } = await client.rpc("rfm_movement_customers", {
    p_business_id: params.businessId,
    // null ids: latest vs previous; null segments: absent from that run (the SQL resolves both).
    p_from_run: (params.fromRunId ?? null) as string,
    p_to_run: (params.toRunId ?? null) as string,
    p_from_segment: params.fromSegment as RfmSegment,
    p_to_segment: params.toSegment as RfmSegment,
    p_limit: params.limit ?? 25,
    p_offset: params.offset ?? 0,
  });
  if (error) throw rfmRpcError(error);
  const rows = (data ?? []) as unknown as (CustomerRowJson & { from_segment: RfmSegment | null; to_segment: RfmSegment | null; from_rfm_code: string | null })[];
  return {
    rows: rows.map((r) => ({ ...toCustomerRow(r), fromSegment: r.from_segment, toSegment: r.to_segment, fromRfmCode: r.from_rfm_code })),
    total: Number(rows[0]?.total_count ?? 0),
  };
}

// ---------------------------------------------------------------------------------------
// One customer
// ---------------------------------------------------------------------------------------
export interface CustomerRfm {
  customerId: string;
  runId: string | null;
  analysisDate: string;
  lastPurchaseDate: string;
  recencyDays: number;
  frequency: number;
  monetary: number;
  rScore: number | null;
  fScore: number | null;
  mScore: number | null;
  fmScore: number | null;
  rfmCode: string | null;
  segment: RfmSegment;
  /** 'incremental' when refreshed after a sale since the last run. */
  source: "run" | "incremental";
  updatedAt: string;
}

/** The customer's current scores (null: no purchase yet, or never analysed). Viewer+ (RLS). */
export async function getCustomerRfm(client: Client, params: { businessId: string; customerId: string }): Promise<CustomerRfm | null> {
  const { data, error } = await client
    .from("customer_rfm")
    .select("*")
    .eq("business_id", params.businessId)
    .eq("customer_id", params.customerId)
    .maybeSingle();
  if (error) throw rfmRpcError(error);
  if (!data) return null;
  // customer_rfm is a view (the current run's results plus incremental overrides), so its
  // columns are typed nullable; a row it returns always has these.
  const { customer_id, analysis_date, last_purchase_date, recency_days, frequency, segment, source, updated_at } = data;
  if (customer_id === null || analysis_date === null || last_purchase_date === null || recency_days === null
      || frequency === null || segment === null || source === null || updated_at === null) return null;
  return {
    customerId: customer_id,
    runId: data.run_id,
    analysisDate: analysis_date,
    lastPurchaseDate: last_purchase_date,
    recencyDays: recency_days,
    frequency,
    monetary: Number(data.monetary),
    rScore: data.r_score,
    fScore: data.f_score,
    mScore: data.m_score,
    fmScore: data.fm_score,
    rfmCode: data.rfm_code,
    segment,
    source: source as "run" | "incremental",
    updatedAt: updated_at,
  };
}

export interface CustomerRfmHistoryRow {
  runId: string;
  analysisDate: string;
  rScore: number | null;
  fScore: number | null;
  mScore: number | null;
  rfmCode: string | null;
  segment: RfmSegment;
  recencyDays: number;
  frequency: number;
  monetary: number;
}

/** The customer's segment in every kept run, newest first. Viewer+. */
export async function getCustomerRfmHistory(
  client: Client,
  params: { businessId: string; customerId: string },
): Promise<CustomerRfmHistoryRow[]> {
  const rows = check(await client.rpc("rfm_customer_history", { p_business_id: params.businessId, p_customer_id: params.customerId }));
  return (rows as unknown as { run_id: string; analysis_date: string; r_score: number | null; f_score: number | null; m_score: number | null; rfm_code: string | null; segment: RfmSegment; recency_days: number; frequency: number; monetary: number | string }[]).map((r) => ({
    runId: r.run_id,
    analysisDate: r.analysis_date,
    rScore: r.r_score,
    fScore: r.f_score,
    mScore: r.m_score,
    rfmCode: r.rfm_code,
    segment: r.segment,
    recencyDays: r.recency_days,
    frequency: r.frequency,
    monetary: Number(r.monetary),
  }));
}

// ---------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------
/** The business's settings (the defaults when never saved). Viewer+. */
export async function getRfmSettings(client: Client, params: { businessId: string }): Promise<RfmSettings> {
  return settingsFromRow(check(await client.rpc("get_rfm_settings", { p_business_id: params.businessId })));
}

/** Validated upsert (admin+); fields left out keep their value. Parse with rfmSettingsPatchSchema first. */
export async function updateRfmSettings(client: Client, params: { businessId: string } & RfmSettingsPatch): Promise<RfmSettings> {
  const row = check(
    await client.rpc("update_rfm_settings", {
      p_business_id: params.businessId,
      p_window_days: params.windowDays,
      p_scoring_mode: params.scoringMode,
      p_recency_edges: params.recencyEdges,
      p_frequency_edges: params.frequencyEdges,
      p_monetary_edges: params.monetaryEdges,
      p_retention_weeks: params.retentionWeeks,
    }),
  );
  return settingsFromRow(row);
}
