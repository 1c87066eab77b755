/**
 * Imports and privacy (docs/privacy.md "Imports"): once an import is finished its uploaded
 * file is gone from Storage (the error file still downloads: it is built from the staged
 * rows), and an owner's hard delete of a customer deletes the staged rows that created,
 * updated or sold to them and the rows naming them by WhatsApp or email (errors, in-file
 * duplicates), and removes the import files those rows came from. Other customers' rows stay.
 */
import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as anonymiseRoute } from "../../src/app/api/customers/[id]/privacy/anonymise/route";
import { DELETE as deleteRoute } from "../../src/app/api/customers/[id]/privacy/route";
import { GET as errorsRoute } from "../../src/app/api/imports/[id]/errors/route";
import { POST as startRoute } from "../../src/app/api/imports/[id]/start/route";
import { POST as uploadRoute } from "../../src/app/api/imports/route";
import { stopBoss } from "../../src/lib/jobs/boss";
import { importsProcess } from "../../src/lib/jobs/jobs/imports-process";
import { createLogger, setLogSink } from "../../src/lib/logger";
import { closeDb, sql, sqlOne } from "./helpers/db";
import { sessionCookie, useStackEnv } from "./helpers/next-request";
import { randomWhatsapp, registerOwner, type TestOwner } from "./helpers/users";

vi.mock("next/headers", async () => (await import("./helpers/next-request")).nextHeadersMock);

const SCHEMA = `pgboss_imppriv_${randomUUID().slice(0, 8)}`;
interface Envelope<T = Record<string, unknown>> { success: boolean; data?: T; error?: { code: string; message: string } }
type ImportRow = { id: string; status: string; mapping: Record<string, number>; storage_path: string };

let owner: TestOwner;
let cookie: string;

