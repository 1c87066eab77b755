/**
 * Database side of the demo seed: the owner through the real Auth admin API (so the
 * registration trigger builds the business exactly as a sign-up would), then the bulk rows
 * over one superuser `pg` connection in a single transaction.
 */
import { createClient } from "@supabase/supabase-js";
import type pg from "pg";
import type { DemoData } from "./generate";

export interface DemoOwner {
  email: string;
  password: string;
  fullName: string;
  businessName: string;
  whatsapp: string;
}

/** Marks demo rows (customers.metadata) so a rerun can recognise them. */
export const DEMO_MARKER = { demo: true } as const;

/** Serialises concurrent seeds (start command and a test run racing on one database). */
const LOCK_KEY = "sma:seed-demo";

async function findUserId(db: pg.ClientBase, email: string): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>("select id from auth.users where lower(email) = lower($1) limit 1", [email]);
  return rows[0]?.id ?? null;
}

/**
 * The demo owner's user id, created through `auth.admin.createUser` when missing. Returns
 * whether it was created now.
 */
export async function ensureOwner(
  db: pg.ClientBase,
  supabaseUrl: string,
  serviceRoleKey: string,
  owner: DemoOwner,
): Promise<{ userId: string; created: boolean }> {
  const existing = await findUserId(db, owner.email);
  if (existing) return { userId: existing, created: false };

  const admin = createClient(supabaseUrl, serviceRoleKey, { auth: { autoRefreshToken: false, persistSession: false } });
  const { data, error } = await admin.auth.admin.createUser({
    email: owner.email,
    password: owner.password,
    email_confirm: true,
    user_metadata: { full_name: owner.fullName, business_name: owner.businessName, whatsapp: owner.whatsapp },
  });
  if (error || !data.user) {
    // Another seed may have created the user between our lookup and this call.
    const raced = await findUserId(db, owner.email);
    if (raced) return { userId: raced, created: false };
    const detail = error ? `${error.name}: ${error.message}${error.status ? ` (HTTP ${error.status})` : ""}` : "no user returned";
    throw new Error(`Creating the demo owner through Auth at ${supabaseUrl} failed: ${detail}`);
  }
  return { userId: data.user.id, created: true };
}

/** The business the registration trigger created for the owner. */
export async function findOwnedBusiness(db: pg.ClientBase, userId: string): Promise<string> {
  const { rows } = await db.query<{ business_id: string }>(
    "select business_id from public.business_members where user_id = $1 and role::text = 'owner' limit 1",
    [userId],
  );
  const id = rows[0]?.business_id;
  if (!id) {
    throw new Error(
      "The demo owner exists but owns no business. The registration trigger on auth.users " +
        "(businesses / profiles / business_members) did not run: are all migrations applied?",
    );
  }
  return id;
}

/** True when the business already has demo customers (from an earlier seed). */
export async function demoDataPresent(db: pg.ClientBase, businessId: string): Promise<boolean> {
  const { rows } = await db.query<{ present: boolean }>(
    "select exists (select 1 from public.customers where business_id = $1 and metadata @> $2::jsonb) as present",
    [businessId, JSON.stringify(DEMO_MARKER)],
  );
  return rows[0]?.present === true;
}

export interface InsertResult {
  alreadyPresent: boolean;
  customers: number;
  transactions: number;
}

/**
 * Inserts the demo rows for the business unless demo rows exist already. One transaction:
 * a failure leaves nothing half-written, and the advisory lock makes the check-then-insert
 * safe against a concurrent seed.
 */
export async function insertDemoData(
  db: pg.ClientBase,
  target: { businessId: string; ownerId: string; city: string },
  data: DemoData,
): Promise<InsertResult> {
  const { businessId, ownerId } = target;
  await db.query("begin");
  try {
    await db.query("select pg_advisory_xact_lock(hashtext($1))", [LOCK_KEY]);
    if (await demoDataPresent(db, businessId)) {
      await db.query("rollback");
      return { alreadyPresent: true, customers: 0, transactions: 0 };
    }
    // Audit triggers that read auth.uid() then attribute the rows to the owner, as if typed in the app.
    await db.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify({ sub: ownerId, role: "authenticated" })]);

    // Registration does not ask for the city; a real owner fills it in on the profile page.
    await db.query("update public.businesses set city = $2 where id = $1 and city is null", [businessId, target.city]);

    const c = data.customers;
    // unnest() over one array per column: one statement and one round trip per table.
    await db.query(
      `insert into public.customers
         (id, business_id, name, whatsapp, phone, email, address, city, type, status, metadata,
          created_by, updated_by, created_at, updated_at)
       select id, $1, name, whatsapp, phone, email, address, city, type::public.customer_type,
              status::public.customer_status, metadata, $2, $2, created_at, created_at
       from unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                   $10::text[], $11::text[], $12::jsonb[], $13::timestamptz[])
         as t(id, name, whatsapp, phone, email, address, city, type, status, metadata, created_at)`,
      [
        businessId,
        ownerId,
        c.map((x) => x.id),
        c.map((x) => x.name),
        c.map((x) => x.whatsapp),
        c.map((x) => x.phone),
        c.map((x) => x.email),
        c.map((x) => x.address),
        c.map((x) => x.city),
        c.map((x) => x.type),
        c.map((x) => x.status),
        c.map((x) => JSON.stringify(x.metadata)),
        c.map((x) => x.createdAt),
      ],
    );

    const t = data.transactions;
    await db.query(
      `insert into public.transactions
         (id, business_id, customer_id, transaction_date, amount, payment_method, notes, status,
          voided_at, created_by, created_at, updated_at)
       select id, $1, customer_id, transaction_date, amount, payment_method, notes,
              status::public.transaction_status, voided_at, $2, created_at, coalesce(voided_at, created_at)
       from unnest($3::uuid[], $4::uuid[], $5::date[], $6::numeric[], $7::text[], $8::text[], $9::text[],
                   $10::timestamptz[], $11::timestamptz[])
         as t(id, customer_id, transaction_date, amount, payment_method, notes, status, voided_at, created_at)`,
      [
        businessId,
        ownerId,
        t.map((x) => x.id),
        t.map((x) => x.customerId),
        t.map((x) => x.date),
        t.map((x) => x.amount),
        t.map((x) => x.paymentMethod),
        t.map((x) => x.notes),
        t.map((x) => x.status),
        t.map((x) => x.voidedAt),
        t.map((x) => x.createdAt),
      ],
    );
    await db.query("commit");
    return { alreadyPresent: false, customers: c.length, transactions: t.length };
  } catch (err) {
    await db.query("rollback").catch(() => undefined);
    throw err;
  }
}
