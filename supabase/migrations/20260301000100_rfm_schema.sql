-- RFM (DOMAIN.md "RFM"): per-business settings, kept runs, one result row per customer per
-- run (history between runs), and each customer's current state (the latest run, refreshed
-- incrementally after sales). The engine functions live in the following migrations; this
-- file is only the shape, so the engine, the analysis UI and the customer list agree on it.

create type public.rfm_segment as enum (
  'champions', 'loyal_customers', 'potential_loyalists', 'new_customers', 'promising',
  'need_attention', 'about_to_sleep', 'at_risk', 'cant_lose_them', 'lost'
);
comment on type public.rfm_segment is 'The ten groups of the total R x FM grid (DOMAIN.md); no "others".';

-- What the owner chose; 'auto' = relative, or fixed bins when fewer than 50 customers are scored.
create type public.rfm_mode_setting as enum ('auto', 'relative', 'fixed');
-- What a run actually used.
create type public.rfm_scoring_mode as enum ('relative', 'fixed');
create type public.rfm_run_trigger as enum ('manual', 'weekly', 'transaction');

-- ---------------------------------------------------------------------------------------
-- Settings (one row per business; absent = defaults)
-- ---------------------------------------------------------------------------------------
create table public.rfm_settings (
  business_id uuid primary key references public.businesses(id) on delete cascade,
  window_days integer not null default 365 check (window_days in (90, 180, 365, 730)),
  scoring_mode public.rfm_mode_setting not null default 'auto',
  -- Fixed-bin edges for the scores 5, 4, 3, 2 (DOMAIN.md table); beyond the last edge scores 1.
  -- Recency: days at most (increasing). Frequency / monetary: at least (decreasing).
  recency_edges integer[] not null default '{30,60,90,180}',
  frequency_edges integer[] not null default '{10,5,3,2}',
  monetary_edges numeric(15, 2)[] not null default '{5000000,1000000,500000,100000}',
  retention_weeks integer not null default 104 check (retention_weeks between 4 and 520),
  updated_by uuid references auth.users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint rfm_settings_recency_edges check (
    cardinality(recency_edges) = 4 and recency_edges[1] >= 0
    and recency_edges[1] < recency_edges[2] and recency_edges[2] < recency_edges[3]
    and recency_edges[3] < recency_edges[4]),
  constraint rfm_settings_frequency_edges check (
    cardinality(frequency_edges) = 4 and frequency_edges[4] >= 2
    and frequency_edges[1] > frequency_edges[2] and frequency_edges[2] > frequency_edges[3]
    and frequency_edges[3] > frequency_edges[4]),
  constraint rfm_settings_monetary_edges check (
    cardinality(monetary_edges) = 4 and monetary_edges[4] > 0
    and monetary_edges[1] > monetary_edges[2] and monetary_edges[2] > monetary_edges[3]
    and monetary_edges[3] > monetary_edges[4])
);
comment on table public.rfm_settings is 'RFM settings per business; a business without a row uses the defaults.';

create trigger rfm_settings_set_updated_at before update on public.rfm_settings
  for each row execute function private.set_updated_at();
create trigger rfm_settings_audit after insert or update or delete on public.rfm_settings
  for each row execute function private.audit_row_change();

-- ---------------------------------------------------------------------------------------
-- Runs: one per business per analysis date (re-running the same day replaces it atomically)
-- ---------------------------------------------------------------------------------------
create table public.rfm_runs (
  id uuid primary key default gen_random_uuid(),
  business_id uuid not null references public.businesses(id) on delete cascade,
  analysis_date date not null,
  window_days integer not null check (window_days > 0),
  -- First day inside the window: analysis_date - window_days + 1.
  window_start date not null,
  scoring_mode public.rfm_scoring_mode not null,
  -- Why that mode: owner_relative, owner_fixed, auto_relative, auto_few_customers.
  mode_reason text not null
    check (mode_reason in ('owner_relative', 'owner_fixed', 'auto_relative', 'auto_few_customers')),
  -- Thresholds the scores were given by: {"r": [..], "f": [..], "m": [..]}, each the smallest
  -- value (for R: the largest day count) reaching the scores 2, 3, 4, 5; null = unreachable.
  -- Incremental updates score a single customer against these.
  breakpoints jsonb not null,
  customers_scored integer not null default 0 check (customers_scored >= 0),
  customers_lost integer not null default 0 check (customers_lost >= 0),
  trigger public.rfm_run_trigger not null,
  duration_ms integer check (duration_ms >= 0),
  created_by uuid references auth.users(id) on delete set null,
  created_at timestamptz not null default now(),
  unique (business_id, analysis_date)
);
comment on table public.rfm_runs is 'Kept RFM runs; pruned by rfm_settings.retention_weeks.';
create index rfm_runs_business_date_idx on public.rfm_runs (business_id, analysis_date desc);

