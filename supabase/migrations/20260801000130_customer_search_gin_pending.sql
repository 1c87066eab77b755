-- A smaller pending list for the customer search's trigram indexes (issue 3, list p95 after
-- inserts).
--
-- GIN indexes collect new entries in an unsorted pending list (fastupdate) that every search
-- reads in full, until VACUUM or an insert that finds it over gin_pending_list_limit (4 MB by
-- default, ~500 pages per index) merges it into the index. Measured at 100k customers / 1M
-- sales after 24,000 customers were added (imports, tests), before autovacuum came by: the
-- bench's list mix went from ~9 ms to ~16 ms of SQL per request ("hartono 12", 90 matches:
-- 3 -> 15 ms), every search paying to read the pending entries of the name, city, email and
-- WhatsApp indexes. At 512 kB (at most ~64 pages each) the same state cost ~11.5 ms per
-- request (7 ms for "hartono 12"), and it can never grow past that.
-- Cost: inserting 20,000 customers (index maintenance included) took ~1.0-1.1 s instead of
-- ~0.9-1.0 s (within the noise of this 2-core machine; fastupdate off took ~3.5 s, which is
-- why the pending list stays). The insert that fills the list merges 512 kB instead of 4 MB,
-- a shorter pause for that one request. Nothing else changes.
alter index public.customers_search_name_trgm set (gin_pending_list_limit = 512);
alter index public.customers_search_city_trgm set (gin_pending_list_limit = 512);
alter index public.customers_search_email_trgm set (gin_pending_list_limit = 512);
alter index public.customers_search_whatsapp_trgm set (gin_pending_list_limit = 512);
