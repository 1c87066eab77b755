/**
 * Fixtures and readers shared by the RFM engine tests (rfm-engine.test.ts, rfm-runs.test.ts):
 * businesses, customers and sales written by the superuser, runs started by the superuser
 * (a direct session, like the job worker), and a run's results as rows.
 */
import { randomUUID } from "node:crypto";
import { sql, sqlOne } from "./db";
import { randomWhatsapp } from "./users";

export interface ResultRow {
  customer_id: string;
  last_purchase_date: string;
  recency_days: number;
  frequency: number;
  monetary: string;
  r_score: number | null;
  f_score: number | null;
  m_score: number | null;
  fm_score: number | null;
  rfm_code: string | null;
  segment: string;
}

export interface RunRow {
  id: string;
  scoring_mode: string;
  mode_reason: string;
  breakpoints: { r: (number | null)[]; f: (number | null)[]; m: (number | null)[] };
  customers_scored: number;
  customers_lost: number;
  trigger: string;
  duration_ms: number;
}

export async function newBusiness(label: string): Promise<string> {
  return (await sqlOne<{ id: string }>(
    "insert into public.businesses (name, whatsapp) values ($1, $2) returning id", [`RFM ${label} ${randomUUID().slice(0, 6)}`, randomWhatsapp()],
  )).id;
}

export async function newCustomer(businessId: string, name: string): Promise<string> {
  return (await sqlOne<{ id: string }>(
    "insert into public.customers (business_id, name, whatsapp) values ($1, $2, $3) returning id", [businessId, name, randomWhatsapp()],
  )).id;
}

export async function sale(businessId: string, customerId: string, date: string, amount: number, status: "completed" | "voided" = "completed") {
  await sql(
    "insert into public.transactions (business_id, customer_id, transaction_date, amount, status, voided_at) values ($1, $2, $3, $4, $5::public.transaction_status, case when $5::text = 'voided' then now() end)",
    [businessId, customerId, date, amount, status],
  );
}

export async function setMode(businessId: string, mode: "auto" | "relative" | "fixed", extra: Record<string, unknown> = {}) {
  await sql(
    `insert into public.rfm_settings (business_id, scoring_mode, retention_weeks) values ($1, $2, coalesce($3, 104))
     on conflict (business_id) do update set scoring_mode = excluded.scoring_mode, retention_weeks = excluded.retention_weeks`,
    [businessId, mode, extra.retentionWeeks ?? null],
  );
}

export const run = (businessId: string, date: string, trigger = "manual") =>
  sqlOne<RunRow>("select * from public.rfm_run($1, $2::date, $3::public.rfm_run_trigger)", [businessId, date, trigger]);

export async function results(runId: string): Promise<Map<string, ResultRow>> {
  const rows = await sql<ResultRow>(
    // The code is computed on read (private.rfm_code, as customer_rfm and the read RPCs do).
    "select customer_id, last_purchase_date::text, recency_days, frequency, monetary::text, r_score, f_score, m_score, fm_score, private.rfm_code(r_score, f_score, m_score) as rfm_code, segment from public.rfm_results where run_id = $1",
    [runId],
  );
  return new Map(rows.map((r) => [r.customer_id, r]));
}

/** [R, F, M, FM, segment] of a result row, for compact expectations. */
export const scoresOf = (r: ResultRow | undefined) => (r ? [r.r_score, r.f_score, r.m_score, r.fm_score, r.segment] : undefined);
