/**
 * The bench's synthetic data (scripts/bench/customers.ts), in its own module so a developer
 * can load the same 100k / 1M data set into a dev stack to profile it.
 */
import type pg from "pg";
import { say, seconds, timed } from "./lib";

export interface DataSize {
  customers: number;
  transactions: number;
}

/** Synthetic customers and transactions for one business, set-based (generate_series). */
export async function generate(db: pg.Client, businessId: string, opts: DataSize): Promise<void> {
  await db.query("set session_replication_role = replica"); // skip per-row triggers (see header)
  await db.query("set statement_timeout = 0");
  const c = await timed(() =>
    db.query(
      `insert into public.customers (business_id, name, whatsapp, email, city, type, status, created_at, updated_at)
       select $1,
              (array['Budi','Siti','Agus','Dewi','Rudi','Sri','Eko','Wati','Joko','Rina','Hendra','Lestari','Bambang','Yuni','Slamet','Ratna'])[1 + g % 16]
                || ' ' || (array['Santoso','Wijaya','Hartono','Susanti','Pratama','Kusuma','Saputra','Rahayu','Nugroho','Halim','Setiawan','Utami'])[1 + (g / 16) % 12]
                || ' ' || g,
              '+62899' || lpad(g::text, 8, '0'),
              case when g % 3 = 0 then 'pelanggan' || g || '@contoh.id' end,
              (array['Pekalongan','Batang','Semarang','Jakarta','Surabaya','Solo','Yogyakarta','Bandung'])[1 + g % 8],
              (case when g % 10 = 0 then 'business' else 'private' end)::public.customer_type,
              (case when g % 20 = 0 then 'inactive' else 'active' end)::public.customer_status,
              now() - (g % 700) * interval '1 day', now()
       from generate_series(1, $2::int) g`,
      [businessId, opts.customers],
    ),
  );
  say(`[bench]   ${opts.customers} customers in ${seconds(c.ms)} s`);
  await db.query(
    `create temp table bench_customers as
       select id, (row_number() over (order by id))::int as rn from public.customers where business_id = $1 and deleted_at is null`,
    [businessId],
  );
  await db.query("create index on bench_customers (rn)");
  const { rows } = await db.query<{ n: number }>("select count(*)::int as n from bench_customers");
  const n = rows[0]?.n ?? 1;
  const t = await timed(() =>
    db.query(
      `insert into public.transactions (business_id, customer_id, transaction_date, amount, payment_method, status, voided_at, created_at, updated_at)
       select $1, bc.id, (now() at time zone 'Asia/Jakarta')::date - (g % 540),
              ((g::bigint * 7919) % 2000 + 50) * 1000,
              (array['tunai','transfer','qris','e-wallet'])[1 + g % 4],
              (case when g % 67 = 0 then 'voided' else 'completed' end)::public.transaction_status,
              case when g % 67 = 0 then now() end, now(), now()
       from generate_series(1, $2::int) g
       join bench_customers bc on bc.rn = 1 + ((g::bigint * 2654435761) % $3)::int`,
      [businessId, opts.transactions, n],
    ),
  );
  say(`[bench]   ${opts.transactions} transactions in ${seconds(t.ms)} s`);
  await db.query("set session_replication_role = origin");
  const s = await timed(() => db.query("select public.refresh_customer_stats($1, null)", [businessId]));
  say(`[bench]   customer_stats refreshed in ${seconds(s.ms)} s`);
  // VACUUM as well as ANALYZE: after a million inserted rows autovacuum would otherwise start
  // exactly while the requests are measured, and the visibility map it sets is what lets the
  // per-customer aggregates use index-only scans, as on any settled database. (Before the RFM
  // run too: on tables without statistics its plans go astray, minutes instead of a second.)
  const v = await timed(() => db.query("vacuum (analyze) public.customers, public.transactions, public.customer_stats"));
  say(`[bench]   vacuum analyze in ${seconds(v.ms)} s`);
  // A current RFM segment for every buying customer (the list's segment column and filter):
  // a real run of the RFM engine, as the weekly schedule leaves a business (segments as the
  // scoring spreads them, and the current state in the shape the engine keeps it).
  const r = await timed(() => db.query<{ customers_scored: number }>("select customers_scored from public.rfm_run($1)", [businessId]));
  say(`[bench]   RFM run: ${r.value.rows[0]?.customers_scored ?? 0} customers scored in ${seconds(r.ms)} s`);
  await db.query("vacuum (analyze) public.rfm_runs, public.rfm_results");
  await db.query("analyze");
}

