-- Imports: faster apply batches (issue 4 performance targets). Same rules and guarantees as
-- 20260401000110_import_processing.sql (one transaction per batch, rows flipped to their final
-- status with the target rows, the same audit rows and timeline events); what changes:
--
-- * The audit rows of new customers / sales / lines and the 'created' events of new customers
--   are written from the INSERT's RETURNING rows in the same statement (data-modifying CTEs)
--   instead of joining every new row back by primary key afterwards (~20 us a row).
-- * stamp_actor on customer_activities skips while sma.bulk_import is on: it only fills
--   actor_id from auth.uid(), which is null in the job (the import sets actor_id itself).
-- * The job takes 20,000 rows a call instead of 5,000 (src/lib/imports/limits.ts,
--   APPLY_BATCH): measured on the dev machine, the per-row cost of a 5,000-row customers batch
--   was ~390 us and of a 20,000-row batch ~310 us (per-statement overhead, plan and temp
--   table set-up amortised). Memory per call stays small (the batch is a temp table).

drop trigger stamp_actor on public.customer_activities;
create trigger stamp_actor before insert on public.customer_activities
  for each row when (coalesce(current_setting('sma.bulk_import', true), '') <> 'on')
  execute function private.stamp_actor('actor_id');

create or replace function private.import_apply_customers(p_import_id uuid, p_limit integer)
returns integer
language plpgsql set search_path = '' as $$
declare
  v_import public.imports;
  v_taken integer;
  v_actor record;
