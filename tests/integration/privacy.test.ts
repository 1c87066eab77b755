/**
 * Per-customer privacy actions (issue 4 item 9, document 003 §11) through the real route
 * handlers and SQL functions: export as JSON (admin+), anonymise (admin+), hard delete (owner,
 * name typed exactly). Each bad input changes nothing; another business's customer is 404;
 * Storage objects go; the audit trail keeps who/when/ids/amounts but no personal data.
 */
import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as anonymiseRoute } from "../../src/app/api/customers/[id]/privacy/anonymise/route";
import { DELETE as deleteRoute, GET as exportRoute } from "../../src/app/api/customers/[id]/privacy/route";
import { setLogSink } from "../../src/lib/logger";
import { privacyRemoveFiles, removeFilesPayload } from "../../src/lib/privacy/jobs";
import { closeDb, sql, sqlOne } from "./helpers/db";
import { sessionCookie, useStackEnv } from "./helpers/next-request";
import { addMember, randomWhatsapp, registerOwner, type TestOwner, type TestUser } from "./helpers/users";

const BUCKET = "customer-documents";
interface Envelope { success: boolean; data?: Record<string, unknown>; error?: { code: string; message: string; details?: Record<string, unknown> } }

let owner: TestOwner, other: TestOwner, admin: TestUser;
const cookie: Record<"owner" | "admin" | "staff" | "viewer" | "other", string> = { owner: "", admin: "", staff: "", viewer: "", other: "" };
let restoreLogs: () => void = () => undefined;

const req = (who: string, path: string, init: { method?: string; body?: unknown } = {}) =>
  new NextRequest(`http://localhost${path}`, {
    method: init.method ?? "GET",
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    headers: { cookie: who, "content-type": "application/json" },
  });
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const json = async (res: Response) => (await res.json()) as Envelope;

interface Person { id: string; name: string; whatsapp: string; email: string; address: string; note: string; contact: string; path: string; txNote: string; ledgerText: string }

/** A customer with every kind of personal data, made through the app's own RPCs and Storage. */
async function makePerson(label: string): Promise<Person> {
  const tag = randomUUID().slice(0, 6);
  const p = {
    name: `Bu Rahasia ${label} ${tag}`, whatsapp: randomWhatsapp(), email: `rahasia-${tag}@contoh.id`, address: `Jl. Pribadi ${tag} No. 7`,
    note: `Alergi kacang ${tag}`, contact: `Suami ${tag}`, txNote: `Titipan untuk anak ${tag}`, ledgerText: `Titip uang ${tag}`,
  };
  const { data: customer, error } = await owner.client.from("customers")
    .insert({ business_id: owner.businessId, name: p.name, whatsapp: p.whatsapp, email: p.email, address: p.address, city: "Pekalongan" })
    .select("id").single();
  if (error) throw error;
  const id = customer.id;
  // A profile edit: its audit row holds the old and the new personal data.
  await owner.client.from("customers").update({ city: "Batang" }).eq("id", id);
  await owner.client.from("customer_notes").insert({ business_id: owner.businessId, customer_id: id, body: p.note });
  await owner.client.from("customer_contacts").insert({ business_id: owner.businessId, customer_id: id, name: p.contact, whatsapp: randomWhatsapp() });
  await owner.client.from("customer_activities").insert({ business_id: owner.businessId, customer_id: id, kind: "call", title: `Telepon ${p.name}`, body: p.note });
  const tagRow = await sqlOne<{ id: string }>("insert into public.tags (business_id, name) values ($1, $2) returning id", [owner.businessId, `VIP ${tag}`]);
  await owner.client.from("customer_tags").insert({ business_id: owner.businessId, customer_id: id, tag_id: tagRow.id });
  const ledger = await owner.client.rpc("record_ledger_entry", { p_customer_id: id, p_entry_type: "credit", p_amount: 50000, p_description: p.ledgerText });
  if (ledger.error) throw ledger.error;
  const sale = await owner.client.rpc("record_transaction", {
    p_business_id: owner.businessId, p_customer_id: id, p_date: "2026-03-01", p_amount: 300000,
    p_items: [{ name: "Kain batik", quantity: 2, unit_price: 150000 }], p_payment_method: "tunai", p_notes: p.txNote,
  });
  if (sale.error) throw sale.error;
  const path = `${owner.businessId}/${id}/${randomUUID()}-ktp.pdf`;
  const up = await owner.client.storage.from(BUCKET).upload(path, new Blob([new Uint8Array(64).fill(37)], { type: "application/pdf" }), { contentType: "application/pdf" });
  if (up.error) throw up.error;
  await owner.client.from("customer_documents").insert({ business_id: owner.businessId, customer_id: id, doc_type: "other", title: `KTP ${p.name}`, storage_path: path, mime_type: "application/pdf", size_bytes: 64 });
  return { id, path, ...p };
}

