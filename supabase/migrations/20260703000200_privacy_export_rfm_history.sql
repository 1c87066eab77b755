-- The privacy export's RFM part after 20260702000100_rfm_current_view.sql: rfm_results lost its
-- (customer_id) index and its stored rfm_code, so a customer's history is read through the
-- business's kept runs (one primary-key probe each, as the customer's history card does) and
-- each entry carries its code (and its run's date) again. The RFM tables exist by now: the
-- to_regclass guard of 20260501000200 (written before the RFM schema landed) is gone.

create or replace function public.privacy_export_customer(p_business_id uuid, p_customer_id uuid)
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

  -- The customer's current RFM row and their row in every kept run (oldest first), each with
  -- its code: rfm_results has no customer index any more, so through the business's runs.
  select jsonb_build_object(
    'current', (select to_jsonb(r) from public.customer_rfm r where r.business_id = p_business_id and r.customer_id = p_customer_id),
    'history', coalesce((select jsonb_agg(to_jsonb(r) - 'business_id'
                                          || jsonb_build_object('analysis_date', u.analysis_date,
                                                                'rfm_code', private.rfm_code(r.r_score, r.f_score, r.m_score))
                                          order by u.analysis_date, u.id)
                           from public.rfm_runs u
                           join public.rfm_results r on r.run_id = u.id and r.customer_id = p_customer_id
                          where u.business_id = p_business_id), '[]'::jsonb))
    into v_rfm;

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
