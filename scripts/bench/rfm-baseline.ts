/**
 * bench:rfm's baseline: document 000's RFMService.calculateForAllCustomers + saveAnalysisResults
 * (scripts/bench/rfm.ts step 4), and the rfm_analysis table it writes to.
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import type pg from "pg";
import { now } from "./lib";

/**
 * Document 000's rfm_analysis (keys, checks, indexes, RLS by owner), in the demo business's
 * database. 000 gives users only a SELECT policy, so its upsert would be refused; the insert /
 * update policies below use the same owner check. PostgREST reloads its schema to see it.
 */
export async function createBaselineTable(db: pg.Client): Promise<void> {
  await db.query(`create table if not exists public.bench_rfm_analysis (
    id uuid primary key default gen_random_uuid(),
    user_id uuid references auth.users(id) on delete cascade,
    analysis_date date not null,
    customer_id uuid references public.customers(id) on delete cascade,
    recency_days integer not null, recency_score integer check (recency_score between 1 and 5),
    frequency_count integer not null, frequency_score integer check (frequency_score between 1 and 5),
    monetary_value numeric(15, 2) not null, monetary_score integer check (monetary_score between 1 and 5),
    segment text not null, metrics jsonb default '{}', created_at timestamptz default now(),
    constraint bench_rfm_analysis_unique unique (user_id, customer_id, analysis_date))`);
  await db.query("create index if not exists bench_rfm_user_date_idx on public.bench_rfm_analysis (user_id, analysis_date desc)");
  await db.query("create index if not exists bench_rfm_segment_idx on public.bench_rfm_analysis (user_id, segment)");
  await db.query("alter table public.bench_rfm_analysis enable row level security");
  await db.query("drop policy if exists bench_rfm_select on public.bench_rfm_analysis");
  await db.query("drop policy if exists bench_rfm_insert on public.bench_rfm_analysis");
  await db.query("drop policy if exists bench_rfm_update on public.bench_rfm_analysis");
  await db.query("create policy bench_rfm_select on public.bench_rfm_analysis for select to authenticated using (auth.uid() = user_id)");
  await db.query("create policy bench_rfm_insert on public.bench_rfm_analysis for insert to authenticated with check (auth.uid() = user_id)");
  await db.query("create policy bench_rfm_update on public.bench_rfm_analysis for update to authenticated using (auth.uid() = user_id) with check (auth.uid() = user_id)");
  await db.query("grant select, insert, update on public.bench_rfm_analysis to authenticated");
  await db.query("notify pgrst, 'reload schema'");
  await new Promise((r) => setTimeout(r, 1500));
}

// ---------------------------------------------------------------------------------------
// Document 000's RFMService.calculateForAllCustomers, faithfully in shape: all rows into the
// app, quintile breakpoints on sorted arrays, getScore, the rule-ordered determineSegment,
// upsert in batches of 100, all through the signed-in user's client (RLS on). (Its single
// un-paged select would stop at PostgREST's max-rows of 1,000; here it pages by id, so it
// really scores everyone.)
// ---------------------------------------------------------------------------------------
interface TxRow { id: string; customer_id: string; transaction_date: string; amount: number }

function quintileBreaks(sorted: number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < 5; i++) out.push(sorted[Math.floor((sorted.length * i) / 5)] ?? 0);
  return out;
}

function getScore(value: number, breaks: number[], inverse = false): number {
  for (let i = 0; i < breaks.length; i++) {
    const b = breaks[i] ?? 0;
    if (inverse ? value <= b : value >= b) return 5 - i;
  }
  return 1;
}

function determineSegment(r: number, f: number, m: number): string {
  if (r >= 4 && f >= 4 && m >= 4) return "champions";
  if (r >= 3 && f >= 3 && m >= 3) return "loyal_customers";
  if (r >= 4 && f >= 2 && m >= 3) return "potential_loyalists";
  if (r >= 4 && f <= 2) return "new_customers";
  if (r >= 3 && f <= 2) return "promising";
  if (r === 3 && f >= 3) return "need_attention";
  if (r === 2 && f >= 2) return "about_to_sleep";
  if (r <= 2 && f >= 3 && m >= 3) return "at_risk";
  if (r <= 2 && f >= 4 && m >= 4) return "cant_lose_them";
  if (r <= 2 && f <= 2) return "lost";
  return "need_attention";
}

export async function baseline(client: SupabaseClient, userId: string, businessId: string, windowStart: string, analysisDate: string): Promise<{ ms: number; loadMs: number; upsertMs: number; rows: number; customers: number }> {
  const t0 = now();
  const txs: TxRow[] = [];
  let last = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const { data, error } = await client
      .from("transactions")
      .select("id, customer_id, transaction_date, amount")
      .eq("business_id", businessId)
      .eq("status", "completed")
      .gte("transaction_date", windowStart)
      .lte("transaction_date", analysisDate)
      .gt("id", last)
      .order("id")
      .limit(1000);
    if (error) throw new Error(`baseline load: ${error.message}`);
    if (!data.length) break;
    txs.push(...(data as TxRow[]));
    last = data[data.length - 1]?.id ?? last;
  }
  const loadMs = now() - t0;
  const metrics = new Map<string, { last: number; count: number; total: number }>();
  for (const t of txs) {
    const d = Date.parse(t.transaction_date);
    const m = metrics.get(t.customer_id) ?? { last: 0, count: 0, total: 0 };
    if (d > m.last) m.last = d;
    m.count++;
    m.total += Number(t.amount);
    metrics.set(t.customer_id, m);
  }
  const nowMs = Date.parse(analysisDate);
  const raw = [...metrics].map(([customerId, m]) => ({ customerId, recency: Math.floor((nowMs - m.last) / 86_400_000), frequency: m.count, monetary: m.total }));
  const rBreaks = quintileBreaks(raw.map((r) => r.recency).sort((a, b) => a - b));
  const fBreaks = quintileBreaks(raw.map((r) => r.frequency).sort((a, b) => b - a));
  const mBreaks = quintileBreaks(raw.map((r) => r.monetary).sort((a, b) => b - a));
  const records = raw.map((v) => {
    const r = getScore(v.recency, rBreaks, true);
    const f = getScore(v.frequency, fBreaks);
    const m = getScore(v.monetary, mBreaks);
    return {
      user_id: userId, customer_id: v.customerId, analysis_date: analysisDate,
      recency_days: v.recency, recency_score: r, frequency_count: v.frequency, frequency_score: f,
      monetary_value: v.monetary, monetary_score: m, segment: determineSegment(r, f, m), metrics: { rfm_string: `${r}${f}${m}` },
    };
  });
  const t1 = now();
  for (let i = 0; i < records.length; i += 100) {
    const { error } = await client.from("bench_rfm_analysis").upsert(records.slice(i, i + 100), { onConflict: "user_id,customer_id,analysis_date" });
    if (error) throw new Error(`baseline upsert: ${error.message}`);
  }
  return { ms: now() - t0, loadMs, upsertMs: now() - t1, rows: txs.length, customers: records.length };
}

