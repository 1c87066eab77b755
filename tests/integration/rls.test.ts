/**
 * Tenant isolation through the real API (PostgREST + RLS), for every public table.
 *
 * Two businesses, A (owner, admin, staff, viewer) and B (owner). Members of A try to read
 * and write B's rows; a viewer tries to write in A; staff try to manage members; a visitor
 * without a session tries everything. Refused writes must leave the rows untouched, which
 * the superuser confirms. A coverage test fails as soon as a public table exists that has
 * RLS off or no entry in SPECS / SERVICE_ONLY below, so a new table cannot skip this file.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childInserts, makeCustomerRows, type CustomerRows } from "./helpers/customer-rows";
import { closeDb, snapshot, sql, sqlOne } from "./helpers/db";
import { attackRow, expectNothing, expectRefused, type TableSpec, type Target } from "./helpers/rls";
import {
  addMember, anonClient, grantSuperAdmin, randomWhatsapp, registerOwner, type TestOwner, type TestUser,
} from "./helpers/users";

/** Tables that only the service role (jobs, server code) touches: no API access at all. */
const SERVICE_ONLY = new Set(["rate_limit_hits"]);

let A: TestOwner, B: TestOwner;
let adminA: TestUser, staffA: TestUser, viewerA: TestUser, operator: TestUser;
let anon: SupabaseClient;
/** Rows of the customer child tables, per business (helpers/customer-rows.ts). */
const cust: { a?: CustomerRows; b?: CustomerRows } = {};
const custRow = (side: "a" | "b", key: keyof CustomerRows) => async () => cust[side]?.[key] ?? "";
const ids = { aCustomer: "", bCustomer: "", aTransaction: "", bTransaction: "", aInvitation: "", bInvitation: "", bIdempotencyKey: "" };

const target = (owner: TestOwner, customerId: string, actor: TestUser): Target =>
  ({ businessId: owner.businessId, ownerId: owner.id, customerId, actorId: actor.id });
const idOf = async (query: string, params: unknown[]) => (await sqlOne<{ id: string }>(query, params)).id;
const membershipOf = (businessId: string, userId: string) =>
  idOf("select id from public.business_members where business_id = $1 and user_id = $2", [businessId, userId]);
const auditRowOf = (businessId: string) =>
  idOf("select id::text as id from public.audit_log where business_id = $1 order by id limit 1", [businessId]);

/** One fixture row per side, made once by the superuser (transactions tables). */
const once = (make: () => Promise<string>) => { let made: Promise<string> | undefined; return () => (made ??= make()); };
const txItemOf = (side: "a" | "b") => once(() => idOf(
  "insert into public.transaction_items (business_id, transaction_id, position, name, quantity, unit_price) select business_id, id, 1, 'Kain', 1, amount from public.transactions where id = $1 returning id",
  [side === "a" ? ids.aTransaction : ids.bTransaction]));
const statsOf = (side: "a" | "b") => once(async () => {
  const [businessId, customerId] = side === "a" ? [A.businessId, ids.aCustomer] : [B.businessId, ids.bCustomer];
  await sql("select public.refresh_customer_stats($1, array[$2]::uuid[])", [businessId, customerId]);
  return customerId;
});

// Imports (issue 4): one import with one staged row per business, made as superuser.
const importOf = (side: "a" | "b") => once(async () => {
  const owner = side === "a" ? A : B;
  const id = await idOf(
    `insert into public.imports (business_id, kind, file_name, file_format, file_size, storage_path, total_rows, created_by)
     values ($1::uuid, 'customers', 'pelanggan.csv', 'csv', 10, $1::text || '/' || gen_random_uuid() || '/pelanggan.csv', 1, $2) returning id`,
    [owner.businessId, owner.id],
  );
  await sql("insert into public.import_rows (import_id, row_number, business_id, raw) values ($1, 2, $2, '[\"Budi\"]')", [id, owner.businessId]);
  return id;
});
const importA = importOf("a");
const importB = importOf("b");

