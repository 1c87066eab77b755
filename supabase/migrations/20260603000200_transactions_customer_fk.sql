-- transactions -> customers through (customer_id, business_id), like every other customer table.
--
-- The single-column key transactions(customer_id) -> customers(id) ON DELETE CASCADE had no
-- index leading with customer_id (the sales indexes lead with business_id), so every customer
-- deleted (a privacy hard delete, or each of a business's customers when the business goes)
-- made Postgres look for its sales with a sequential scan of the whole table: ~80 ms per
-- customer at 1M sales, hours for a business of 100k customers. Through (customer_id,
-- business_id) the cascade's lookup is `business_id = $2 and customer_id = $1`, which
-- transactions_business_customer_date_idx answers; and a sale can no longer point at another
-- business's customer even if a future writer forgot to check (the RPCs already do).
alter table public.transactions drop constraint transactions_customer_id_fkey;
alter table public.transactions
  add constraint transactions_customer_fkey foreign key (customer_id, business_id)
  references public.customers (id, business_id) on delete cascade;
