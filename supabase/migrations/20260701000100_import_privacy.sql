-- Hard delete and imports (issue 4, docs/privacy.md "Imports"): a permanently deleted customer
-- leaves nothing in the import staging rows or the uploaded files.
--
--   * private.privacy_purge_imports deletes the staged rows that created, updated, skipped or
--     sold to the customer (target_id = the customer or one of their sales) and the rows that
--     name them by contact without having reached them (errors and in-file duplicates with
--     the same WhatsApp, as typed or normalised, or the same email; in imports still waiting
--     for their mapping, any cell with that number or email). It returns the storage
--     paths of the imports those rows came from: the uploaded file holds the same rows.
--   * public.privacy_delete_customer (same signature, same checks and audit) now calls it and
--     returns the paths as importPaths; the app removes them from the import-files bucket
--     after the commit (the privacy.remove_files job retries a failed removal).
--
-- The imports.process job removes each import's file once the import is finished, so normally
-- importPaths names files that are already gone; it matters for imports not yet finished and
-- for files uploaded before that rule.

-- Digits of a phone number as owners type it, Indonesian style: 0812... -> 62812...
create function private.import_phone_digits(p_value text)
returns text
language sql
immutable
set search_path = ''
as $$
  select case
    when d = '' then null
    when d like '0%' then '62' || substr(d, 2)
    else d
  end
  from (select regexp_replace(coalesce(p_value, ''), '\D', '', 'g') as d) x
$$;

-- Whether a staged import row belongs to or names a customer: it created, updated, skipped into
-- or sold to them (target_id), or it carries their WhatsApp (as typed or normalised) or email
-- in its validated values (errors, in-file duplicates), or, while its import waits for the
-- mapping, in any cell. One rule for hard delete (rows deleted) and anonymise (rows blanked).
create function private.import_row_names_customer(p_target_id uuid, p_parsed jsonb, p_raw jsonb, p_status text,
                                                  p_target_ids uuid[], p_wa_digits text, p_email text)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select p_target_id = any(coalesce(p_target_ids, '{}'))
      -- Validated rows (any status) keep the mapped WhatsApp / email in parsed, as typed when
      -- the row failed, normalised when it passed.
      or (p_wa_digits is not null and private.import_phone_digits(p_parsed ->> 'whatsapp') = p_wa_digits)
      or (coalesce(p_email, '') <> '' and lower(btrim(p_parsed ->> 'email')) = p_email)
      -- Rows of an import still waiting for its mapping have only their cells.
      or (p_status = 'pending' and exists (
            select 1 from jsonb_array_elements_text(p_raw) c(cell)
             where (p_wa_digits is not null and private.import_phone_digits(c.cell) = p_wa_digits)
                or (coalesce(p_email, '') <> '' and lower(btrim(c.cell)) = p_email)))
$$;
revoke all on function private.import_row_names_customer(uuid, jsonb, jsonb, text, uuid[], text, text) from public;

create function private.privacy_purge_imports(p_business_id uuid, p_target_ids uuid[], p_whatsapp text, p_email text)
returns text[]
language plpgsql
set search_path = ''
as $$
declare
  v_wa text := private.import_phone_digits(p_whatsapp);
  v_email text := coalesce(lower(btrim(p_email)), '');
  v_paths text[];
begin
  if to_regclass('public.import_rows') is null then
    return '{}';
  end if;
  with gone as (
    delete from public.import_rows r
     where r.business_id = p_business_id
       and private.import_row_names_customer(r.target_id, r.parsed, r.raw, r.status::text, p_target_ids, v_wa, v_email)
    returning r.import_id
  )
  select coalesce(array_agg(i.storage_path order by i.storage_path), '{}') into v_paths
    from public.imports i
   where i.id in (select distinct g.import_id from gone g);
  return v_paths;
end
$$;
comment on function private.privacy_purge_imports(uuid, uuid[], text, text) is
  'Hard delete: deletes the import staging rows of a customer (target_id) and those naming them by WhatsApp / email; returns the storage paths of the imports they came from.';