begin
  perform pg_advisory_xact_lock(hashtextextended(p_import_id::text, 0));
  select * into v_import from public.imports where id = p_import_id;
  if not found or v_import.kind <> 'customers' then
    raise exception 'customers import % not found', p_import_id using errcode = 'P0002', hint = 'import_not_found';
  end if;
  perform set_config('sma.audit_actor_id', coalesce(v_import.created_by::text, ''), true);

  create temp table import_batch on commit drop as
    select r.row_number, r.parsed,
           r.parsed ->> 'whatsapp' as wa, lower(r.parsed ->> 'email') as em,
           null::uuid as match_id, gen_random_uuid() as new_id,
           false as dup, false as inserted
    from public.import_rows r
    where r.import_id = p_import_id and r.status = 'valid'
    order by r.row_number
    limit p_limit;
  get diagnostics v_taken = row_count;
  if v_taken = 0 then
    return 0;
  end if;
  analyze import_batch;

  -- Existing customers: by WhatsApp (one probe of the unique key per row), else by email
  -- (when one side has no WhatsApp; only when some row needs it).
  update import_batch b set match_id = (
      select c.id from public.customers c
       where c.business_id = v_import.business_id and c.whatsapp = b.wa and c.deleted_at is null)
   where b.wa is not null;
  if exists (select 1 from import_batch where match_id is null and em is not null) then
  update import_batch b set match_id = m.id
    from (select distinct on (b2.row_number) b2.row_number, c.id
            from import_batch b2
            join public.customers c on c.business_id = v_import.business_id and c.deleted_at is null
                                   and c.email = b2.em::extensions.citext and (b2.wa is null or c.whatsapp is null)
           where b2.match_id is null and b2.em is not null
           order by b2.row_number, c.created_at, c.id) m
   where b.row_number = m.row_number;
  end if;
  -- Two rows of one batch reaching the same customer (one by WhatsApp, one by email): the first wins.
  update import_batch b set dup = true
    from (select row_number, row_number() over (partition by match_id order by row_number) as n
            from import_batch where match_id is not null) d
   where d.row_number = b.row_number and d.n > 1;

  -- New customers (per-row triggers off), with their audit rows and 'created' events in the
  -- same statement: the audit row is built from the RETURNING row (the stored row, after the
  -- BEFORE trigger), so no second lookup of each new customer.
  select * into v_actor from private.audit_actor(v_import.business_id);
  perform set_config('sma.bulk_import', 'on', true);
  with ins as (
    insert into public.customers (id, business_id, name, whatsapp, phone, email, address, city, created_by, updated_by)
    select b.new_id, v_import.business_id, b.parsed ->> 'name', b.wa, b.parsed ->> 'phone', b.em,
           b.parsed ->> 'address', b.parsed ->> 'city', v_import.created_by, v_import.created_by
      from import_batch b
     where b.match_id is null
     order by b.row_number
    on conflict (business_id, whatsapp) where whatsapp is not null and deleted_at is null do nothing
    returning *
  ), aud as (
    insert into public.audit_log (business_id, table_name, record_id, action, actor_id, actor_role, before, after)
    select ins.business_id, 'customers', ins.id::text, 'insert', v_actor.actor_id, v_actor.actor_role, null,
           to_jsonb(ins) - private.audit_redacted_columns()
      from ins
  ), act as (
    insert into public.customer_activities (business_id, customer_id, kind, title, metadata, actor_id)
    select v_import.business_id, b.new_id, 'created', left(ins.name, 200),
           jsonb_build_object('import_id', p_import_id, 'row', b.row_number), v_import.created_by
      from ins join import_batch b on b.new_id = ins.id
  )
  update import_batch b set inserted = true from ins where ins.id = b.new_id;
  perform set_config('sma.bulk_import', 'off', true);

  -- Existing customers, by the owner's choice (skip changes nothing).
  if v_import.duplicate_strategy = 'fill_empty' then
    update public.customers c
       set whatsapp = coalesce(c.whatsapp, b.wa),
           phone = coalesce(c.phone, b.parsed ->> 'phone'),
           email = coalesce(c.email, b.em::extensions.citext),
           address = coalesce(c.address, b.parsed ->> 'address'),
           city = coalesce(c.city, b.parsed ->> 'city')
      from import_batch b
     where c.id = b.match_id and not b.dup;
  elsif v_import.duplicate_strategy = 'overwrite' then
    -- Fields the file fills replace the stored ones; an empty cell never erases data.
    update public.customers c
       set name = coalesce(b.parsed ->> 'name', c.name),
           whatsapp = coalesce(b.wa, c.whatsapp),
           phone = coalesce(b.parsed ->> 'phone', c.phone),
           email = coalesce(b.em::extensions.citext, c.email),
           address = coalesce(b.parsed ->> 'address', c.address),
           city = coalesce(b.parsed ->> 'city', c.city)
      from import_batch b
     where c.id = b.match_id and not b.dup;
  end if;

  -- Tags on new and updated customers (created when missing, case-insensitive names).
  if v_import.duplicate_strategy <> 'skip' or exists (select 1 from import_batch where inserted) then
    insert into public.tags (business_id, name)
    select distinct v_import.business_id, btrim(t.name)
      from import_batch b
      cross join lateral jsonb_array_elements_text(coalesce(b.parsed -> 'tags', '[]'::jsonb)) t(name)
     where (b.inserted or (b.match_id is not null and not b.dup and v_import.duplicate_strategy <> 'skip'))
    on conflict (business_id, name) do nothing;
    insert into public.customer_tags (business_id, customer_id, tag_id)
    select distinct v_import.business_id, coalesce(b.match_id, b.new_id), tg.id
      from import_batch b
      cross join lateral jsonb_array_elements_text(coalesce(b.parsed -> 'tags', '[]'::jsonb)) t(name)
      join public.tags tg on tg.business_id = v_import.business_id and tg.name = btrim(t.name)::extensions.citext
     where (b.inserted or (b.match_id is not null and not b.dup and v_import.duplicate_strategy <> 'skip'))
    on conflict (customer_id, tag_id) do nothing;
  end if;

  -- Opening balance (Saldo) of new customers: a carry_over ledger entry, like record_ledger_entry.
  insert into public.customer_ledger (business_id, customer_id, entry_type, amount, description, previous_balance, new_balance, actor_id)
  select v_import.business_id, b.new_id, 'carry_over', (b.parsed ->> 'balance')::numeric, 'Saldo awal dari impor',
         0, (b.parsed ->> 'balance')::numeric, v_import.created_by
    from import_batch b
   where b.inserted and coalesce((b.parsed ->> 'balance')::numeric, 0) <> 0;
  perform set_config('sma.ledger_write', 'on', true);
  update public.customers c set balance = (b.parsed ->> 'balance')::numeric
    from import_batch b
   where c.id = b.new_id and b.inserted and coalesce((b.parsed ->> 'balance')::numeric, 0) <> 0;
  perform set_config('sma.ledger_write', 'off', true);

  -- Rows: final status (a row that lost an insert race stays 'valid' for the next call).
  update public.import_rows r
     set status = case
           when b.inserted then 'imported'
           when b.dup then 'duplicate'
           when v_import.duplicate_strategy = 'skip' then 'skipped'
           else 'updated' end::public.import_row_status,
         errors = case when b.dup then jsonb_build_array(jsonb_build_object('field', 'whatsapp', 'key', 'duplicateInFile'))
                       else r.errors end,
         target_id = coalesce(b.match_id, b.new_id)
    from import_batch b
   where r.import_id = p_import_id and r.row_number = b.row_number
     and (b.inserted or b.match_id is not null);

  update public.imports i
     set imported_rows = i.imported_rows + s.imported,
         updated_rows = i.updated_rows + s.updated,
         skipped_rows = i.skipped_rows + s.skipped,
         duplicate_rows = i.duplicate_rows + s.dup,
         processed_rows = i.processed_rows + s.imported + s.updated + s.skipped + s.dup
    from (select count(*) filter (where inserted) as imported,
                 count(*) filter (where match_id is not null and not dup and v_import.duplicate_strategy <> 'skip') as updated,
                 count(*) filter (where match_id is not null and not dup and v_import.duplicate_strategy = 'skip') as skipped,
                 count(*) filter (where match_id is not null and dup) as dup
            from import_batch) s
   where i.id = p_import_id;
  return v_taken;
