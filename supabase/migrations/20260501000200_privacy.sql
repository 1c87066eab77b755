-- Per-customer privacy actions (issue 4, item 9; document 003 §11), each ONE atomic,
-- security definer function with its role check and stable error keys in HINT:
--
--   public.privacy_export_customer(business, customer)            admin+  everything about one customer as JSON
--   public.anonymise_customer(business, customer)                  admin+  personal data replaced, figures kept
--   public.privacy_delete_customer(business, customer, name)       owner   hard delete, cascades
--
-- The audit trail: private.audit_row_change() copies whole rows into audit_log.before/after,
-- so the customer's older rows (and the rows the anonymise / delete statements themselves
-- write) hold the personal data being erased. Both actions therefore SCRUB, in the same
-- transaction, every audit_log row about the customer and its child rows (contacts, notes,
-- documents, ledger, tag links, transactions, transaction items): the personal keys are removed
-- from before/after and "privacy_scrubbed" is added; who / when / which table / which id /
-- amounts stay. Then one audit row of their own is written (action privacy_anonymise /
-- privacy_delete / privacy_export) holding only ids and counts.
--
-- Errors (HINT): unauthenticated / forbidden (42501), customer_not_found (P0002; also another
-- business's customer), customer_already_anonymised (P0001), confirm_name_mismatch (22023),
-- customer_referenced (23503, a row of another feature still points at the customer).

-- ---------------------------------------------------------------------------------------
-- Anonymised customers: marked by the database, allowed to have no way to reach them.
-- ---------------------------------------------------------------------------------------
alter table public.customers add column anonymised_at timestamptz;
comment on column public.customers.anonymised_at is
  'Set by anonymise_customer(): the personal fields were replaced; transactions and ledger amounts kept. Clients cannot write it (no column grant).';

-- DOMAIN.md asks for a name plus one way to reach a customer; an anonymised customer has none.
alter table public.customers drop constraint customers_contact_required;
alter table public.customers add constraint customers_contact_required
  check (anonymised_at is not null or whatsapp is not null or phone is not null or email is not null);

-- ---------------------------------------------------------------------------------------
-- Helpers
-- ---------------------------------------------------------------------------------------
-- The keys of audited rows that can hold personal data (free text, identity, contact, files).
create function private.privacy_personal_keys()
returns text[]
language sql immutable parallel safe
set search_path = ''
as $$
  select array[
    'name', 'whatsapp', 'phone', 'email', 'address', 'city', 'metadata', 'deleted_reason',
    'body', 'title', 'description', 'reference', 'notes', 'relation', 'storage_path', 'void_reason'
  ]
$$;

create function private.privacy_scrub_json(p_row jsonb, p_mode text)
returns jsonb
language sql immutable
set search_path = ''
as $$
  select case when p_row is null then null
              else (p_row - private.privacy_personal_keys()) || jsonb_build_object('privacy_scrubbed', p_mode) end
$$;

-- Every (table, id) of rows that belong to the customer, for the audit scrub. Collected
-- before anything is deleted; the customer row itself comes first.
create function private.privacy_customer_rows(p_business_id uuid, p_customer_id uuid)
returns table (table_name text, record_id text)
language sql stable
set search_path = ''
as $$
  select 'customers', p_customer_id::text
  union all select 'customer_contacts', x.id::text from public.customer_contacts x where x.business_id = p_business_id and x.customer_id = p_customer_id
  union all select 'customer_notes', x.id::text from public.customer_notes x where x.business_id = p_business_id and x.customer_id = p_customer_id
  union all select 'customer_documents', x.id::text from public.customer_documents x where x.business_id = p_business_id and x.customer_id = p_customer_id
  union all select 'customer_ledger', x.id::text from public.customer_ledger x where x.business_id = p_business_id and x.customer_id = p_customer_id
  union all select 'customer_tags', x.id::text from public.customer_tags x where x.business_id = p_business_id and x.customer_id = p_customer_id
  union all select 'transactions', x.id::text from public.transactions x where x.business_id = p_business_id and x.customer_id = p_customer_id
  union all select 'transaction_items', i.id::text
    from public.transactions x join public.transaction_items i on i.transaction_id = x.id
   where x.business_id = p_business_id and x.customer_id = p_customer_id
$$;

-- Scrubs the audit rows of the given rows (uses audit_log_record_idx on (table_name, record_id)).
create function private.privacy_scrub_audit(p_business_id uuid, p_tables text[], p_ids text[], p_mode text)
returns integer
language plpgsql
set search_path = ''
as $$
declare
  v_count integer;
begin
  update public.audit_log a
     set before = private.privacy_scrub_json(a.before, p_mode),
         after = private.privacy_scrub_json(a.after, p_mode)
    from unnest(p_tables, p_ids) as r(table_name, record_id)
   where a.table_name = r.table_name and a.record_id = r.record_id
     and a.business_id = p_business_id;
  get diagnostics v_count = row_count;
  return v_count;
end
$$;

-- Import staging rows (the imports feature) keep each file row's raw cells; rows that created
-- or updated this customer or one of their sales point at it with target_id. Cleared here when
-- that table exists (a sequential pass over the business's staged rows: privacy actions are rare).
create function private.privacy_scrub_imports(p_business_id uuid, p_target_ids uuid[])
returns integer
language plpgsql
set search_path = ''
as $$
declare
  v_count integer := 0;
begin
  if to_regclass('public.import_rows') is null or cardinality(p_target_ids) = 0 then
    return 0;
  end if;
  execute 'update public.import_rows r set raw = ''[]''::jsonb, parsed = null
            where r.business_id = $1 and r.target_id = any($2)'
    using p_business_id, p_target_ids;
  get diagnostics v_count = row_count;
  return v_count;
end
$$;

-- Loads the customer for a privacy action with the role check; raises the stable errors.
create function private.privacy_customer(p_business_id uuid, p_customer_id uuid, p_min_role public.business_role)
returns public.customers
language plpgsql
set search_path = ''
as $$
declare
  v_customer public.customers;
begin
  if auth.uid() is null then
    raise exception 'not signed in' using errcode = '42501', hint = 'unauthenticated';
  end if;
  if p_business_id is null or not public.has_role_on_business(p_business_id, p_min_role) then
    raise exception 'role % required', p_min_role using errcode = '42501', hint = 'forbidden';
  end if;
  select * into v_customer from public.customers c
   where c.id = p_customer_id and c.business_id = p_business_id
     for update;
  if not found then
    raise exception 'customer not found' using errcode = 'P0002', hint = 'customer_not_found';
  end if;
  return v_customer;
end
$$;

-- ---------------------------------------------------------------------------------------
-- Export everything about one customer (admin+; the export itself is audited, ids only)
-- ---------------------------------------------------------------------------------------
create function public.privacy_export_customer(p_business_id uuid, p_customer_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_customer public.customers;
  v_data jsonb;
  v_rfm jsonb := null;
begin
  v_customer := private.privacy_customer(p_business_id, p_customer_id, 'admin');

  -- RFM tables belong to the RFM feature: read them only when they exist.
  if to_regclass('public.rfm_results') is not null and to_regclass('public.customer_rfm') is not null then
    execute $q$
      select jsonb_build_object(
        'current', (select to_jsonb(r) from public.customer_rfm r where r.business_id = $1 and r.customer_id = $2),
        'history', coalesce((select jsonb_agg(to_jsonb(r) - 'business_id' order by r.run_id)
                               from public.rfm_results r where r.business_id = $1 and r.customer_id = $2), '[]'::jsonb))
    $q$ into v_rfm using p_business_id, p_customer_id;
  end if;

  v_data := jsonb_build_object(
    'format', 'sma.customer-export.v1',
    'exportedAt', now(),
    'customer', to_jsonb(v_customer),
    'tags', coalesce((select jsonb_agg(jsonb_build_object('name', t.name, 'color', t.color, 'addedAt', ct.created_at) order by t.name)
                        from public.customer_tags ct join public.tags t on t.id = ct.tag_id
                       where ct.business_id = p_business_id and ct.customer_id = p_customer_id), '[]'::jsonb),
    'contacts', coalesce((select jsonb_agg(to_jsonb(x) order by x.created_at)
                            from public.customer_contacts x where x.business_id = p_business_id and x.customer_id = p_customer_id), '[]'::jsonb),
    'notes', coalesce((select jsonb_agg(to_jsonb(x) order by x.created_at)
                         from public.customer_notes x where x.business_id = p_business_id and x.customer_id = p_customer_id), '[]'::jsonb),
    'activities', coalesce((select jsonb_agg(to_jsonb(x) order by x.occurred_at, x.id)
                              from public.customer_activities x where x.business_id = p_business_id and x.customer_id = p_customer_id), '[]'::jsonb),
    'ledger', coalesce((select jsonb_agg(to_jsonb(x) order by x.created_at, x.id)
                          from public.customer_ledger x where x.business_id = p_business_id and x.customer_id = p_customer_id), '[]'::jsonb),
    'transactions', coalesce((select jsonb_agg(to_jsonb(x) || jsonb_build_object('items',
                                 coalesce((select jsonb_agg(to_jsonb(i) - 'business_id' order by i.position)
                                             from public.transaction_items i where i.transaction_id = x.id), '[]'::jsonb))
                               order by x.transaction_date, x.created_at)
                                from public.transactions x where x.business_id = p_business_id and x.customer_id = p_customer_id), '[]'::jsonb),
    -- Metadata only: the files themselves stay in Storage (the app can sign URLs for them).
    'documents', coalesce((select jsonb_agg(to_jsonb(x) order by x.created_at)
                             from public.customer_documents x where x.business_id = p_business_id and x.customer_id = p_customer_id), '[]'::jsonb),
    'stats', (select to_jsonb(s) from public.customer_stats s where s.business_id = p_business_id and s.customer_id = p_customer_id),
    'rfm', v_rfm
  );

  perform private.audit_access('privacy_export', 'customers', p_business_id, p_customer_id::text,
    jsonb_build_object('transactions', jsonb_array_length(v_data -> 'transactions'),
                       'notes', jsonb_array_length(v_data -> 'notes'),
                       'documents', jsonb_array_length(v_data -> 'documents')));
  return v_data;
end
$$;
comment on function public.privacy_export_customer(uuid, uuid) is
  'Admin+: everything the business holds about one customer (profile, tags, contacts, notes, activities, ledger, transactions + items, document metadata, stats, RFM rows) as one JSON document. Audited as privacy_export (counts only).';

-- ---------------------------------------------------------------------------------------
-- Anonymise (admin+): personal data replaced; transactions, ledger amounts, stats, RFM kept
-- ---------------------------------------------------------------------------------------
create function public.anonymise_customer(p_business_id uuid, p_customer_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_customer public.customers;
  v_anon text;
  v_tables text[];
  v_ids text[];
  v_paths text[];
  v_contacts integer;
  v_notes integer;
  v_documents integer;
  v_scrubbed integer;
begin
  v_customer := private.privacy_customer(p_business_id, p_customer_id, 'admin');
  if v_customer.anonymised_at is not null then
    raise exception 'customer already anonymised' using errcode = 'P0001', hint = 'customer_already_anonymised';
  end if;
  -- A short, stable, non-personal label: the first 8 hex digits of the id.
  v_anon := 'Pelanggan Anonim ' || upper(left(replace(p_customer_id::text, '-', ''), 8));

  select array_agg(r.table_name), array_agg(r.record_id) into v_tables, v_ids
    from private.privacy_customer_rows(p_business_id, p_customer_id) r;
  select coalesce(array_agg(d.storage_path order by d.storage_path), '{}') into v_paths
    from public.customer_documents d where d.business_id = p_business_id and d.customer_id = p_customer_id;

  -- Free text and files about the person go; their timeline entries go with the notes (trigger).
  delete from public.customer_documents d where d.business_id = p_business_id and d.customer_id = p_customer_id;
  get diagnostics v_documents = row_count;
  delete from public.customer_notes n where n.business_id = p_business_id and n.customer_id = p_customer_id;
  get diagnostics v_notes = row_count;
  delete from public.customer_contacts x where x.business_id = p_business_id and x.customer_id = p_customer_id;
  get diagnostics v_contacts = row_count;

  update public.customers c
     set name = v_anon, whatsapp = null, phone = null, email = null, address = null, city = null,
         metadata = '{}'::jsonb, deleted_reason = null, status = 'inactive', anonymised_at = now()
   where c.id = p_customer_id;

  -- Timeline: keep what happened and when (sales, balance moves), drop what was said.
  update public.customer_activities a
     set title = case when a.kind in ('created', 'updated', 'restored') then v_anon end,
         body = null,
         metadata = case when a.kind in ('call', 'email', 'meeting', 'note', 'booking') then '{}'::jsonb
                         else a.metadata - private.privacy_personal_keys() end
   where a.business_id = p_business_id and a.customer_id = p_customer_id;

  -- Figures stay; the free text on them may name the person.
  update public.transactions t set notes = null
   where t.business_id = p_business_id and t.customer_id = p_customer_id and t.notes is not null;
  update public.customer_ledger l set description = '(dianonimkan)', reference = null
   where l.business_id = p_business_id and l.customer_id = p_customer_id;

  -- Stored API answers (24 h) that carry this customer.
  delete from public.idempotency_keys k where k.response::text like '%' || p_customer_id::text || '%';

  perform private.privacy_scrub_imports(p_business_id, array(
    select r.record_id::uuid from unnest(v_tables, v_ids) as r(table_name, record_id) where r.table_name in ('customers', 'transactions')));
  v_scrubbed := private.privacy_scrub_audit(p_business_id, v_tables, v_ids, 'anonymised');
  perform private.audit_access('privacy_anonymise', 'customers', p_business_id, p_customer_id::text,
    jsonb_build_object('contacts_removed', v_contacts, 'notes_removed', v_notes, 'documents_removed', v_documents,
                       'audit_rows_scrubbed', v_scrubbed));
  return jsonb_build_object('id', p_customer_id, 'name', v_anon, 'storagePaths', to_jsonb(v_paths));
end
$$;
comment on function public.anonymise_customer(uuid, uuid) is
  'Admin+: replaces the personal data of one customer (name -> "Pelanggan Anonim <id8>", contact fields null, contacts/notes/documents removed, free text scrubbed, audit rows scrubbed); transactions, ledger amounts, stats and RFM stay. Returns the storage paths the app must remove. Audited as privacy_anonymise.';

-- ---------------------------------------------------------------------------------------
-- Hard delete (owner only, typed name): cascades; the trail keeps ids and counts only
-- ---------------------------------------------------------------------------------------
create function public.privacy_delete_customer(p_business_id uuid, p_customer_id uuid, p_confirm_name text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_customer public.customers;
  v_tables text[];
  v_ids text[];
  v_paths text[];
  v_transactions integer;
  v_scrubbed integer;
begin
  v_customer := private.privacy_customer(p_business_id, p_customer_id, 'owner');
  if p_confirm_name is null or btrim(p_confirm_name) <> v_customer.name then
    raise exception 'the typed name does not match' using errcode = '22023', hint = 'confirm_name_mismatch';
  end if;

  select array_agg(r.table_name), array_agg(r.record_id) into v_tables, v_ids
    from private.privacy_customer_rows(p_business_id, p_customer_id) r;
  select coalesce(array_agg(d.storage_path order by d.storage_path), '{}') into v_paths
    from public.customer_documents d where d.business_id = p_business_id and d.customer_id = p_customer_id;
  select count(*) into v_transactions from public.transactions t
   where t.business_id = p_business_id and t.customer_id = p_customer_id;

  begin
    -- Every child table references the customer with on delete cascade.
    delete from public.customers c where c.id = p_customer_id and c.business_id = p_business_id;
  exception when foreign_key_violation then
    raise exception 'another record still refers to this customer' using errcode = '23503', hint = 'customer_referenced';
  end;

  delete from public.idempotency_keys k where k.response::text like '%' || p_customer_id::text || '%';

  -- Includes the delete rows the cascade just wrote (their "before" holds the whole row).
  perform private.privacy_scrub_imports(p_business_id, array(
    select r.record_id::uuid from unnest(v_tables, v_ids) as r(table_name, record_id) where r.table_name in ('customers', 'transactions')));
  v_scrubbed := private.privacy_scrub_audit(p_business_id, v_tables, v_ids, 'deleted');
  perform private.audit_access('privacy_delete', 'customers', p_business_id, p_customer_id::text,
    jsonb_build_object('transactions_deleted', v_transactions, 'documents_deleted', cardinality(v_paths),
                       'audit_rows_scrubbed', v_scrubbed, 'was_anonymised', v_customer.anonymised_at is not null));
  return jsonb_build_object('id', p_customer_id, 'deleted', true, 'storagePaths', to_jsonb(v_paths));
end
$$;
comment on function public.privacy_delete_customer(uuid, uuid, text) is
  'Owner only, with the customer name typed exactly: deletes the customer and everything that cascades from it (transactions, ledger, notes, contacts, documents, tags, stats, RFM rows), scrubs the personal data out of their audit rows and writes one privacy_delete audit row (ids and counts). Returns the storage paths the app must remove.';

-- ---------------------------------------------------------------------------------------
-- Privileges
-- ---------------------------------------------------------------------------------------
revoke all on function private.privacy_personal_keys() from public;
revoke all on function private.privacy_scrub_json(jsonb, text) from public;
revoke all on function private.privacy_customer_rows(uuid, uuid) from public;
revoke all on function private.privacy_scrub_audit(uuid, text[], text[], text) from public;
revoke all on function private.privacy_customer(uuid, uuid, public.business_role) from public;
revoke all on function private.privacy_scrub_imports(uuid, uuid[]) from public;

revoke all on function public.privacy_export_customer(uuid, uuid) from public, anon, service_role;
revoke all on function public.anonymise_customer(uuid, uuid) from public, anon, service_role;
revoke all on function public.privacy_delete_customer(uuid, uuid, text) from public, anon, service_role;
grant execute on function public.privacy_export_customer(uuid, uuid) to authenticated;
grant execute on function public.anonymise_customer(uuid, uuid) to authenticated;
grant execute on function public.privacy_delete_customer(uuid, uuid, text) to authenticated;