revoke all on function private.privacy_purge_imports(uuid, uuid[], text, text) from public;
revoke all on function private.import_phone_digits(text) from public;

create or replace function public.privacy_delete_customer(p_business_id uuid, p_customer_id uuid, p_confirm_name text)
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
  v_import_paths text[];
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

  -- Staged import rows of the customer (and their contact details typed in other rows) go.
  v_import_paths := private.privacy_purge_imports(p_business_id, array(
    select r.record_id::uuid from unnest(v_tables, v_ids) as r(table_name, record_id) where r.table_name in ('customers', 'transactions')),
    v_customer.whatsapp, v_customer.email::text);
  -- Includes the delete rows the cascade just wrote (their "before" holds the whole row).
  v_scrubbed := private.privacy_scrub_audit(p_business_id, v_tables, v_ids, 'deleted');
  perform private.audit_access('privacy_delete', 'customers', p_business_id, p_customer_id::text,
    jsonb_build_object('transactions_deleted', v_transactions, 'documents_deleted', cardinality(v_paths),
                       'audit_rows_scrubbed', v_scrubbed, 'was_anonymised', v_customer.anonymised_at is not null,
                       'import_files', cardinality(v_import_paths)));
  return jsonb_build_object('id', p_customer_id, 'deleted', true, 'storagePaths', to_jsonb(v_paths),
                            'importPaths', to_jsonb(v_import_paths));
end
$$;
comment on function public.privacy_delete_customer(uuid, uuid, text) is
  'Owner only, with the customer name typed exactly: deletes the customer and everything that cascades from it (transactions, ledger, notes, contacts, documents, tags, stats, RFM rows) and their import staging rows, scrubs the personal data out of their audit rows and writes one privacy_delete audit row (ids and counts). Returns the document paths (storagePaths) and import file paths (importPaths) the app must remove.';


-- Anonymise and imports: the rows that name the customer by contact (errors, in-file
-- duplicates, imports waiting for their mapping) are blanked too, not only those that reached
-- them (the two-argument scrub of 20260501000200 looked at target_id alone).
create function private.privacy_scrub_imports(p_business_id uuid, p_target_ids uuid[], p_whatsapp text, p_email text)
returns integer
language plpgsql
set search_path = ''
as $$
declare
  v_count integer := 0;
begin
  update public.import_rows r set raw = '[]'::jsonb, parsed = null
   where r.business_id = p_business_id
     and private.import_row_names_customer(r.target_id, r.parsed, r.raw, r.status::text, p_target_ids,
                                           private.import_phone_digits(p_whatsapp), coalesce(lower(btrim(p_email)), ''));
  get diagnostics v_count = row_count;
  return v_count;
end
$$;
comment on function private.privacy_scrub_imports(uuid, uuid[], text, text) is
  'Anonymise: blanks the raw cells and parsed values of the import staging rows of a customer (target_id) and of those naming them by WhatsApp / email.';
revoke all on function private.privacy_scrub_imports(uuid, uuid[], text, text) from public;

create or replace function public.anonymise_customer(p_business_id uuid, p_customer_id uuid)
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

  -- Their staged import rows, and the rows naming them by WhatsApp or email, keep no cells.
  perform private.privacy_scrub_imports(p_business_id, array(
    select r.record_id::uuid from unnest(v_tables, v_ids) as r(table_name, record_id) where r.table_name in ('customers', 'transactions')),
    v_customer.whatsapp, v_customer.email::text);
  v_scrubbed := private.privacy_scrub_audit(p_business_id, v_tables, v_ids, 'anonymised');
  perform private.audit_access('privacy_anonymise', 'customers', p_business_id, p_customer_id::text,
    jsonb_build_object('contacts_removed', v_contacts, 'notes_removed', v_notes, 'documents_removed', v_documents,
                       'audit_rows_scrubbed', v_scrubbed));
  return jsonb_build_object('id', p_customer_id, 'name', v_anon, 'storagePaths', to_jsonb(v_paths));
end
$$;

drop function private.privacy_scrub_imports(uuid, uuid[]);
