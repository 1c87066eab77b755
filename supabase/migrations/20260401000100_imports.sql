-- Imports, part 1 of 2: staging tables, their RLS, the import-files bucket and the RPCs the
-- app calls with the user's session (issue 4, document 004 §3.5).
--
--   imports            one uploaded file: kind, mapping, duplicate strategy, status, counters
--   import_rows        one row per data row of the file (staging): raw cells, parsed values,
--                      status, errors, and the customer / transaction it became
--   bucket import-files the uploaded file, under <business_id>/<upload uuid>/<file>
--
-- Flow: the route parses the file and stages every row (create_import, stage_import_rows,
-- finish_import_staging) -> the owner confirms the column mapping (start_import) -> the job
-- imports.process validates rows with the form schemas (app side) and applies them to the
-- target tables set-based in bounded batches (20260401000110_import_processing.sql).
--
-- Clients never write these tables directly: every write goes through a security definer
-- function that checks has_role_on_business() once per call (not once per staged row).

create type public.import_kind as enum ('customers', 'transactions');
create type public.import_status as enum ('staging', 'mapping', 'queued', 'processing', 'completed', 'failed');
create type public.import_row_status as enum (
  'pending',    -- staged, not validated yet
  'valid',      -- passed validation, waiting to be applied
  'error',      -- failed validation (or no matching customer): not imported
  'duplicate',  -- same customer as an earlier row of the file: not imported twice
  'imported',   -- created a customer / transaction
  'updated',    -- updated an existing customer
  'skipped'     -- matched an existing customer, owner chose "skip"
);

create table public.imports (
  id uuid primary key default gen_random_uuid(),
  business_id uuid not null references public.businesses(id) on delete cascade,
  kind public.import_kind not null,
  status public.import_status not null default 'staging',
  file_name text not null check (char_length(file_name) between 1 and 255),
  file_format text not null check (file_format in ('csv', 'xlsx')),
  file_size bigint not null check (file_size between 1 and 20971520),
  storage_path text not null unique,
  headers jsonb not null default '[]'::jsonb check (jsonb_typeof(headers) = 'array'),
  mapping jsonb not null default '{}'::jsonb check (jsonb_typeof(mapping) = 'object'),
  duplicate_strategy text not null default 'skip' check (duplicate_strategy in ('skip', 'fill_empty', 'overwrite')),
  total_rows integer not null default 0 check (total_rows between 0 and 200000),
  validated_rows integer not null default 0,
  processed_rows integer not null default 0,
  imported_rows integer not null default 0,
  updated_rows integer not null default 0,
  skipped_rows integer not null default 0,
  duplicate_rows integer not null default 0,
  error_rows integer not null default 0,
  failure text check (failure is null or char_length(failure) <= 200),
  created_by uuid references auth.users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  constraint imports_path_check check (storage_path like business_id::text || '/%')
);
comment on table public.imports is
  'An uploaded CSV/XLSX file of customers or transactions and its progress. Written only by the import RPCs and the imports.process job.';
comment on column public.imports.status is
  'staging (rows being written) -> mapping (owner confirms columns) -> queued -> processing -> completed | failed.';
comment on column public.imports.headers is 'Header cells of the file, in column order.';
comment on column public.imports.mapping is 'Target field -> column index (0-based) chosen on the mapping screen.';
comment on column public.imports.duplicate_strategy is
  'Rows matching an existing customer: skip | fill_empty (only empty fields) | overwrite (fields the file fills).';
comment on column public.imports.validated_rows is 'Rows checked so far (valid or not).';
comment on column public.imports.processed_rows is 'Rows finished so far (imported, updated, skipped, duplicate or error).';
comment on column public.imports.failure is 'Stable key of what stopped the whole import (the app shows it localised).';

create index imports_business_created_idx on public.imports (business_id, created_at desc);

create table public.import_rows (
  import_id uuid not null references public.imports(id) on delete cascade,
  row_number integer not null check (row_number >= 2),
  business_id uuid not null references public.businesses(id) on delete cascade,
  raw jsonb not null check (jsonb_typeof(raw) = 'array'),
  parsed jsonb,
  status public.import_row_status not null default 'pending',
  errors jsonb not null default '[]'::jsonb check (jsonb_typeof(errors) = 'array'),
  target_id uuid,
  primary key (import_id, row_number)
);
comment on table public.import_rows is
  'Staged data rows of an import. row_number is the line in the file (the header is line 1). Not audited row by row: the import itself is.';
comment on column public.import_rows.raw is 'The row''s cells as text, in column order (XLSX dates as yyyy-mm-dd).';
comment on column public.import_rows.parsed is 'Values after mapping and validation (E.164 numbers, rupiah, ISO dates).';
comment on column public.import_rows.errors is 'Problems found: [{field, key, params?}]; key names a message in the imports.rowErrors catalogue.';
comment on column public.import_rows.target_id is 'The customer or transaction this row created or updated.';