const objectCount = async (path: string) => (await sqlOne<{ n: number }>("select count(*)::int as n from storage.objects where bucket_id = $1 and name = $2", [BUCKET, path])).n;
/** Every audit row of the business as text, to look for personal data anywhere in it. */
const auditText = async () => (await sql<{ t: string }>("select coalesce(before::text, '') || ' ' || coalesce(after::text, '') as t from public.audit_log where business_id = $1", [owner.businessId])).map((r) => r.t).join("\n");
const personalStrings = (p: Person) => [p.name, p.whatsapp, p.email, p.address, p.note, p.contact, p.txNote, p.ledgerText];

beforeAll(async () => {
  await useStackEnv();
  restoreLogs = setLogSink(() => undefined);
  [owner, other] = await Promise.all([registerOwner("privasi"), registerOwner("privasilain")]);
  admin = await addMember(owner, "admin", "privasiadmin");
  const staff = await addMember(owner, "staff", "privasistaff");
  const viewer = await addMember(owner, "viewer", "privasiviewer");
  [cookie.owner, cookie.admin, cookie.staff, cookie.viewer, cookie.other] = await Promise.all([
    sessionCookie(owner.email), sessionCookie(admin.email), sessionCookie(staff.email), sessionCookie(viewer.email), sessionCookie(other.email),
  ]);
});

afterAll(async () => {
  restoreLogs();
  await closeDb();
});