-- ---------------------------------------------------------------------------------------
-- Results: one row per customer with any purchase per run
-- ---------------------------------------------------------------------------------------
create table public.rfm_results (
  run_id uuid not null references public.rfm_runs(id) on delete cascade,
  business_id uuid not null references public.businesses(id) on delete cascade,
  customer_id uuid not null references public.customers(id) on delete cascade,
  last_purchase_date date not null,
  -- R: days from the last purchase to the analysis date.
  recency_days integer not null check (recency_days >= 0),
  -- F and M over the window only (0 for customers lost outside the window).
  frequency integer not null check (frequency >= 0),
  monetary numeric(17, 2) not null check (monetary >= 0),
  -- Null for customers whose purchases are all before the window (segment 'lost').
  r_score smallint check (r_score between 1 and 5),
  f_score smallint check (f_score between 1 and 5),
  m_score smallint check (m_score between 1 and 5),
  fm_score smallint check (fm_score between 1 and 5),
  rfm_code text generated always as (r_score::text || '-' || f_score::text || '-' || m_score::text) stored,
  segment public.rfm_segment not null,
  primary key (run_id, customer_id)
);
comment on table public.rfm_results is 'Scores and segment of each customer in each kept run (history for movement).';
create index rfm_results_run_segment_idx on public.rfm_results (run_id, segment);
create index rfm_results_run_cell_idx on public.rfm_results (run_id, r_score, fm_score);
create index rfm_results_customer_idx on public.rfm_results (customer_id);
create index rfm_results_business_idx on public.rfm_results (business_id);

-- ---------------------------------------------------------------------------------------
-- Current state per customer: the latest run's row, refreshed incrementally after a sale
-- against that run's breakpoints. No row = no purchase yet (no segment, "prospek").
-- ---------------------------------------------------------------------------------------
create table public.customer_rfm (
  customer_id uuid primary key references public.customers(id) on delete cascade,
  business_id uuid not null references public.businesses(id) on delete cascade,
  -- The run whose breakpoints scored this row.
  run_id uuid references public.rfm_runs(id) on delete set null,
  analysis_date date not null,
  last_purchase_date date not null,
  recency_days integer not null check (recency_days >= 0),
  frequency integer not null check (frequency >= 0),
  monetary numeric(17, 2) not null check (monetary >= 0),
  r_score smallint check (r_score between 1 and 5),
  f_score smallint check (f_score between 1 and 5),
  m_score smallint check (m_score between 1 and 5),
  fm_score smallint check (fm_score between 1 and 5),
  rfm_code text generated always as (r_score::text || '-' || f_score::text || '-' || m_score::text) stored,
  segment public.rfm_segment not null,
  -- 'run' = written by a full run; 'incremental' = refreshed after a transaction change.
  source text not null default 'run' check (source in ('run', 'incremental')),
  updated_at timestamptz not null default now()
);
comment on table public.customer_rfm is 'Current RFM scores and segment of each customer with a purchase.';
create index customer_rfm_business_segment_idx on public.customer_rfm (business_id, segment);

-- ---------------------------------------------------------------------------------------
-- RLS: members read; writes only through the engine's security-definer functions
-- (settings through its RPC, which validates and answers with localized error keys).
-- ---------------------------------------------------------------------------------------
alter table public.rfm_settings enable row level security;
alter table public.rfm_runs enable row level security;
alter table public.rfm_results enable row level security;
alter table public.customer_rfm enable row level security;

create policy rfm_settings_select on public.rfm_settings for select to authenticated
  using (public.has_role_on_business(business_id, 'viewer'));
create policy rfm_runs_select on public.rfm_runs for select to authenticated
  using (public.has_role_on_business(business_id, 'viewer'));
create policy rfm_results_select on public.rfm_results for select to authenticated
  using (public.has_role_on_business(business_id, 'viewer'));
create policy customer_rfm_select on public.customer_rfm for select to authenticated
  using (public.has_role_on_business(business_id, 'viewer'));

revoke all on public.rfm_settings, public.rfm_runs, public.rfm_results, public.customer_rfm
  from anon, authenticated;
grant select on public.rfm_settings, public.rfm_runs, public.rfm_results, public.customer_rfm
  to authenticated;