/** RFM fixtures: settings and one run per side (the run writes rfm_results and customer_rfm). */
const rfmSettingsOf = (side: "a" | "b") => once(async () => {
  const businessId = side === "a" ? A.businessId : B.businessId;
  await sql("insert into public.rfm_settings (business_id) values ($1) on conflict do nothing", [businessId]);
  return businessId;
});
const rfmRunOf = (side: "a" | "b") => once(() => idOf("select id from public.rfm_run($1, '2026-01-31')", [side === "a" ? A.businessId : B.businessId]));
const rfmResultOf = (side: "a" | "b") => once(async () => {
  await rfmRunOf(side)();
  return side === "a" ? ids.aCustomer : ids.bCustomer;
});
/** An incremental override after the run (customer_rfm_overrides, read through the customer_rfm view). */
const rfmOverrideOf = (side: "a" | "b") => once(async () => {
  await rfmRunOf(side)();
  const [businessId, customerId] = side === "a" ? [A.businessId, ids.aCustomer] : [B.businessId, ids.bCustomer];
  await sql("select public.rfm_refresh_customers($1, array[$2]::uuid[], '2026-01-31')", [businessId, customerId]);
  return customerId;
});

const SPECS: Record<string, TableSpec> = {
  businesses: {
    key: "id", scope: "tenant",
    foreignRow: async () => B.businessId,
    ownRow: async () => A.businessId,
    insert: () => ({ name: "Usaha Palsu", whatsapp: randomWhatsapp() }),
    patch: { name: "Diretas" },
  },
  business_members: {
    key: "id", scope: "tenant",
    foreignRow: () => membershipOf(B.businessId, B.id),
    ownRow: () => membershipOf(A.businessId, A.id),
    insert: (t) => ({ business_id: t.businessId, user_id: t.actorId, role: "owner" }),
    patch: { role: "viewer" },
  },
  business_invitations: {
    key: "id", scope: "tenant",
    foreignRow: async () => ids.bInvitation,
    ownRow: async () => ids.aInvitation,
    insert: (t) => ({ business_id: t.businessId, email: "palsu@test.local", role: "admin", token_hash: randomBytes(32).toString("hex") }),
    patch: { revoked_at: new Date().toISOString() },
  },
  customers: {
    key: "id", scope: "tenant",
    foreignRow: async () => ids.bCustomer,
    ownRow: async () => ids.aCustomer,
    insert: (t) => ({ business_id: t.businessId, name: "Pelanggan Palsu", whatsapp: randomWhatsapp() }),
    patch: { name: "Diretas" },
  },
  transactions: {
    key: "id", scope: "tenant",
    foreignRow: async () => ids.bTransaction,
    ownRow: async () => ids.aTransaction,
    insert: (t) => ({ business_id: t.businessId, customer_id: t.customerId, transaction_date: "2026-01-02", amount: 1000 }),
    patch: { amount: 1 },
    // The same-business trigger runs as the caller, cannot see B's customer and refuses first.
    insertAlsoRefusedWith: ["23503"],
  },
  // Written only by the transaction RPCs / the stats refresh: the API may only read them.
  transaction_items: {
    key: "id", scope: "tenant", foreignRow: txItemOf("b"), ownRow: txItemOf("a"),
    insert: (t) => ({ business_id: t.businessId, transaction_id: t.businessId === B.businessId ? ids.bTransaction : ids.aTransaction, position: 9, name: "Palsu", quantity: 1, unit_price: 1 }),
    patch: { unit_price: 1 },
  },
  customer_stats: {
    key: "customer_id", scope: "tenant", foreignRow: statsOf("b"), ownRow: statsOf("a"),
    insert: (t) => ({ business_id: t.businessId, customer_id: t.customerId, transactions_count: 99, total_spent: 1 }),
    patch: { total_spent: 999999999 },
  },
  // RFM: members read; every write goes through the engine's functions (docs/rfm.md).
  rfm_settings: {
    key: "business_id", scope: "tenant", foreignRow: rfmSettingsOf("b"), ownRow: rfmSettingsOf("a"),
    insert: (t) => ({ business_id: t.businessId, window_days: 90 }),
    patch: { window_days: 730 },
  },
  rfm_runs: {
    key: "id", scope: "tenant", foreignRow: rfmRunOf("b"), ownRow: rfmRunOf("a"),
    insert: (t) => ({ business_id: t.businessId, analysis_date: "2026-02-01", window_days: 365, window_start: "2025-02-02", scoring_mode: "fixed", mode_reason: "owner_fixed", breakpoints: {}, trigger: "manual" }),
    patch: { customers_scored: 999 },
  },
  rfm_results: {
    key: "customer_id", scope: "tenant", foreignRow: rfmResultOf("b"), ownRow: rfmResultOf("a"),
    insert: (t) => ({ run_id: randomUUID(), business_id: t.businessId, customer_id: t.customerId, last_purchase_date: "2026-01-01", recency_days: 1, frequency: 1, monetary: 1, segment: "champions" }),
    patch: { segment: "lost" },
  },
  customer_rfm: {
    key: "customer_id", scope: "tenant", foreignRow: rfmResultOf("b"), ownRow: rfmResultOf("a"),
    insert: (t) => ({ business_id: t.businessId, customer_id: t.customerId, analysis_date: "2026-01-31", last_purchase_date: "2026-01-01", recency_days: 1, frequency: 1, monetary: 1, segment: "champions" }),
    patch: { segment: "lost" },
  },
  customer_rfm_overrides: {
    key: "customer_id", scope: "tenant", foreignRow: rfmOverrideOf("b"), ownRow: rfmOverrideOf("a"),
    insert: (t) => ({ business_id: t.businessId, customer_id: t.customerId, analysis_date: "2026-01-31", last_purchase_date: "2026-01-01", recency_days: 1, frequency: 1, monetary: 1, segment: "champions" }),
    patch: { segment: "lost" },
  },
  audit_log: {
    key: "id", scope: "tenant",
    foreignRow: () => auditRowOf(B.businessId),
    ownRow: () => auditRowOf(A.businessId),
    insert: (t) => ({ business_id: t.businessId, table_name: "businesses", action: "insert", actor_id: t.ownerId }),
    patch: { action: "forged" },
  },
  profiles: {
    key: "id", scope: "user",
    foreignRow: async () => B.id,
    insert: () => ({ id: randomUUID(), full_name: "Profil Palsu" }),
    patch: { full_name: "Diretas" },
  },
  idempotency_keys: {
    key: "key", scope: "user",
    foreignRow: async () => ids.bIdempotencyKey,
    insert: (t) => ({ user_id: t.ownerId, key: `palsu-${randomUUID()}`, request_hash: "0".repeat(64) }),
    patch: { status_code: 200, response: { forged: true } },
  },
  tags: {
    key: "id", scope: "tenant", foreignRow: custRow("b", "tag"), ownRow: custRow("a", "tag"),
    insert: (t) => childInserts.tags(t.businessId), patch: { name: "Diretas" },
  },
  customer_tags: {
    key: "id", scope: "tenant", foreignRow: custRow("b", "customerTag"), ownRow: custRow("a", "customerTag"),
    insert: (t) => ({ business_id: t.businessId, customer_id: t.customerId, tag_id: (t.businessId === B.businessId ? cust.b : cust.a)?.tag }),
    patch: { tag_id: randomUUID() },
  },
  customer_notes: {
    key: "id", scope: "tenant", foreignRow: custRow("b", "note"), ownRow: custRow("a", "note"),
    insert: (t) => childInserts.customer_notes(t.businessId, t.customerId), patch: { body: "Diretas" },
  },
  customer_activities: {
    key: "id", scope: "tenant", foreignRow: custRow("b", "activity"), ownRow: custRow("a", "activity"),
    insert: (t) => childInserts.customer_activities(t.businessId, t.customerId), patch: { title: "Diretas" },
  },
  customer_contacts: {
    key: "id", scope: "tenant", foreignRow: custRow("b", "contact"), ownRow: custRow("a", "contact"),
    insert: (t) => childInserts.customer_contacts(t.businessId, t.customerId), patch: { name: "Diretas" },
  },
  customer_ledger: {
    key: "id", scope: "tenant", foreignRow: custRow("b", "ledger"), ownRow: custRow("a", "ledger"),
    insert: (t) => childInserts.customer_ledger(t.businessId, t.customerId), patch: { amount: 999 },
  },
  customer_documents: {
    key: "id", scope: "tenant", foreignRow: custRow("b", "document"), ownRow: custRow("a", "document"),
    insert: (t) => childInserts.customer_documents(t.businessId, t.customerId), patch: { title: "Diretas" },
  },
  imports: {
    key: "id", scope: "tenant", foreignRow: importB, ownRow: importA,
    insert: (t) => ({ business_id: t.businessId, kind: "customers", file_name: "x.csv", file_format: "csv", file_size: 1, storage_path: `${t.businessId}/x/x.csv`, total_rows: 1 }),
    patch: { status: "completed" },
  },
  import_rows: {
    key: "import_id", scope: "tenant", foreignRow: importB, ownRow: importA,
    insert: (t) => ({ import_id: randomUUID(), row_number: 9, business_id: t.businessId, raw: ["x"] }),
    patch: { status: "imported" },
  },
  platform_roles: {
    key: "user_id", scope: "platform",
    foreignRow: async () => operator.id,
    // Self-escalation: the attacker tries to make themselves super admin.
    insert: (t) => ({ user_id: t.actorId, role: "super_admin" }),
    patch: { granted_at: new Date().toISOString() },
  },
};