describe("export everything about a customer (GET /api/customers/:id/privacy)", () => {
  it("gives an admin one JSON file with every part, and audits the export with counts only", async () => {
    const p = await makePerson("ekspor");
    const res = await exportRoute(req(cookie.admin, `/api/customers/${p.id}/privacy`), ctx(p.id));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="pelanggan-${p.id.slice(0, 8)}-data.json"`);
    const data = (await res.json()) as Record<string, unknown> & { customer: Record<string, unknown>; transactions: { notes: string; items: { name: string }[] }[] };
    expect(data.format).toBe("sma.customer-export.v1");
    expect(data.customer).toMatchObject({ id: p.id, name: p.name, whatsapp: p.whatsapp, email: p.email, address: p.address, city: "Batang", balance: 50000 });
    expect((data.contacts as { name: string }[]).map((c) => c.name)).toEqual([p.contact]);
    expect((data.notes as { body: string }[]).map((n) => n.body)).toEqual([p.note]);
    expect((data.tags as { name: string }[])).toHaveLength(1);
    expect((data.ledger as { description: string; amount: number }[])[0]).toMatchObject({ description: p.ledgerText, amount: 50000 });
    expect(data.transactions[0]).toMatchObject({ notes: p.txNote, amount: 300000 });
    expect(data.transactions[0]?.items.map((i) => i.name)).toEqual(["Kain batik"]);
    expect((data.documents as { storage_path: string }[]).map((d) => d.storage_path)).toEqual([p.path]);
    expect((data.activities as unknown[]).length).toBeGreaterThanOrEqual(4);
    expect(data).toHaveProperty("rfm");
    const audit = await sqlOne<{ after: Record<string, unknown>; actor_id: string }>(
      "select after, actor_id from public.audit_log where business_id = $1 and action = 'privacy_export' and record_id = $2", [owner.businessId, p.id],
    );
    expect(audit).toEqual({ after: { transactions: 1, notes: 1, documents: 1 }, actor_id: admin.id });
  });

  it("refuses staff and viewers (403), another business (404) and no session (401)", async () => {
    const p = await makePerson("eksporditolak");
    expect((await exportRoute(req(cookie.staff, `/api/customers/${p.id}/privacy`), ctx(p.id))).status).toBe(403);
    expect((await exportRoute(req(cookie.viewer, `/api/customers/${p.id}/privacy`), ctx(p.id))).status).toBe(403);
    const foreign = await exportRoute(req(cookie.other, `/api/customers/${p.id}/privacy`), ctx(p.id));
    expect(foreign.status).toBe(404);
    expect((await json(foreign)).error?.message).toBe("Pelanggan tidak ditemukan.");
    expect((await exportRoute(req("", `/api/customers/${p.id}/privacy`), ctx(p.id))).status).toBe(401);
    // Straight at the RPC with the owner's business id: the role check is in SQL too.
    const rpc = await other.client.rpc("privacy_export_customer", { p_business_id: owner.businessId, p_customer_id: p.id });
    expect(rpc.error?.hint).toBe("forbidden");
  });
});

describe("anonymise (POST /api/customers/:id/privacy/anonymise)", () => {
  it("replaces the personal data, keeps sales and ledger amounts, removes the files and scrubs the audit trail", async () => {
    const p = await makePerson("anonim");
    const before = await sqlOne<{ n: number; total: string; balance: string }>(
      "select count(*)::int as n, sum(t.amount)::text as total, (select balance::text from public.customers where id = $1) as balance from public.transactions t where t.customer_id = $1", [p.id],
    );
    // The precondition the scrub is about: the trail holds the personal data before.
    const auditBefore = await auditText();
    for (const secret of personalStrings(p)) expect(auditBefore, secret).toContain(secret);
    const res = await anonymiseRoute(req(cookie.admin, `/api/customers/${p.id}/privacy/anonymise`, { method: "POST" }), ctx(p.id));
    const body = await json(res);
    expect(res.status).toBe(200);
    const anonName = `Pelanggan Anonim ${p.id.replace(/-/g, "").slice(0, 8).toUpperCase()}`;
    expect(body.data).toEqual({ id: p.id, name: anonName, filesRemoved: 1, filesFailed: 0 });

    const c = await sqlOne("select name, whatsapp, phone, email, address, city, metadata, status, anonymised_at is not null as anonymised from public.customers where id = $1", [p.id]);
    expect(c).toEqual({ name: anonName, whatsapp: null, phone: null, email: null, address: null, city: null, metadata: {}, status: "inactive", anonymised: true });
    for (const table of ["customer_contacts", "customer_notes", "customer_documents"]) {
      expect((await sqlOne<{ n: number }>(`select count(*)::int as n from public.${table} where customer_id = $1`, [p.id])).n, table).toBe(0);
    }
    expect(await objectCount(p.path)).toBe(0);
    // Figures stay: same sales, same total, same balance; items kept; free text gone.
    const after = await sqlOne<{ n: number; total: string; balance: string }>(
      "select count(*)::int as n, sum(t.amount)::text as total, (select balance::text from public.customers where id = $1) as balance from public.transactions t where t.customer_id = $1", [p.id],
    );
    expect(after).toEqual(before);
    expect((await sqlOne<{ notes: string | null }>("select notes from public.transactions where customer_id = $1", [p.id])).notes).toBeNull();
    expect(await sqlOne("select amount::float as amount, description from public.customer_ledger where customer_id = $1", [p.id])).toEqual({ amount: 50000, description: "(dianonimkan)" });
    // Nothing personal left anywhere: the timeline, the audit trail.
    const timeline = (await sql<{ t: string }>("select coalesce(title, '') || ' ' || coalesce(body, '') || ' ' || metadata::text as t from public.customer_activities where customer_id = $1", [p.id])).map((r) => r.t).join("\n");
    const audit = await auditText();
    for (const secret of personalStrings(p)) {
      expect(timeline, secret).not.toContain(secret);
      expect(audit, secret).not.toContain(secret);
    }
    const logged = await sqlOne<{ actor_id: string; after: Record<string, number> }>(
      "select actor_id, after from public.audit_log where action = 'privacy_anonymise' and record_id = $1", [p.id],
    );
    expect(logged.actor_id).toBe(admin.id);
    expect(logged.after).toMatchObject({ contacts_removed: 1, notes_removed: 1, documents_removed: 1 });
    expect(logged.after.audit_rows_scrubbed).toBeGreaterThan(5);
    // The earlier rows still say who changed what and when, without the content.
    const scrubbed = await sqlOne<{ n: number }>("select count(*)::int as n from public.audit_log where table_name = 'customers' and record_id = $1 and coalesce(after, before) ->> 'privacy_scrubbed' = 'anonymised'", [p.id]);
    expect(scrubbed.n).toBeGreaterThanOrEqual(3);
  });

  it("answers 409 the second time and changes nothing", async () => {
    const p = await makePerson("duakali");
    expect((await anonymiseRoute(req(cookie.owner, `/api/customers/${p.id}/privacy/anonymise`, { method: "POST" }), ctx(p.id))).status).toBe(200);
    const auditRows = (await sqlOne<{ n: number }>("select count(*)::int as n from public.audit_log where business_id = $1", [owner.businessId])).n;
    const again = await anonymiseRoute(req(cookie.owner, `/api/customers/${p.id}/privacy/anonymise`, { method: "POST" }), ctx(p.id));
    expect(again.status).toBe(409);
    expect((await json(again)).error?.message).toBe("Pelanggan ini sudah dianonimkan.");
    expect((await sqlOne<{ n: number }>("select count(*)::int as n from public.audit_log where business_id = $1", [owner.businessId])).n).toBe(auditRows);
  });

  it("refuses staff (403) and another business (404) without touching the customer", async () => {
    const p = await makePerson("anonimditolak");
    expect((await anonymiseRoute(req(cookie.staff, `/api/customers/${p.id}/privacy/anonymise`, { method: "POST" }), ctx(p.id))).status).toBe(403);
    expect((await anonymiseRoute(req(cookie.other, `/api/customers/${p.id}/privacy/anonymise`, { method: "POST" }), ctx(p.id))).status).toBe(404);
    const rpc = await other.client.rpc("anonymise_customer", { p_business_id: owner.businessId, p_customer_id: p.id });
    expect(rpc.error?.hint).toBe("forbidden");
    const { data: staffRpc } = await owner.client.rpc("anonymise_customer", { p_business_id: other.businessId, p_customer_id: p.id });
    expect(staffRpc).toBeNull();
    expect((await sqlOne("select name, anonymised_at from public.customers where id = $1", [p.id]))).toEqual({ name: p.name, anonymised_at: null });
    expect(await objectCount(p.path)).toBe(1);
  });
});

describe("import staging rows (the imports feature)", () => {
  it("anonymise clears the raw cells of rows that created or updated the customer or their sales; delete deletes those rows (more in imports-privacy.test.ts)", async () => {
    const stage = async (p: Person) => {
      const imp = await sqlOne<{ id: string }>(
        `insert into public.imports (business_id, kind, file_name, file_format, file_size, storage_path)
         values ($1, 'customers', 'pelanggan.csv', 'csv', 100, $2) returning id`, [owner.businessId, `${owner.businessId}/${randomUUID()}.csv`],
      );
      const txId = (await sqlOne<{ id: string }>("select id from public.transactions where customer_id = $1", [p.id])).id;
      await sql(
        `insert into public.import_rows (import_id, row_number, business_id, raw, parsed, status, target_id)
         values ($1, 2, $2, $3, $4, 'imported', $5), ($1, 3, $2, $3, $4, 'imported', $6), ($1, 4, $2, '["Orang Lain"]', null, 'imported', null)`,
        [imp.id, owner.businessId, JSON.stringify([p.name, p.whatsapp, p.address]), JSON.stringify({ name: p.name }), p.id, txId],
      );
      return imp.id;
    };
    const rowsOf = async (importId: string) =>
      (await sql<{ raw: unknown; parsed: unknown }>("select raw, parsed from public.import_rows where import_id = $1 order by row_number", [importId]));

    const a = await makePerson("imporanon");
    const importA = await stage(a);
    expect((await anonymiseRoute(req(cookie.owner, `/api/customers/${a.id}/privacy/anonymise`, { method: "POST" }), ctx(a.id))).status).toBe(200);
    expect(await rowsOf(importA)).toEqual([{ raw: [], parsed: null }, { raw: [], parsed: null }, { raw: ["Orang Lain"], parsed: null }]);

    const d = await makePerson("imporhapus");
    const importD = await stage(d);
    expect((await deleteRoute(req(cookie.owner, `/api/customers/${d.id}/privacy`, { method: "DELETE", body: { confirmName: d.name } }), ctx(d.id))).status).toBe(200);
    expect(await rowsOf(importD)).toEqual([{ raw: ["Orang Lain"], parsed: null }]);
  });
});

describe("hard delete (DELETE /api/customers/:id/privacy)", () => {
  it("refuses an admin (403), a wrong typed name (400), another business (404), and changes nothing", async () => {
    const p = await makePerson("tolakhapus");
    const del = (who: string, confirmName: string) => deleteRoute(req(who, `/api/customers/${p.id}/privacy`, { method: "DELETE", body: { confirmName } }), ctx(p.id));
    expect((await del(cookie.admin, p.name)).status).toBe(403);
    const wrong = await del(cookie.owner, p.name.toUpperCase());
    expect(wrong.status).toBe(400);
    expect((await json(wrong)).error).toMatchObject({ code: "VALIDATION_ERROR", message: "Nama yang diketik tidak sama persis dengan nama pelanggan.", details: { confirmName: "confirm_name_mismatch" } });
    expect((await del(cookie.owner, "")).status).toBe(400);
    expect((await del(cookie.other, p.name)).status).toBe(404);
    const rpc = await admin.client.rpc("privacy_delete_customer", { p_business_id: owner.businessId, p_customer_id: p.id, p_confirm_name: p.name });
    expect(rpc.error?.hint).toBe("forbidden");
    expect((await sqlOne<{ n: number }>("select count(*)::int as n from public.transactions where customer_id = $1", [p.id])).n).toBe(1);
    expect(await objectCount(p.path)).toBe(1);
  });

  it("deletes the customer and everything under it, its files, and leaves an audit trail without personal data", async () => {
    const p = await makePerson("hapus");
    const txId = (await sqlOne<{ id: string }>("select id from public.transactions where customer_id = $1", [p.id])).id;
    const res = await deleteRoute(req(cookie.owner, `/api/customers/${p.id}/privacy`, { method: "DELETE", body: { confirmName: ` ${p.name} ` } }), ctx(p.id));
    expect(res.status).toBe(200);
    expect((await json(res)).data).toEqual({ id: p.id, deleted: true, filesRemoved: 1, filesFailed: 0 });
    for (const table of ["customers", "customer_contacts", "customer_notes", "customer_documents", "customer_ledger", "customer_tags", "customer_activities", "customer_stats", "transactions"]) {
      const column = table === "customers" ? "id" : "customer_id";
      expect((await sqlOne<{ n: number }>(`select count(*)::int as n from public.${table} where ${column} = $1`, [p.id])).n, table).toBe(0);
    }
    expect((await sqlOne<{ n: number }>("select count(*)::int as n from public.transaction_items where transaction_id = $1", [txId])).n).toBe(0);
    expect(await objectCount(p.path)).toBe(0);
    const audit = await auditText();
    for (const secret of personalStrings(p)) expect(audit, secret).not.toContain(secret);
    const logged = await sqlOne<{ actor_id: string; actor_role: string; after: Record<string, unknown> }>(
      "select actor_id, actor_role, after from public.audit_log where action = 'privacy_delete' and record_id = $1", [p.id],
    );
    expect(logged).toMatchObject({ actor_id: owner.id, actor_role: "owner" });
    expect(logged.after).toMatchObject({ transactions_deleted: 1, documents_deleted: 1, was_anonymised: false });
    // The cascade's own delete rows are there (who, when, which row) but scrubbed.
    const cascade = await sqlOne<{ n: number }>("select count(*)::int as n from public.audit_log where table_name = 'transactions' and record_id = $1 and action = 'delete' and before ->> 'privacy_scrubbed' = 'deleted'", [txId]);
    expect(cascade.n).toBe(1);
  });

  it("also deletes an anonymised customer by its anonymous name", async () => {
    const p = await makePerson("anonlalu");
    const anon = await json(await anonymiseRoute(req(cookie.owner, `/api/customers/${p.id}/privacy/anonymise`, { method: "POST" }), ctx(p.id)));
    const name = String(anon.data?.name);
    const res = await deleteRoute(req(cookie.owner, `/api/customers/${p.id}/privacy`, { method: "DELETE", body: { confirmName: name } }), ctx(p.id));
    expect(res.status).toBe(200);
    expect((await sqlOne<{ n: number }>("select count(*)::int as n from public.customers where id = $1", [p.id])).n).toBe(0);
  });
});

describe("job privacy.remove_files (retry of a failed Storage removal)", () => {
  it("removes the objects and is safe to run again", async () => {
    const path = `${owner.businessId}/${randomUUID()}/${randomUUID()}-sisa.pdf`;
    const up = await owner.client.storage.from(BUCKET).upload(path, new Blob([new Uint8Array(16).fill(37)], { type: "application/pdf" }), { contentType: "application/pdf" });
    expect(up.error).toBeNull();
    expect(await objectCount(path)).toBe(1);
    const log = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => log };
    const ctx = { jobId: randomUUID(), name: "privacy.remove_files", attempt: 1, log, sql: async () => ({ rows: [] }), signal: new AbortController().signal };
    // A payload without a bucket (queued before the field existed) means customer documents.
    const payload = removeFilesPayload.parse({ paths: [path] });
    expect(payload.bucket).toBe(BUCKET);
    expect(await privacyRemoveFiles.handler(payload, ctx)).toEqual({ removed: 1 });
    expect(await objectCount(path)).toBe(0);
    expect(await privacyRemoveFiles.handler(payload, ctx)).toEqual({ removed: 1 });
  });
});