-- The job walks rows by status in file order.
create index import_rows_status_idx on public.import_rows (import_id, status, row_number);

-- Lookups the processing does against existing customers (email match, name match for sales).
create index if not exists customers_business_email_idx on public.customers (business_id, email)
  where email is not null and deleted_at is null;
create index if not exists customers_business_lower_name_idx on public.customers (business_id, lower(name))
  where deleted_at is null;

alter table public.imports enable row level security;
alter table public.import_rows enable row level security;
create policy imports_select on public.imports for select to authenticated
  using (public.has_role_on_business(business_id, 'viewer'));
create policy import_rows_select on public.import_rows for select to authenticated
  using (public.has_role_on_business(business_id, 'viewer'));
revoke all on public.imports, public.import_rows from anon, authenticated;
grant select on public.imports, public.import_rows to authenticated;

create trigger set_updated_at before update on public.imports
  for each row execute function private.set_updated_at();
create trigger audit_row_change after insert or update of status, mapping, duplicate_strategy or delete on public.imports
  for each row execute function private.audit_row_change();

-- ---------------------------------------------------------------------------------------
-- Bucket import-files: <business_id>/<upload uuid>/<file>; staff upload, members read.
-- ---------------------------------------------------------------------------------------
insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values ('import-files', 'import-files', false, 20971520, null)
on conflict (id) do nothing;

create policy import_files_objects_select on storage.objects for select to authenticated
  using (bucket_id = 'import-files'
    and public.has_role_on_business(case when (storage.foldername(name))[1] ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$'
      then ((storage.foldername(name))[1])::uuid end, 'viewer'));
create policy import_files_objects_insert on storage.objects for insert to authenticated
  with check (bucket_id = 'import-files'
    and public.has_role_on_business(case when (storage.foldername(name))[1] ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$'
      then ((storage.foldername(name))[1])::uuid end, 'staff'));
create policy import_files_objects_delete on storage.objects for delete to authenticated
  using (bucket_id = 'import-files'
    and public.has_role_on_business(case when (storage.foldername(name))[1] ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$'
      then ((storage.foldername(name))[1])::uuid end, 'staff'));

-- ---------------------------------------------------------------------------------------
-- RPCs (user session)
-- ---------------------------------------------------------------------------------------

-- Staff+: registers an uploaded file; rows follow with stage_import_rows.
create function public.create_import(
  p_business_id uuid, p_kind public.import_kind, p_file_name text, p_file_format text,
  p_file_size bigint, p_storage_path text, p_headers jsonb, p_total_rows integer, p_mapping jsonb
) returns public.imports
language plpgsql security definer set search_path = '' as $$
declare
  v_uid uuid := private.require_user();
  v_row public.imports;
begin
  if not public.has_role_on_business(p_business_id, 'staff') then
    raise exception 'not allowed to import into this business' using errcode = '42501', hint = 'forbidden';
  end if;
  if p_total_rows is null or p_total_rows < 1 then
    raise exception 'the file has no data rows' using errcode = '22023', hint = 'import_empty';
  end if;
  if p_total_rows > 200000 then
    raise exception 'too many rows' using errcode = '22023', hint = 'import_too_many_rows';
  end if;
  insert into public.imports (business_id, kind, file_name, file_format, file_size, storage_path, headers,
    total_rows, mapping, created_by)
  values (p_business_id, p_kind, left(p_file_name, 255), p_file_format, p_file_size, p_storage_path,
    coalesce(p_headers, '[]'::jsonb), p_total_rows, coalesce(p_mapping, '{}'::jsonb), v_uid)
  returning * into v_row;
  return v_row;
end $$;

-- Staff+: appends staged rows ([[row_number, [cells...]], ...]) while the import is staging.
-- Re-sending a chunk writes nothing twice (primary key (import_id, row_number)).
create function public.stage_import_rows(p_import_id uuid, p_rows jsonb)
returns integer
language plpgsql security definer set search_path = '' as $$
declare
  v_import public.imports;
  v_count integer;
begin
  perform private.require_user();
  select * into v_import from public.imports where id = p_import_id;
  if not found or not public.has_role_on_business(v_import.business_id, 'staff') then
    raise exception 'import not found' using errcode = 'P0002', hint = 'import_not_found';
  end if;
  if v_import.status <> 'staging' then
    raise exception 'import is no longer staging' using errcode = '55000', hint = 'import_wrong_status';
  end if;
  if jsonb_typeof(p_rows) <> 'array' or jsonb_array_length(p_rows) > 10000 then
    raise exception 'rows must be an array of at most 10000' using errcode = '22023', hint = 'import_rows_invalid';
  end if;
  insert into public.import_rows (import_id, row_number, business_id, raw)
  select p_import_id, (e.r ->> 0)::integer, v_import.business_id, e.r -> 1
  from jsonb_array_elements(p_rows) e(r)
  on conflict (import_id, row_number) do nothing;
  get diagnostics v_count = row_count;
  return v_count;