beforeAll(async () => {
  [A, B] = await Promise.all([registerOwner("rls-a"), registerOwner("rls-b")]);
  adminA = await addMember(A, "admin", "rls-admin");
  staffA = await addMember(A, "staff", "rls-staff");
  viewerA = await addMember(A, "viewer", "rls-viewer");
  operator = await registerOwner("rls-operator");
  await grantSuperAdmin(operator.id);
  anon = await anonClient();

  for (const [owner, side] of [[A, "a"], [B, "b"]] as const) {
    const customer = await idOf(
      "insert into public.customers (business_id, name, whatsapp) values ($1, 'Pelanggan', $2) returning id",
      [owner.businessId, randomWhatsapp()],
    );
    const transaction = await idOf(
      "insert into public.transactions (business_id, customer_id, transaction_date, amount) values ($1, $2, '2026-01-01', 250000) returning id",
      [owner.businessId, customer],
    );
    const invitation = await idOf(
      "insert into public.business_invitations (business_id, email, role, token_hash, invited_by) values ($1, $2, 'staff', $3, $4) returning id",
      [owner.businessId, `undangan-${side}-${randomUUID().slice(0, 6)}@test.local`, randomBytes(32).toString("hex"), owner.id],
    );
    cust[side] = await makeCustomerRows(owner.businessId, customer);
    if (side === "a") Object.assign(ids, { aCustomer: customer, aTransaction: transaction, aInvitation: invitation });
    else Object.assign(ids, { bCustomer: customer, bTransaction: transaction, bInvitation: invitation });
  }
  ids.bIdempotencyKey = `kunci-${randomUUID()}`;
  await sql("insert into public.idempotency_keys (user_id, key, request_hash) values ($1, $2, $3)", [B.id, ids.bIdempotencyKey, "a".repeat(64)]);
});

