-- Recording a sale in one database round trip (issue 3, "recording a transaction p95 < 100 ms").
--
-- The app used to call record_transaction and then read the saved row back (with its customer
-- and items) in a second request. record_transaction returns only the bare row, and PostgREST
-- cannot embed the items into an RPC's result: the embedding is part of the same statement, so
-- it reads with the statement's snapshot, taken before the function inserted the items.
-- public.record_transaction_detail does the same write (it calls record_transaction: same
-- checks, same HINT keys, same audit) and returns the saved sale in the shape the app's
-- transaction reads select (customer and items embedded), read inside the function where the
-- new rows are visible.

-- The saved sale as the app reads it (see SELECT in src/features/transactions/queries.ts).
create function private.transaction_detail_json(p_id uuid)
returns jsonb
language sql stable set search_path = '' as $$
  select jsonb_build_object(
    'id', t.id, 'business_id', t.business_id, 'customer_id', t.customer_id,
    'transaction_date', t.transaction_date, 'amount', t.amount, 'payment_method', t.payment_method,
    'notes', t.notes, 'status', t.status, 'voided_at', t.voided_at, 'void_reason', t.void_reason,
    'created_at', t.created_at, 'updated_at', t.updated_at,
    'customer', (select jsonb_build_object('id', c.id, 'name', c.name, 'whatsapp', c.whatsapp)
                   from public.customers c where c.id = t.customer_id),
    'items', coalesce((select jsonb_agg(jsonb_build_object(
                         'position', i.position, 'name', i.name, 'quantity', i.quantity,
                         'unit_price', i.unit_price, 'line_total', i.line_total) order by i.position)
                         from public.transaction_items i where i.transaction_id = t.id), '[]'::jsonb))
  from public.transactions t
  where t.id = p_id
$$;
revoke execute on function private.transaction_detail_json(uuid) from public;

create function public.record_transaction_detail(
  p_business_id uuid,
  p_customer_id uuid,
  p_date date,
  p_amount numeric,
  p_items jsonb default null,
  p_payment_method text default null,
  p_notes text default null
) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  v_row public.transactions;
begin
  -- record_transaction checks staff+ on the business and validates; its errors pass through.
  v_row := public.record_transaction(p_business_id, p_customer_id, p_date, p_amount, p_items, p_payment_method, p_notes);
  return private.transaction_detail_json(v_row.id);
end $$;
comment on function public.record_transaction_detail(uuid, uuid, date, numeric, jsonb, text, text) is
  'Staff+: record_transaction, returning the saved sale with its customer (id, name, whatsapp) and items, so the app needs no second request to read it back.';
revoke execute on function public.record_transaction_detail(uuid, uuid, date, numeric, jsonb, text, text) from public, anon;
grant execute on function public.record_transaction_detail(uuid, uuid, date, numeric, jsonb, text, text) to authenticated;