const params = (id: string) => ({ params: Promise.resolve({ id }) });
const jsonReq = (path: string, method: string, body?: unknown) =>
  new NextRequest(`http://localhost${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { cookie, "content-type": "application/json" } });
const jobCtx = () => ({
  jobId: randomUUID(), name: "imports.process", attempt: 1, log: createLogger({ test: "imports-privacy" }), signal: new AbortController().signal,
  sql: async (text: string, values?: unknown[]) => ({ rows: await sql(text, values ?? []) }),
});

/** Upload (staged, file stored) and, unless `stage` only, start and run the job to the end. */
async function importFile(kind: "customers" | "transactions", csv: string, opts: { stage?: boolean } = {}): Promise<ImportRow> {
  const form = new FormData();
  form.set("kind", kind);
  form.set("file", new File([csv], `${kind}.csv`));
  const res = await uploadRoute(new NextRequest("http://localhost/api/imports", { method: "POST", body: form, headers: { cookie } }));
  const body = (await res.json()) as Envelope<ImportRow>;
  expect(res.status, JSON.stringify(body.error)).toBe(201);
  const imp = body.data as ImportRow;
  if (opts.stage) return imp;
  const started = await startRoute(jsonReq(`/api/imports/${imp.id}/start`, "POST", { mapping: imp.mapping, duplicateStrategy: "skip" }), params(imp.id));
  expect(started.status).toBe(202);
  await importsProcess.handler({ importId: imp.id }, jobCtx());
  return imp;
}

const fileCount = async (path: string) =>
  (await sqlOne<{ n: number }>("select count(*)::int as n from storage.objects where bucket_id = 'import-files' and name = $1", [path])).n;
const stagedText = async (importId: string) =>
  (await sql<{ row_number: number; raw: string[]; parsed: unknown; status: string }>(
    "select row_number, raw, parsed, status from public.import_rows where import_id = $1 order by row_number", [importId]));

beforeAll(async () => {
  await useStackEnv();
  process.env.SMA_JOBS_SCHEMA = SCHEMA;
  const { resetEnvCache } = await import("../../src/lib/env");
  resetEnvCache();
  setLogSink(() => {});
  owner = await registerOwner("imp-priv");
  cookie = await sessionCookie(owner.email);
});

afterAll(async () => {
  await stopBoss();
  await sql(`drop schema if exists ${SCHEMA} cascade`);
  await closeDb();
});

describe("import files in Storage", () => {
  it("are stored while the import waits for its mapping and removed once it is finished; the error file still downloads", async () => {
    const csv = `Nama,No WA\nSari,${randomWhatsapp()}\nTanpa Nomor,123\n`;
    const waiting = await importFile("customers", csv, { stage: true });
    expect(await fileCount(waiting.storage_path)).toBe(1);

    const done = await importFile("customers", csv.replace("Sari", "Sari Dua").replace(/\+?\d{9,}/, randomWhatsapp()));
    expect((await sqlOne<{ status: string }>("select status from public.imports where id = $1", [done.id])).status).toBe("completed");
    expect(await fileCount(done.storage_path)).toBe(0);
    const res = await errorsRoute(jsonReq(`/api/imports/${done.id}/errors`, "GET"), params(done.id));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Tanpa Nomor;123;3;");

    // A repeated job for a finished import changes nothing and finds no file to keep.
    expect(await importsProcess.handler({ importId: done.id }, jobCtx())).toEqual({ skipped: true });
  });
});

describe("hard delete of a customer", () => {
  it("deletes the staged rows that created, matched or name the customer, and the import files; other rows stay", async () => {
    const tag = randomUUID().slice(0, 6);
    const wa = randomWhatsapp(); // +62...
    const typed = `0${wa.slice(3)}`; // as owners type it
    const otherWa = randomWhatsapp();
    const name = `Bu Hapus ${tag}`;
    const email = `hapus-${tag}@contoh.id`;
    // Row 2 creates the customer, row 3 repeats her number (duplicate), row 4 has her email but
    // a bad number (error), row 5 is someone else.
    const customers = await importFile("customers",
      `Nama,No WA,Email\n${name},${typed},${email}\n${name} lagi,${typed},\nSalah Nomor,12,${email.toUpperCase()}\nOrang Lain ${tag},${otherWa},\n`);
    const customer = await sqlOne<{ id: string }>("select id from public.customers where business_id = $1 and name = $2", [owner.businessId, name]);
    // Her sales (imported: target = the sale), one unmatched error row naming her number
    // with a bad amount, and another customer's sale.
    const sales = await importFile("transactions",
      `Tanggal,No WA,Jumlah\n01/03/2026,${typed},150000\n02/03/2026,${typed},1.5\n03/03/2026,${otherWa},90000\n`);
    // An import still waiting for its mapping that lists her (with the number written another
    // way) and someone else: her row and the file go, the other row stays.
    const pending = await importFile("customers", `Nama,No WA\n${name},${wa.slice(0, 6)} ${wa.slice(6)}\nOrang Ketiga,${randomWhatsapp()}\n`, { stage: true });

    const before = {
      customers: (await stagedText(customers.id)).length,
      sales: (await stagedText(sales.id)).length,
    };
    expect(before).toEqual({ customers: 4, sales: 3 });

    const res = await deleteRoute(jsonReq(`/api/customers/${customer.id}/privacy`, "DELETE", { confirmName: name }), params(customer.id));
    const body = (await res.json()) as Envelope<{ deleted: boolean; filesFailed: number }>;
    expect(res.status, JSON.stringify(body.error)).toBe(200);
    expect(body.data?.filesFailed).toBe(0);

    const leftCustomers = await stagedText(customers.id);
    expect(leftCustomers.map((r) => r.row_number)).toEqual([5]);
    const leftSales = await stagedText(sales.id);
    expect(leftSales.map((r) => r.row_number)).toEqual([4]);
    const everything = JSON.stringify([leftCustomers, leftSales]);
    for (const secret of [name, typed, wa, email, email.toUpperCase()]) expect(everything).not.toContain(secret);
    expect(await fileCount(customers.storage_path)).toBe(0);
    expect(await fileCount(sales.storage_path)).toBe(0);
    expect((await stagedText(pending.id)).map((r) => r.row_number)).toEqual([3]);
    expect(await fileCount(pending.storage_path)).toBe(0);

    const audit = await sqlOne<{ after: Record<string, unknown> }>(
      "select after from public.audit_log where business_id = $1 and action = 'privacy_delete' and record_id = $2", [owner.businessId, customer.id]);
    expect(audit.after.import_files).toBe(3);
  });
});

describe("anonymise of a customer", () => {
  it("blanks the staged rows that created or name the customer (duplicates, errors, a waiting import) and keeps the others", async () => {
    const tag = randomUUID().slice(0, 6);
    const wa = randomWhatsapp();
    const typed = `0${wa.slice(3)}`;
    const name = `Bu Samar ${tag}`;
    const email = `samar-${tag}@contoh.id`;
    const other = `Orang Lain ${tag}`;
    const customers = await importFile("customers",
      `Nama,No WA,Email\n${name},${typed},${email}\n${name} lagi,${typed},\nSalah Nomor,12,${email.toUpperCase()}\n${other},${randomWhatsapp()},\n`);
    const pending = await importFile("customers", `Nama,No WA\n${name},${wa}\nOrang Ketiga ${tag},${randomWhatsapp()}\n`, { stage: true });
    const customer = await sqlOne<{ id: string }>("select id from public.customers where business_id = $1 and name = $2", [owner.businessId, name]);

    const res = await anonymiseRoute(jsonReq(`/api/customers/${customer.id}/privacy/anonymise`, "POST"), params(customer.id));
    expect(res.status).toBe(200);

    // Rows stay (the import's counts and row numbers hold) but keep no cells of hers.
    const rows = await stagedText(customers.id);
    expect(rows.map((r) => r.row_number)).toEqual([2, 3, 4, 5]);
    expect(rows.filter((r) => r.raw.length === 0).map((r) => r.row_number)).toEqual([2, 3, 4]);
    const waiting = await stagedText(pending.id);
    expect(waiting.filter((r) => r.raw.length === 0).map((r) => r.row_number)).toEqual([2]);
    const everything = JSON.stringify([rows, waiting]);
    for (const secret of [name, typed, wa, email, email.toUpperCase()]) expect(everything).not.toContain(secret);
    expect(everything).toContain(other);
    expect(everything).toContain(`Orang Ketiga ${tag}`);
  });
});