afterAll(closeDb);

describe("coverage", () => {
  it("every public table has RLS enabled and an entry in this file", async () => {
    const tables = await sql<{ tablename: string; rowsecurity: boolean }>(
      "select tablename, rowsecurity from pg_tables where schemaname = 'public' order by tablename",
    );
    expect(tables.filter((t) => !t.rowsecurity).map((t) => t.tablename), "tables with RLS disabled").toEqual([]);
    const missing = tables.map((t) => t.tablename).filter((t) => !(t in SPECS) && !SERVICE_ONLY.has(t));
    expect(missing, "public tables without a spec in tests/integration/rls.test.ts").toEqual([]);
  });

  it("every policy is for signed-in users, has the clauses its command needs and uses the helpers", async () => {
    const policies = await sql<{ tablename: string; policyname: string; cmd: string; roles: string[]; qual: string | null; with_check: string | null }>(
      "select tablename, policyname, cmd, roles::text[] as roles, qual, with_check from pg_policies where schemaname = 'public'",
    );
    for (const p of policies) {
      const where = `${p.tablename}.${p.policyname}`;
      expect(p.roles, `${where} must target authenticated, never anon/public`).toEqual(["authenticated"]);
      if (p.cmd !== "INSERT") expect(p.qual, `${where} needs a USING clause`).not.toBeNull();
      if (["INSERT", "UPDATE", "ALL"].includes(p.cmd)) expect(p.with_check, `${where} needs WITH CHECK`).not.toBeNull();
      expect(`${p.qual ?? ""} ${p.with_check ?? ""}`, `${where} must decide via member_business_ids / auth.uid()`)
        .toMatch(/member_business_ids|has_role_on_business|is_super_admin|auth\.uid\(\)/);
    }
  });

  it("views run with the caller's rights and materialized views are not exposed", async () => {
    const unsafe = await sql<{ relname: string }>(
      `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and (
         (c.relkind = 'v' and not coalesce(c.reloptions @> array['security_invoker=true'], false))
         or (c.relkind = 'm' and (has_table_privilege('anon', c.oid, 'select') or has_table_privilege('authenticated', c.oid, 'select'))))`,
    );
    expect(unsafe.map((r) => r.relname), "views would bypass RLS").toEqual([]);
  });

  it("service-only tables grant nothing to anon or authenticated", async () => {
    for (const table of SERVICE_ONLY) {
      const [grants] = await sql<{ any: boolean }>(
        `select has_table_privilege('anon', $1, 'select, insert, update, delete')
             or has_table_privilege('authenticated', $1, 'select, insert, update, delete') as any`,
        [`public.${table}`],
      );
      expect(grants?.any, `${table} privileges`).toBe(false);
      expectRefused(await A.rest.from(table).select("*"), `user select ${table}`);
      expectRefused(await anon.from(table).select("*"), `anon select ${table}`);
    }
  });
});

