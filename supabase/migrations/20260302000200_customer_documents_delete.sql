-- Deleting a customer document from the UI (issue 3, small gap): owner / admin only.
--
-- The row's delete policy was staff+ (the generic child-table loop in
-- 20260201000100_customers.sql); deleting a contract or invoice is an admin decision, so the
-- row now needs admin+. The app deletes the row first (audited by audit_row_change with the
-- row as it was), then the Storage object. The object's own delete policy stays staff+: the
-- upload path removes its object again when recording the row fails.
drop policy customer_documents_delete on public.customer_documents;
create policy customer_documents_delete on public.customer_documents for delete to authenticated
  using (public.has_role_on_business(business_id, 'admin'));
