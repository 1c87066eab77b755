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
  // A current RFM segment for every buying customer (the list's segment column and filter).
  // Synthetic like the rest: spread evenly over the ten segments by a hash of the id, not
  // scored by the RFM engine, whose cost is not what this bench measures.
  await db.query("set session_replication_role = replica");
  const r = await timed(() =>
    db.query(
      `insert into public.customer_rfm (customer_id, business_id, analysis_date, last_purchase_date, recency_days, frequency, monetary,
                                        r_score, f_score, m_score, fm_score, segment, source)
       select s.customer_id, s.business_id, (now() at time zone 'Asia/Jakarta')::date, s.last_purchase_date,
              greatest(0, (now() at time zone 'Asia/Jakarta')::date - s.last_purchase_date), s.transactions_count, s.total_spent,
              1 + h % 5, 1 + (h / 5) % 5, 1 + (h / 25) % 5, 1 + (h / 125) % 5,
              (enum_range(null::public.rfm_segment))[1 + (h / 625) % 10], 'run'
       from (select cs.*, abs(hashtext(cs.customer_id::text)) as h from public.customer_stats cs
             where cs.business_id = $1 and cs.transactions_count > 0) s
       on conflict (customer_id) do nothing`,
      [businessId],
    ),
  );
  await db.query("set session_replication_role = origin");
  say(`[bench]   ${r.value.rowCount ?? 0} customer_rfm rows in ${seconds(r.ms)} s`);
  // VACUUM as well as ANALYZE: after a million inserted rows autovacuum would otherwise start
  // exactly while the requests are measured, and the visibility map it sets is what lets the
  // per-customer aggregates use index-only scans, as on any settled database.
  const v = await timed(() => db.query("vacuum (analyze) public.customers, public.transactions, public.customer_stats, public.customer_rfm"));
  say(`[bench]   vacuum analyze in ${seconds(v.ms)} s`);
  await db.query("analyze");
}