describe.each(Object.keys(SPECS))("cross-tenant: %s", (table) => {
  it("no member of A can read, insert, update or delete B's rows", async () => {
    const spec = SPECS[table];
    if (!spec) throw new Error(table);
    const value = await spec.foreignRow();
    for (const user of [A, adminA, staffA, viewerA]) {
      await attackRow(user.rest, table, spec, value, target(B, ids.bCustomer, user), `cross-tenant ${user.email}`, false);
    }
  });
});

describe("roles inside business A", () => {
  it("a viewer cannot insert, update or delete anything in A", async () => {
    for (const [table, spec] of Object.entries(SPECS)) {
      if (!spec.ownRow) continue;
      await attackRow(viewerA.rest, table, spec, await spec.ownRow(), target(A, ids.aCustomer, viewerA), "viewer", true);
    }
    const email = `calon-${randomUUID().slice(0, 6)}@test.local`;
    expectRefused(await viewerA.client.rpc("invite_member", { p_business_id: A.businessId, p_email: email, p_role: "viewer" }), "viewer invite");
    expectRefused(await viewerA.client.rpc("update_member_role", { p_business_id: A.businessId, p_user_id: staffA.id, p_role: "viewer" }), "viewer role change");
    expectRefused(await viewerA.client.rpc("remove_member", { p_business_id: A.businessId, p_user_id: staffA.id }), "viewer remove");
  });

  it("a viewer still reads the business data (the refusals above are about writing)", async () => {
    const { data, error } = await viewerA.client.from("customers").select("id").eq("id", ids.aCustomer);
    expect(error).toBeNull();
    expect(data).toHaveLength(1);
  });

  it("staff cannot manage members or invitations", async () => {
    const viewerRow = await membershipOf(A.businessId, viewerA.id);
    const before = await snapshot("business_members", "id", viewerRow);
    const email = `calon-${randomUUID().slice(0, 6)}@test.local`;
    expectRefused(await staffA.client.rpc("invite_member", { p_business_id: A.businessId, p_email: email, p_role: "viewer" }), "staff invite");
    expectRefused(await staffA.client.rpc("update_member_role", { p_business_id: A.businessId, p_user_id: viewerA.id, p_role: "staff" }), "staff role change");
    expectRefused(await staffA.client.rpc("remove_member", { p_business_id: A.businessId, p_user_id: viewerA.id }), "staff remove");
    expectNothing(await staffA.rest.from("business_members").update({ role: "admin" }).eq("id", viewerRow).select(), "staff update member");
    expectNothing(await staffA.rest.from("business_members").delete().eq("id", viewerRow).select(), "staff delete member");
    expectNothing(await staffA.rest.from("business_invitations").select("id").eq("business_id", A.businessId), "staff sees invitations");
    expect(await snapshot("business_members", "id", viewerRow)).toEqual(before);

    // Positive control: staff do write customers, so the refusals above are about roles.
    const { error } = await staffA.client.from("customers").insert({ business_id: A.businessId, name: "Pelanggan Staf", whatsapp: randomWhatsapp() });
    expect(error).toBeNull();
  });

  it("an admin manages staff and viewers but cannot touch owners or create admins", async () => {
    const ownerRow = await membershipOf(A.businessId, A.id);
    expectRefused(await adminA.client.rpc("update_member_role", { p_business_id: A.businessId, p_user_id: A.id, p_role: "staff" }), "admin demotes owner");
    expectRefused(await adminA.client.rpc("remove_member", { p_business_id: A.businessId, p_user_id: A.id }), "admin removes owner");
    expectRefused(await adminA.rest.from("business_members").delete().eq("id", ownerRow), "admin deletes owner row");
    expectRefused(await adminA.client.rpc("update_member_role", { p_business_id: A.businessId, p_user_id: viewerA.id, p_role: "admin" }), "admin creates admin");
    const email = `calon-${randomUUID().slice(0, 6)}@test.local`;
    expectRefused(await adminA.client.rpc("invite_member", { p_business_id: A.businessId, p_email: email, p_role: "admin" }), "admin invites admin");
    const { error } = await adminA.client.rpc("invite_member", { p_business_id: A.businessId, p_email: email, p_role: "staff" });
    expect(error).toBeNull();
  });
});