end $$;

-- Staff+: closes staging once every row is there; the import then waits for its mapping.
create function public.finish_import_staging(p_import_id uuid)
returns public.imports
language plpgsql security definer set search_path = '' as $$
declare
  v_import public.imports;
  v_count integer;
begin
  perform private.require_user();
  select * into v_import from public.imports where id = p_import_id for update;
  if not found or not public.has_role_on_business(v_import.business_id, 'staff') then
    raise exception 'import not found' using errcode = 'P0002', hint = 'import_not_found';
  end if;
  if v_import.status <> 'staging' then
    return v_import;
  end if;
  select count(*) into v_count from public.import_rows where import_id = p_import_id;
  if v_count <> v_import.total_rows then
    raise exception 'staged % of % rows', v_count, v_import.total_rows using errcode = '55000', hint = 'import_incomplete';
  end if;
  update public.imports set status = 'mapping' where id = p_import_id returning * into v_import;
  return v_import;
end $$;

-- Staff+: the owner confirmed the mapping and the duplicate strategy; the job may start.
-- Only from 'mapping' (a double click finds it queued and changes nothing).
create function public.start_import(p_import_id uuid, p_mapping jsonb, p_duplicate_strategy text)
returns public.imports
language plpgsql security definer set search_path = '' as $$
declare
  v_import public.imports;
begin
  perform private.require_user();
  select * into v_import from public.imports where id = p_import_id for update;
  if not found or not public.has_role_on_business(v_import.business_id, 'viewer') then
    raise exception 'import not found' using errcode = 'P0002', hint = 'import_not_found';
  end if;
  if not public.has_role_on_business(v_import.business_id, 'staff') then
    raise exception 'forbidden' using errcode = '42501', hint = 'forbidden';
  end if;
  if v_import.status <> 'mapping' then
    raise exception 'import already started' using errcode = '55000', hint = 'import_already_started';
  end if;
  if p_mapping is null or jsonb_typeof(p_mapping) <> 'object' then
    raise exception 'mapping must be an object' using errcode = '22023', hint = 'import_mapping_invalid';
  end if;
  if p_duplicate_strategy not in ('skip', 'fill_empty', 'overwrite') then
    raise exception 'unknown duplicate strategy' using errcode = '22023', hint = 'import_strategy_invalid';
  end if;
  update public.imports
     set status = 'queued', mapping = p_mapping, duplicate_strategy = p_duplicate_strategy
   where id = p_import_id
  returning * into v_import;
  return v_import;
end $$;

-- Staff+: drops an import that never started (its rows go with it); the app removes the file.
create function public.discard_import(p_import_id uuid)
returns void
language plpgsql security definer set search_path = '' as $$
declare
  v_import public.imports;
begin
  perform private.require_user();
  select * into v_import from public.imports where id = p_import_id for update;
  if not found or not public.has_role_on_business(v_import.business_id, 'staff') then
    raise exception 'import not found' using errcode = 'P0002', hint = 'import_not_found';
  end if;
  if v_import.status not in ('staging', 'mapping') then
    raise exception 'import already started' using errcode = '55000', hint = 'import_already_started';
  end if;
  delete from public.imports where id = p_import_id;
end $$;

comment on function public.create_import(uuid, public.import_kind, text, text, bigint, text, jsonb, integer, jsonb) is
  'Staff+: registers an uploaded import file (status staging). Hints: forbidden, import_empty, import_too_many_rows.';
comment on function public.stage_import_rows(uuid, jsonb) is
  'Staff+: stages up to 10,000 rows [[row_number, cells]] of a staging import; idempotent per row number.';
comment on function public.finish_import_staging(uuid) is
  'Staff+: staging -> mapping once all total_rows rows are staged (hint import_incomplete otherwise).';
comment on function public.start_import(uuid, jsonb, text) is
  'Staff+: mapping -> queued with the confirmed mapping and duplicate strategy (hint import_already_started when not in mapping).';
comment on function public.discard_import(uuid) is 'Staff+: deletes an import that has not started.';

revoke all on function public.create_import(uuid, public.import_kind, text, text, bigint, text, jsonb, integer, jsonb),
  public.stage_import_rows(uuid, jsonb), public.finish_import_staging(uuid),
  public.start_import(uuid, jsonb, text), public.discard_import(uuid) from public, anon;
grant execute on function public.create_import(uuid, public.import_kind, text, text, bigint, text, jsonb, integer, jsonb),
  public.stage_import_rows(uuid, jsonb), public.finish_import_staging(uuid),
  public.start_import(uuid, jsonb, text), public.discard_import(uuid) to authenticated;