end $$;

create or replace function private.import_apply_transactions(p_import_id uuid, p_limit integer)
returns integer
language plpgsql set search_path = '' as $$
declare
  v_import public.imports;
  v_taken integer;
  v_actor record;
begin
  perform pg_advisory_xact_lock(hashtextextended(p_import_id::text, 0));
  select * into v_import from public.imports where id = p_import_id;
  if not found or v_import.kind <> 'transactions' then
    raise exception 'transactions import % not found', p_import_id using errcode = 'P0002', hint = 'import_not_found';
  end if;
  perform set_config('sma.audit_actor_id', coalesce(v_import.created_by::text, ''), true);

  create temp table import_batch on commit drop as
    select r.row_number, r.parsed,
           r.parsed ->> 'whatsapp' as wa, lower(r.parsed ->> 'email') as em,
           lower(btrim(r.parsed ->> 'name')) as nm,
           null::uuid as customer_id, false as ambiguous, gen_random_uuid() as new_id
    from public.import_rows r
    where r.import_id = p_import_id and r.status = 'valid'
    order by r.row_number
    limit p_limit;
  get diagnostics v_taken = row_count;
  if v_taken = 0 then
    return 0;
  end if;
  analyze import_batch;

  update import_batch b set customer_id = (
      select c.id from public.customers c
       where c.business_id = v_import.business_id and c.whatsapp = b.wa and c.deleted_at is null)
   where b.wa is not null;
  if exists (select 1 from import_batch where customer_id is null and em is not null) then
  update import_batch b set customer_id = m.id
    from (select distinct on (b2.row_number) b2.row_number, c.id
            from import_batch b2
            join public.customers c on c.business_id = v_import.business_id and c.deleted_at is null
                                   and c.email = b2.em::extensions.citext
           where b2.customer_id is null and b2.em is not null
           order by b2.row_number, c.created_at, c.id) m
   where b.row_number = m.row_number;
  end if;
  if exists (select 1 from import_batch where customer_id is null and nm is not null) then
  update import_batch b set customer_id = m.id, ambiguous = m.n > 1
    from (select b2.row_number, min(c.id::text)::uuid as id, count(*) as n
            from import_batch b2
            join public.customers c on c.business_id = v_import.business_id and c.deleted_at is null
                                   and lower(c.name) = b2.nm
           where b2.customer_id is null and b2.nm is not null
           group by b2.row_number) m
   where b.row_number = m.row_number;
  update import_batch set customer_id = null where ambiguous;
  end if;

  -- Customers come from the join above, filtered by the import's business: the same-business
  -- triggers have nothing to add, and with them the per-row audit / timeline triggers are off.
  -- The audit rows (what the per-row trigger would have written) are built from the RETURNING
  -- rows in the same statements, without looking each new row up again. (The timeline gets
  -- one event per customer per import at the end, private.import_finish: a per-sale event
  -- stamped "now" for years of imported history would bury the timeline.)
  select * into v_actor from private.audit_actor(v_import.business_id);
  perform set_config('sma.bulk_import', 'on', true);
  with ins as (
    insert into public.transactions (id, business_id, customer_id, transaction_date, amount, notes, created_by, updated_by)
    select b.new_id, v_import.business_id, b.customer_id, (b.parsed ->> 'date')::date, (b.parsed ->> 'amount')::numeric,
           nullif(b.parsed ->> 'notes', ''), v_import.created_by, v_import.created_by
      from import_batch b
     where b.customer_id is not null
     order by b.row_number
    returning *
  )
  insert into public.audit_log (business_id, table_name, record_id, action, actor_id, actor_role, before, after)
  select ins.business_id, 'transactions', ins.id::text, 'insert', v_actor.actor_id, v_actor.actor_role, null,
         to_jsonb(ins) - private.audit_redacted_columns()
    from ins;
  -- The product becomes the sale's one line (quantity 1 at the full amount), as in the sale form.
  with ins as (
    insert into public.transaction_items (business_id, transaction_id, position, name, quantity, unit_price)
    select v_import.business_id, b.new_id, 1, b.parsed ->> 'product', 1, (b.parsed ->> 'amount')::numeric
      from import_batch b
     where b.customer_id is not null and nullif(b.parsed ->> 'product', '') is not null
    returning *
  )
  insert into public.audit_log (business_id, table_name, record_id, action, actor_id, actor_role, before, after)
  select ins.business_id, 'transaction_items', ins.id::text, 'insert', v_actor.actor_id, v_actor.actor_role, null,
         to_jsonb(ins) - private.audit_redacted_columns()
    from ins;
  perform set_config('sma.bulk_import', 'off', true);

  update public.import_rows r
     set status = case when b.customer_id is not null then 'imported' else 'error' end::public.import_row_status,
         errors = case when b.customer_id is not null then r.errors
                       else jsonb_build_array(jsonb_build_object('field', 'customer',
                              'key', case when b.ambiguous then 'customerAmbiguous' else 'customerNotFound' end)) end,
         target_id = case when b.customer_id is not null then b.new_id end
    from import_batch b
   where r.import_id = p_import_id and r.row_number = b.row_number;

  update public.imports i
     set imported_rows = i.imported_rows + s.imported,
         error_rows = i.error_rows + s.failed,
         processed_rows = i.processed_rows + s.imported + s.failed
    from (select count(*) filter (where customer_id is not null) as imported,
                 count(*) filter (where customer_id is null) as failed
            from import_batch) s
   where i.id = p_import_id;
  return v_taken;
end $$;