describe("visitors without a session", () => {
  it("see nothing and write nothing in any public table", async () => {
    const tables = await sql<{ tablename: string }>("select tablename from pg_tables where schemaname = 'public'");
    for (const { tablename } of tables) {
      expectNothing(await anon.from(tablename).select("*").limit(1), `anon select ${tablename}`);
      expectRefused(await anon.from(tablename).insert({}), `anon insert ${tablename}`);
    }
  });

  it("can call only get_invitation, which reveals nothing for an unknown token", async () => {
    const { data, error } = await anon.rpc("get_invitation", { p_token: randomBytes(32).toString("hex") });
    expect(error).toBeNull();
    expect(data).toEqual([]);
    expectRefused(await anon.rpc("admin_list_businesses"), "anon admin_list_businesses");
    expectRefused(await anon.rpc("create_business", { p_name: "X", p_whatsapp: randomWhatsapp() }), "anon create_business");
  });
});

describe("audit trail", () => {
  it("records changes with the acting user, readable by owners/admins of that business only", async () => {
    const { error } = await adminA.client.from("businesses").update({ city: "Bandung" }).eq("id", A.businessId);
    expect(error).toBeNull();
    const { data, error: readError } = await A.client
      .from("audit_log")
      .select("action, actor_id, actor_role, before, after")
      .eq("table_name", "businesses")
      .eq("record_id", A.businessId)
      .eq("action", "update");
    expect(readError).toBeNull();
    expect(data).toEqual([
      expect.objectContaining({ actor_id: adminA.id, actor_role: "admin", before: expect.objectContaining({ city: null }), after: expect.objectContaining({ city: "Bandung" }) }),
    ]);
    expectNothing(await staffA.client.from("audit_log").select("id").eq("business_id", A.businessId), "staff reads audit");
  });

  it("never copies invitation token hashes into the trail", async () => {
    const [row] = await sql<{ n: number }>(
      "select count(*)::int as n from public.audit_log where before ? 'token_hash' or after ? 'token_hash'",
    );
    expect(row?.n).toBe(0);
  });

  it("super admins list businesses only through the audited RPCs", async () => {
    const countCalls = async () =>
      (await sqlOne<{ n: number }>(
        "select count(*)::int as n from public.audit_log where actor_id = $1 and action = 'admin_list_businesses'",
        [operator.id],
      )).n;
    const callsBefore = await countCalls();
    const { data, error } = await operator.client.rpc("admin_list_businesses");
    expect(error).toBeNull();
    const listed = (data ?? []).filter((b) => b.id === A.businessId || b.id === B.businessId);
    expect(listed).toHaveLength(2);
    expect(listed.find((b) => b.id === A.businessId)).toMatchObject({ member_count: 4, owner_email: A.email });
    expect(await countCalls()).toBe(callsBefore + 1);

    // No implicit tenant access: outside the RPCs an operator sees nothing of B.
    expectNothing(await operator.rest.from("businesses").select("id").eq("id", B.businessId), "operator direct read");

    const single = await operator.client.rpc("admin_get_business", { p_id: B.businessId });
    expect(single.error).toBeNull();
    expect(single.data).toEqual([expect.objectContaining({ id: B.businessId, owner_email: B.email, member_count: 1 })]);
    // The owner of B can see that support looked at their business.
    const seen = await B.client.from("audit_log").select("actor_id, actor_role").eq("action", "admin_get_business").eq("business_id", B.businessId);
    expect(seen.data).toEqual([{ actor_id: operator.id, actor_role: "super_admin" }]);
  });

  it("refuses the admin RPCs to everyone else, without leaving an audit row", async () => {
    expectRefused(await A.client.rpc("admin_list_businesses"), "owner admin_list_businesses");
    expectRefused(await A.client.rpc("admin_get_business", { p_id: B.businessId }), "owner admin_get_business");
    const [row] = await sql<{ n: number }>("select count(*)::int as n from public.audit_log where actor_id = $1 and action like 'admin_%'", [A.id]);
    expect(row?.n).toBe(0);
  });
});
