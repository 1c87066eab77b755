-- Customers, part 5 of 5: storage for customer documents.
--
--   bucket customer-documents      private, 10 MB, PDF / JPEG / PNG / WebP
--   storage.objects policies       keyed by the first folder = business id
--
-- The public.customer_documents rows (metadata, RLS) are in 20260201000100_customers.sql.

-- ---------------------------------------------------------------------------------------
-- Documents bucket (bytes in Storage under <business_id>/<customer_id>/<file>)
-- ---------------------------------------------------------------------------------------
insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values ('customer-documents', 'customer-documents', false, 10485760,
  array['application/pdf', 'image/jpeg', 'image/png', 'image/webp'])
on conflict (id) do nothing;

-- Objects are keyed by the first folder = business id (a folder that is not a uuid names no business).
create policy customer_documents_objects_select on storage.objects for select to authenticated
  using (bucket_id = 'customer-documents'
    and public.has_role_on_business(case when (storage.foldername(name))[1] ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$'
      then ((storage.foldername(name))[1])::uuid end, 'viewer'));
create policy customer_documents_objects_insert on storage.objects for insert to authenticated
  with check (bucket_id = 'customer-documents'
    and public.has_role_on_business(case when (storage.foldername(name))[1] ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$'
      then ((storage.foldername(name))[1])::uuid end, 'staff'));
create policy customer_documents_objects_delete on storage.objects for delete to authenticated
  using (bucket_id = 'customer-documents'
    and public.has_role_on_business(case when (storage.foldername(name))[1] ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$'
      then ((storage.foldername(name))[1])::uuid end, 'staff'));
