-- Customer detail page: who may edit / delete a note, the timeline following a note's edits,
-- and lifetime figures computed live from transactions.
--
--   customer_notes update / delete   owner and admin: any note; staff: only the notes they wrote
--   customer_notes -> timeline       an edited note updates its timeline entry, a deleted note
--                                    removes it (the audit log keeps every version of the note)
--   customer_lifetime()              count / total / average / first / last purchase of one
--                                    customer from its completed transactions, read at once
--                                    (customer_stats is refreshed by a background job and may lag)

-- ---------------------------------------------------------------------------------------
-- Notes: owner / admin, or the author (still a staff member of the business)
-- ---------------------------------------------------------------------------------------
drop policy customer_notes_update on public.customer_notes;
drop policy customer_notes_delete on public.customer_notes;

create policy customer_notes_update on public.customer_notes for update to authenticated
  using (
    public.has_role_on_business(business_id, 'admin')
    or (created_by = (select auth.uid()) and public.has_role_on_business(business_id, 'staff'))
  )
  with check (
    public.has_role_on_business(business_id, 'admin')
    or (created_by = (select auth.uid()) and public.has_role_on_business(business_id, 'staff'))
  );
comment on policy customer_notes_update on public.customer_notes is
  'Owners and admins edit any note of their business; staff edit the notes they wrote.';

create policy customer_notes_delete on public.customer_notes for delete to authenticated
  using (
    public.has_role_on_business(business_id, 'admin')
    or (created_by = (select auth.uid()) and public.has_role_on_business(business_id, 'staff'))
  );
comment on policy customer_notes_delete on public.customer_notes is
  'Owners and admins delete any note of their business; staff delete the notes they wrote.';

-- The timeline entry a note wrote on insert follows the note: same text after an edit, gone
-- after a delete. The note's history stays in audit_log (audit_row_change on customer_notes).
create function private.customer_notes_sync_activity()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    delete from public.customer_activities a
     where a.business_id = old.business_id and a.customer_id = old.customer_id
       and a.kind = 'note' and a.metadata ->> 'note_id' = old.id::text;
    return null;
  end if;
  update public.customer_activities a
     set title = new.note_type::text,
         body = left(new.body, 5000),
         metadata = a.metadata || jsonb_build_object('note_type', new.note_type, 'is_internal', new.is_internal, 'edited_at', now())
   where a.business_id = new.business_id and a.customer_id = new.customer_id
     and a.kind = 'note' and a.metadata ->> 'note_id' = new.id::text;
  return null;
end
$$;
comment on function private.customer_notes_sync_activity() is
  'Keeps the timeline entry of a note in step with the note (edit: new text; delete: entry removed).';

create trigger customer_notes_sync_activity after update of note_type, body, is_internal or delete on public.customer_notes
  for each row execute function private.customer_notes_sync_activity();

revoke all on function private.customer_notes_sync_activity() from public;

-- ---------------------------------------------------------------------------------------
-- Live lifetime figures of one customer
-- ---------------------------------------------------------------------------------------
-- Security invoker: RLS on transactions applies, so a non-member (or another business's
-- customer id) reads zeros. Uses transactions_business_customer_date_idx.
create function public.customer_lifetime(p_business_id uuid, p_customer_id uuid)
returns table (
  transactions_count integer,
  total_spent numeric,
  average_order numeric,
  first_purchase_date date,
  last_purchase_date date
)
language sql
stable
security invoker
set search_path = ''
as $$
  select count(*)::integer,
         coalesce(sum(t.amount), 0)::numeric(15, 2),
         coalesce(round(sum(t.amount) / nullif(count(*), 0), 2), 0)::numeric(15, 2),
         min(t.transaction_date),
         max(t.transaction_date)
    from public.transactions t
   where t.business_id = p_business_id
     and t.customer_id = p_customer_id
     and t.status = 'completed'
$$;
comment on function public.customer_lifetime(uuid, uuid) is
  'Viewer+: one customer''s lifetime figures over completed transactions, computed now (same rules as refresh_customer_stats).';

revoke all on function public.customer_lifetime(uuid, uuid) from public, anon;
grant execute on function public.customer_lifetime(uuid, uuid) to authenticated, service_role;
