/**
 * Imports (issue 4, items 1-7) against the local stack: the /api/imports route handlers are
 * called directly with real session cookies (PostgREST, Storage and the RPCs are real), and
 * the imports.process job handler runs against the real database. Fixtures (CSV text, XLSX
 * workbooks) are generated here. Jobs are queued into a throwaway pg-boss schema, so the
 * stack's worker never races the test for them.
 */
import { randomUUID } from "node:crypto";
import ExcelJS from "exceljs";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as errorsRoute } from "../../src/app/api/imports/[id]/errors/route";
import { POST as previewRoute } from "../../src/app/api/imports/[id]/preview/route";
import { GET as getRoute } from "../../src/app/api/imports/[id]/route";
import { POST as startRoute } from "../../src/app/api/imports/[id]/start/route";
import { POST as uploadRoute } from "../../src/app/api/imports/route";
import { stopBoss } from "../../src/lib/jobs/boss";
import { importsProcess } from "../../src/lib/jobs/jobs/imports-process";
import { parseImportDate, parseRupiah } from "../../src/lib/imports/values";
import { createLogger, setLogSink } from "../../src/lib/logger";
import { closeDb, sql, sqlOne } from "./helpers/db";
import { sessionCookie, useStackEnv } from "./helpers/next-request";
import { addMember, randomWhatsapp, registerOwner, type TestOwner } from "./helpers/users";

vi.mock("next/headers", async () => (await import("./helpers/next-request")).nextHeadersMock);

const SCHEMA = `pgboss_imp_${randomUUID().slice(0, 8)}`;

interface Envelope<T = Record<string, unknown>> {
  success: boolean;
  data?: T;
  error?: { code: string; message: string; details?: Record<string, unknown> };
}
type ImportRow = Record<string, unknown> & { id: string; status: string; total_rows: number };

let owner: TestOwner;
let other: TestOwner;
let cookie: string;
let otherCookie: string;
let viewerCookie: string;

const params = (id: string) => ({ params: Promise.resolve({ id }) });
const jsonReq = (c: string, path: string, method: string, body?: unknown) =>
  new NextRequest(`http://localhost${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { cookie: c, "content-type": "application/json" },
  });

async function upload(c: string, kind: string, name: string, content: string | Uint8Array): Promise<{ status: number; body: Envelope<ImportRow> }> {
  const form = new FormData();
  form.set("kind", kind);
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  form.set("file", new File([Buffer.from(bytes)], name));
  const res = await uploadRoute(new NextRequest("http://localhost/api/imports", { method: "POST", body: form, headers: { cookie: c } }));
  return { status: res.status, body: (await res.json()) as Envelope<ImportRow> };
}

async function uploadOk(kind: string, name: string, content: string | Uint8Array): Promise<ImportRow> {
  const { status, body } = await upload(cookie, kind, name, content);
  expect(body.error, JSON.stringify(body.error)).toBeUndefined();
  expect(status).toBe(201);
  return body.data as ImportRow;
}

async function start(id: string, mapping: Record<string, number>, duplicateStrategy = "skip") {
  const res = await startRoute(jsonReq(cookie, `/api/imports/${id}/start`, "POST", { mapping, duplicateStrategy }), params(id));
  return { status: res.status, body: (await res.json()) as Envelope<ImportRow> };
}

const ctx = () => ({
  jobId: randomUUID(),
  name: "imports.process",
  attempt: 1,
  log: createLogger({ test: "imports" }),
  signal: new AbortController().signal,
  sql: async (text: string, values?: unknown[]) => ({ rows: await sql(text, values ?? []) }),
});

const runJob = (importId: string) => importsProcess.handler({ importId }, ctx());
const getImport = (id: string) => sqlOne<Record<string, number | string>>("select * from public.imports where id = $1", [id]);
const rowsOf = (id: string) =>
  sql<{ row_number: number; status: string; errors: { field: string; key: string }[]; parsed: Record<string, unknown> | null }>(
    "select row_number, status, errors, parsed from public.import_rows where import_id = $1 order by row_number",
    [id],
  );
const customerCount = (businessId: string) => sqlOne<{ n: number }>("select count(*)::int as n from public.customers where business_id = $1", [businessId]);

async function importCustomers(csv: string, strategy = "skip") {
  const imp = await uploadOk("customers", "pelanggan.csv", csv);
  const started = await start(imp.id, imp.mapping as Record<string, number>, strategy);
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  await runJob(imp.id);
  return { id: imp.id, summary: await getImport(imp.id), rows: await rowsOf(imp.id) };
}

async function xlsx(rows: (string | number | Date | null)[][], format?: (ws: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Data");
  for (const r of rows) ws.addRow(r);
  format?.(ws);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

beforeAll(async () => {
  await useStackEnv();
  process.env.SMA_JOBS_SCHEMA = SCHEMA;
  const { resetEnvCache } = await import("../../src/lib/env");
  resetEnvCache();
  setLogSink(() => {});
  [owner, other] = await Promise.all([registerOwner("imp-a"), registerOwner("imp-b")]);
  const viewer = await addMember(owner, "viewer", "imp-viewer");
  [cookie, otherCookie, viewerCookie] = await Promise.all([sessionCookie(owner.email), sessionCookie(other.email), sessionCookie(viewer.email)]);
});

afterAll(async () => {
  await stopBoss();
  await sql(`drop schema if exists ${SCHEMA} cascade`);
  await closeDb();
});

describe("reading files", () => {
  it("CSV with a UTF-8 BOM, commas, quoted fields with newlines and empty rows", async () => {
    const wa = randomWhatsapp();
    const csv = `\ufeffNama,No WA,Alamat\r\n"Sari, Toko",${wa},"Jl. Melati 1\nRT 02"\r\n,,\r\n\r\n"Budi ""Batik""",${randomWhatsapp()},\r\n`;
    const imp = await uploadOk("customers", "bom.csv", csv);
    expect(imp.headers).toEqual(["Nama", "No WA", "Alamat"]);
    expect(imp.total_rows).toBe(2);
    const rows = await sql<{ row_number: number; raw: string[] }>("select row_number, raw from public.import_rows where import_id = $1 order by row_number", [imp.id]);
    expect(rows.map((r) => r.row_number)).toEqual([2, 5]);
    expect(rows[0]?.raw).toEqual(["Sari, Toko", wa, "Jl. Melati 1\nRT 02"]);
    expect(rows[1]?.raw[0]).toBe('Budi "Batik"');
  });

  it("a file larger than one parsing piece and one staging batch, read as a stream: every row staged once, in order, quoted newlines and non-Latin text intact", async () => {
    // ~2.2 MB and 12,000 rows: the CSV is parsed 1 MB at a time and staged 5,000 rows at a
    // time, so records and multi-byte characters straddle both kinds of boundary.
    const n = 12_000;
    const lines = ["Nama;Catatan;Kota"];
    for (let i = 1; i <= n; i++) {
      lines.push(i % 3 === 0 ? `"Toko ${i}";"baris satu\nbaris dua ""kutip"" ${"é".repeat(i % 90)}";Kota ${i}` : `Warung “${i}”;${"x".repeat(i % 120)};Pekalongan`);
      if (i % 1000 === 0) lines.push("");
    }
    const imp = await uploadOk("customers", "besar-aliran.csv", lines.join("\r\n") + "\r\n");
    expect(imp.total_rows).toBe(n);
    const summary = await sqlOne<{ n: number; first: number; last: number; dupes: number }>(
      `select count(*)::int as n, min(row_number) as first, max(row_number) as last,
              count(*)::int - count(distinct raw ->> 0)::int as dupes
         from public.import_rows where import_id = $1`,
      [imp.id],
    );
    // 12 blank lines (one after every 1,000th row) keep their line numbers but are not staged.
    expect(summary).toEqual({ n, first: 2, last: n + 1 + 11, dupes: 0 });
    const sample = await sql<{ row_number: number; raw: string[] }>(
      "select row_number, raw from public.import_rows where import_id = $1 and raw ->> 0 in ('Toko 8997', 'Warung “11999”') order by row_number",
      [imp.id],
    );
    expect(sample[0]?.raw).toEqual(["Toko 8997", `baris satu\nbaris dua "kutip" ${"é".repeat(8997 % 90)}`, "Kota 8997"]);
    expect(sample[1]?.raw).toEqual(["Warung “11999”", "x".repeat(11999 % 120), "Pekalongan"]);
  });

  it("the form's fields in any order (the file part before kind)", async () => {
    const form = new FormData();
    form.set("file", new File([`Nama,No WA\nAni,${randomWhatsapp()}\n`], "urutan.csv"));
    form.set("kind", "customers");
    const res = await uploadRoute(new NextRequest("http://localhost/api/imports", { method: "POST", body: form, headers: { cookie } }));
    expect(res.status).toBe(201);
    expect(((await res.json()) as Envelope<ImportRow>).data?.total_rows).toBe(1);
  });

  it("semicolon-delimited CSV (Indonesian Excel) with rupiah using comma decimals", async () => {
    const imp = await uploadOk("customers", "titikkoma.csv", `Nama;HP;Saldo\nAni;${randomWhatsapp()};1.500.000,00\n`);
    expect(imp.headers).toEqual(["Nama", "HP", "Saldo"]);
    const res = await previewRoute(jsonReq(cookie, `/api/imports/${imp.id}/preview`, "POST", { mapping: imp.mapping }), params(imp.id));
    const body = (await res.json()) as Envelope<{ ok: boolean; parsed: Record<string, unknown> }[]>;
    expect(body.data?.[0]).toMatchObject({ ok: true, parsed: { name: "Ani", balance: 1500000 } });
  });

  it("a small semicolon file with a trailing newline and a tab-separated file", async () => {
    const semi = await uploadOk("customers", "kecil.csv", `Nama;No WA\nAni;${randomWhatsapp()}\n`);
    expect(semi.headers).toEqual(["Nama", "No WA"]);
    const tab = await uploadOk("customers", "tab.csv", `Nama\tEmail\nAni\tani@contoh.id\n\n`);
    expect(tab.headers).toEqual(["Nama", "Email"]);
  });

  it("matches header names loosely", async () => {
    const imp = await uploadOk(
      "customers",
      "judul.csv",
      `nama pelanggan,WhatsApp,Telepon,E-mail,ALAMAT,Kota,Tag,Saldo\nA,${randomWhatsapp()},021-5550123,a@contoh.id,Jl,Solo,vip,0\n`,
    );
    expect(imp.mapping).toEqual({ name: 0, whatsapp: 1, phone: 2, email: 3, address: 4, city: 5, tags: 6, balance: 7 });
    const tx = await uploadOk("transactions", "jual.csv", `Tanggal;Name;No WA;Email;Total;Produk;Catatan\n01/02/2026;A;${randomWhatsapp()};a@b.id;10000;Kain;x\n`);
    expect(tx.mapping).toEqual({ date: 0, name: 1, whatsapp: 2, email: 3, amount: 4, product: 5, notes: 6 });
    const hp = await uploadOk("transactions", "jumlah.csv", `Tgl,Jumlah,HP\n2026-01-02,5000,${randomWhatsapp()}\n`);
    expect(hp.mapping).toEqual({ date: 0, amount: 1, whatsapp: 2 });
  });

  it("XLSX: date cells, text dates, number cells and formula results", async () => {
    const wa = randomWhatsapp().replace("+62", "0");
    const bytes = await xlsx(
      [
        ["Tanggal", "Jumlah", "No WA"],
        [new Date(Date.UTC(2026, 0, 15)), 1500000, wa],
        ["31/01/2026", 250000.5, wa],
        [null, null, null],
        ["2026-02-03", { formula: "1000*2", result: 2000 } as unknown as number, wa],
      ],
      (ws) => {
        ws.getColumn(1).numFmt = "dd/mm/yyyy";
      },
    );
    const imp = await uploadOk("transactions", "jual.xlsx", bytes);
    expect(imp.file_format).toBe("xlsx");
    const rows = await sql<{ row_number: number; raw: string[] }>("select row_number, raw from public.import_rows where import_id = $1 order by row_number", [imp.id]);
    expect(rows).toEqual([
      { row_number: 2, raw: ["2026-01-15", "1500000", wa] },
      { row_number: 3, raw: ["31/01/2026", "250000,5", wa] },
      { row_number: 5, raw: ["2026-02-03", "2000", wa] },
    ]);
  });
});

describe("values", () => {
  it("rupiah as owners write it; ambiguous amounts are errors, never guesses", () => {
    for (const ok of ["1500000", "1.500.000", "Rp1.500.000", "Rp 1.500.000,00", "1500000,00", "IDR 1.500.000", "1,500,000", " 1 500 000 "]) {
      expect(parseRupiah(ok), ok).toEqual({ ok: true, value: 1500000 });
    }
    expect(parseRupiah("-250.000")).toEqual({ ok: true, value: -250000 });
    expect(parseRupiah("99,5")).toEqual({ ok: true, value: 99.5 });
    for (const bad of ["1,5jt", "1.5", "1,500", "150rb", "1.500.00", "1.5.2026"]) expect(parseRupiah(bad), bad).toEqual({ ok: false, key: "amountAmbiguous" });
    for (const bad of ["", "Rp", "lima ribu"]) expect(parseRupiah(bad), bad).toEqual({ ok: false, key: "amountInvalid" });
  });

  it("dates dd/mm/yyyy and yyyy-mm-dd; impossible calendar dates are errors", () => {
    expect(parseImportDate("05/02/2026")).toEqual({ ok: true, value: "2026-02-05" });
    expect(parseImportDate("5-2-2026")).toEqual({ ok: true, value: "2026-02-05" });
    expect(parseImportDate("2026-2-5")).toEqual({ ok: true, value: "2026-02-05" });
    expect(parseImportDate("29/02/2024")).toEqual({ ok: true, value: "2024-02-29" });
    for (const bad of ["31/02/2026", "29/02/2026", "00/01/2026", "12/13/2026", "2026-04-31"]) expect(parseImportDate(bad), bad).toEqual({ ok: false, key: "dateImpossible" });
    for (const bad of ["2026/02/05", "Feb 5 2026", "45678", "05/02/26"]) expect(parseImportDate(bad), bad).toEqual({ ok: false, key: "dateInvalid" });
  });
});

describe("bad files change nothing", () => {
  const refused = async (name: string, content: string | Uint8Array, key: string, kind = "customers") => {
    const before = await sqlOne<{ n: number }>("select count(*)::int as n from public.imports where business_id = $1", [owner.businessId]);
    const { status, body } = await upload(cookie, kind, name, content);
    expect(status, `${name}: ${JSON.stringify(body)}`).toBe(400);
    expect(body.error?.details).toEqual({ file: key });
    expect(body.error?.message).toMatch(/[a-z]/i);
    const after = await sqlOne<{ n: number }>("select count(*)::int as n from public.imports where business_id = $1", [owner.businessId]);
    expect(after.n).toBe(before.n);
    return body.error?.message ?? "";
  };

  it("empty file, only blank lines, header only", async () => {
    expect(await refused("kosong.csv", "", "empty")).toBe("Berkas kosong.");
    await refused("spasi.csv", "\r\n\r\n ,  \n", "empty");
    expect(await refused("judul.csv", "Nama,No WA\n", "noRows")).toContain("tanpa baris data");
  });

  it("not CSV/XLSX by content, whatever the name says", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(await refused("pelanggan.csv", png, "notSpreadsheet")).toContain("bukan berkas CSV atau Excel");
    await refused("pelanggan.xlsx", new TextEncoder().encode("%PDF-1.7\n%âãÏÓ\n1 0 obj"), "notSpreadsheet");
    await refused("lama.xls", new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 1, 2]), "xlsUnsupported");
    await refused("rusak.xlsx", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]), "unreadable");
  });

  it("a missing header row", async () => {
    expect(await refused("tanpajudul.csv", `Budi,${randomWhatsapp()},budi@contoh.id\n`, "noHeader")).toContain("judul kolom");
  });

  it("over 20 MB and over 200,000 rows", async () => {
    await refused("besar.csv", new Uint8Array(20 * 1024 * 1024 + 1).fill(0x41), "tooLarge");
    const many = "Nama,WA\n" + "a,1\n".repeat(200_001);
    expect(await refused("banyak.csv", many, "tooManyRows")).toContain("200.000");
  });

  it("an unknown kind, and a viewer may not upload", async () => {
    await refused("x.csv", "Nama\nA\n", "kindInvalid", "produk");
    const { status } = await upload(viewerCookie, "customers", "x.csv", "Nama\nA\n");
    expect(status).toBe(403);
  });
});

describe("customers", () => {
  it("mapping screen first: nothing is written to customers before start; preview shows parsed values and errors", async () => {
    const before = await customerCount(owner.businessId);
    const imp = await uploadOk("customers", "p.csv", `Nama,No WA\nSiti,12345\n,${randomWhatsapp()}\nRina,0812 1111 2222\n`);
    expect(imp.status).toBe("mapping");
    expect((await customerCount(owner.businessId)).n).toBe(before.n);
    const res = await previewRoute(jsonReq(cookie, `/api/imports/${imp.id}/preview`, "POST", { mapping: imp.mapping }), params(imp.id));
    const preview = ((await res.json()) as Envelope<{ rowNumber: number; ok: boolean; errors: { field: string; key: string }[]; parsed: Record<string, unknown> }[]>).data ?? [];
    expect(preview.map((p) => [p.rowNumber, p.ok])).toEqual([[2, false], [3, false], [4, true]]);
    expect(preview[0]?.errors).toEqual([{ field: "whatsapp", key: "whatsappInvalid" }]);
    expect(preview[1]?.errors).toEqual([{ field: "name", key: "custNameRequired" }]);
    expect(preview[2]?.parsed.whatsapp).toBe("+6281211112222");
    // Starting without a name column is refused with the reason; it stays on the mapping screen.
    const bad = await start(imp.id, { whatsapp: 1 });
    expect(bad.status).toBe(400);
    expect((await getImport(imp.id)).status).toBe("mapping");
  });

  it("per-row validation with the form schema; HTML and formula names stored as text; in-file duplicates reported once", async () => {
    const wa1 = randomWhatsapp();
    const wa2 = randomWhatsapp();
    const longName = "N".repeat(5000);
    const csv = [
      "Nama,No WA,Email,Kota,Tag,Saldo",
      `<script>alert(1)</script>,${wa1},,Pekalongan,"VIP, Grosir",-250.000`,
      `=HYPERLINK("http://x"),${wa2},,,,`,
      `Tanpa Kontak,,,,,`,
      `${longName},${randomWhatsapp()},,,,`,
      `Email Jelek,,bukan-email,,,`,
      `Saldo Aneh,${randomWhatsapp()},,,,"1,5jt"`,
      `Dobel,${wa1.replace("+62", "0")},,,,`,
      `Via Email,,sama@contoh.id,,,`,
      `Via Email Lagi,,SAMA@contoh.id,,,`,
    ].join("\n");
    const { summary, rows } = await importCustomers(csv);
    expect(summary).toMatchObject({ status: "completed", total_rows: 9, imported_rows: 3, duplicate_rows: 2, error_rows: 4, processed_rows: 9 });
    const byRow = new Map(rows.map((r) => [r.row_number, r]));
    expect(byRow.get(4)?.errors).toEqual([{ field: "whatsapp", key: "custContactRequired" }]);
    expect(byRow.get(5)?.errors).toEqual([{ field: "name", key: "tooLong" }]);
    expect(byRow.get(6)?.errors).toEqual([{ field: "email", key: "emailInvalid" }]);
    expect(byRow.get(7)?.errors).toEqual([{ field: "balance", key: "amountAmbiguous" }]);
    expect(byRow.get(8)).toMatchObject({ status: "duplicate", errors: [{ field: "whatsapp", key: "duplicateInFile", params: { row: 2 } }] });
    expect(byRow.get(10)).toMatchObject({ status: "duplicate", errors: [{ field: "email", key: "duplicateInFile", params: { row: 9 } }] });
    const html = await sqlOne<{ name: string; city: string; balance: string; id: string }>(
      "select id, name, city, balance from public.customers where business_id = $1 and whatsapp = $2",
      [owner.businessId, wa1],
    );
    expect(html).toMatchObject({ name: "<script>alert(1)</script>", city: "Pekalongan", balance: "-250000.00" });
    const tags = await sql<{ name: string }>("select t.name from public.customer_tags ct join public.tags t on t.id = ct.tag_id where ct.customer_id = $1 order by 1", [html.id]);
    expect(tags.map((t) => t.name)).toEqual(["Grosir", "VIP"]);
    const ledger = await sqlOne<{ entry_type: string; amount: string }>("select entry_type, amount from public.customer_ledger where customer_id = $1", [html.id]);
    expect(ledger).toEqual({ entry_type: "carry_over", amount: "-250000.00" });
    expect((await sqlOne<{ name: string }>("select name from public.customers where whatsapp = $1 and business_id = $2", [wa2, owner.businessId])).name).toBe('=HYPERLINK("http://x")');
    // Audited and on the timeline like a customer added by hand, with the importing owner as actor.
    const audit = await sql<{ action: string; actor_id: string; actor_role: string; name: string }>(
      "select action, actor_id, actor_role, after ->> 'name' as name from public.audit_log where table_name = 'customers' and record_id = $1",
      [html.id],
    );
    expect(audit).toEqual([
      { action: "insert", actor_id: owner.id, actor_role: "owner", name: "<script>alert(1)</script>" },
      expect.objectContaining({ action: "update", actor_id: owner.id }),
    ]);
    const created = await sql<{ kind: string }>("select kind from public.customer_activities where customer_id = $1 and kind = 'created'", [html.id]);
    expect(created).toHaveLength(1);
  });

  it("the bad rows download as CSV with the file's columns, the row number and an Indonesian error column", async () => {
    const { id } = await importCustomers(`Nama,No WA\n=1+1,12\nOke,${randomWhatsapp()}\n,${randomWhatsapp()}\n`);
    const res = await errorsRoute(jsonReq(cookie, `/api/imports/${id}/errors`, "GET"), params(id));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("attachment");
    const text = await res.text();
    const lines = text.replace(/^\ufeff/, "").trim().split(/\r\n/);
    expect(lines[0]).toBe("Nama;No WA;Baris;Kesalahan");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe("'=1+1;12;2;WhatsApp: Nomor WhatsApp tidak valid. Contoh yang benar: 0812-3456-7890.");
    expect(lines[2]).toMatch(/^;'\+62\d+;4;Nama: Nama pelanggan wajib diisi\.$/);
    // The fixed file comes back: the formula guard apostrophe is dropped again on import.
    const again = await uploadOk("customers", "perbaikan.csv", text);
    const res2 = await previewRoute(jsonReq(cookie, `/api/imports/${again.id}/preview`, "POST", { mapping: again.mapping }), params(again.id));
    const p = ((await res2.json()) as Envelope<{ parsed: Record<string, unknown> }[]>).data ?? [];
    expect(p[0]?.parsed.name).toBe("=1+1");
  });

  it("every row bad: completed, nothing imported, every row explained", async () => {
    const before = await customerCount(owner.businessId);
    const { summary, rows } = await importCustomers("Nama,No WA\n,123\nX,\n");
    expect(summary).toMatchObject({ status: "completed", imported_rows: 0, error_rows: 2 });
    expect(rows.every((r) => r.status === "error" && r.errors.length > 0)).toBe(true);
    expect((await customerCount(owner.businessId)).n).toBe(before.n);
  });
});

describe("duplicates against existing customers", () => {
  const existing = async () => {
    const wa = randomWhatsapp();
    const email = `lama-${randomUUID().slice(0, 6)}@contoh.id`;
    const { id } = await sqlOne<{ id: string }>(
      "insert into public.customers (business_id, name, whatsapp, email, city) values ($1, 'Nama Lama', $2, null, 'Batang') returning id",
      [owner.businessId, wa],
    );
    const byEmail = await sqlOne<{ id: string }>(
      "insert into public.customers (business_id, name, email, address) values ($1, 'Pelanggan Email', $2, null) returning id",
      [owner.businessId, email],
    );
    const csv = `Nama,WhatsApp,Email,Kota,Alamat\nNama Baru,${wa.replace("+62", "0")},baru@contoh.id,Solo,Jl. Baru\nEmail Baru,,${email.toUpperCase()},,Jl. Email\n`;
    return { id, emailId: byEmail.id, wa, csv };
  };
  const customer = (id: string) => sqlOne<Record<string, string | null>>("select name, whatsapp, email::text as email, city, address from public.customers where id = $1", [id]);

  it("skip: existing customers unchanged, rows reported as skipped", async () => {
    const e = await existing();
    const before = await customerCount(owner.businessId);
    const { summary } = await importCustomers(e.csv, "skip");
    expect(summary).toMatchObject({ skipped_rows: 2, imported_rows: 0, updated_rows: 0 });
    expect(await customer(e.id)).toMatchObject({ name: "Nama Lama", email: null, city: "Batang" });
    expect((await customerCount(owner.businessId)).n).toBe(before.n);
  });

  it("fill_empty: only empty fields are filled", async () => {
    const e = await existing();
    const { summary } = await importCustomers(e.csv, "fill_empty");
    expect(summary).toMatchObject({ updated_rows: 2, imported_rows: 0 });
    expect(await customer(e.id)).toMatchObject({ name: "Nama Lama", email: "baru@contoh.id", city: "Batang", address: "Jl. Baru" });
    expect(await customer(e.emailId)).toMatchObject({ name: "Pelanggan Email", address: "Jl. Email" });
  });

  it("overwrite: the file's filled fields replace the stored ones (empty cells erase nothing)", async () => {
    const e = await existing();
    const { summary } = await importCustomers(e.csv, "overwrite");
    expect(summary).toMatchObject({ updated_rows: 2 });
    expect(await customer(e.id)).toMatchObject({ name: "Nama Baru", whatsapp: e.wa, email: "baru@contoh.id", city: "Solo", address: "Jl. Baru" });
    expect(await customer(e.emailId)).toMatchObject({ name: "Email Baru", address: "Jl. Email" });
  });
});

describe("idempotent processing", () => {
  it("a retry after a crash resumes where it stopped; running again creates nothing twice; a second start is refused", async () => {
    const lines = Array.from({ length: 12 }, (_, i) => `Pelanggan ${i},${randomWhatsapp()}`);
    const imp = await uploadOk("customers", "ulang.csv", `Nama,No WA\n${lines.join("\n")}\n`);
    expect((await start(imp.id, imp.mapping as Record<string, number>)).status).toBe(202);
    expect((await start(imp.id, imp.mapping as Record<string, number>)).status).toBe(409);
    // A first run that "crashed" after validating and applying one batch of 5 rows.
    await sql("update public.imports set status = 'processing' where id = $1", [imp.id]);
    const job = ctx();
    const rows = await sql<{ row_number: number; raw: string[] }>("select row_number, raw from public.import_rows where import_id = $1", [imp.id]);
    expect(rows).toHaveLength(12);
    await importsProcess.handler({ importId: imp.id }, { ...job, sql: async (text, values) => {
      // Stop the first run right after its first apply batch.
      if (text.includes("import_apply_customers")) {
        await sql("select private.import_apply_customers($1, 5)", [imp.id]);
        throw new Error("simulated crash");
      }
      return { rows: await sql(text, values ?? []) };
    } }).catch((err: Error) => expect(err.message).toBe("simulated crash"));
    expect((await getImport(imp.id)).imported_rows).toBe(5);
    await runJob(imp.id);
    await runJob(imp.id);
    const summary = await getImport(imp.id);
    expect(summary).toMatchObject({ status: "completed", imported_rows: 12, processed_rows: 12, validated_rows: 12 });
    const made = await sqlOne<{ n: number }>(
      "select count(*)::int as n from public.customers c join public.import_rows r on r.target_id = c.id where r.import_id = $1",
      [imp.id],
    );
    expect(made.n).toBe(12);
    const names = await sqlOne<{ n: number }>("select count(*)::int as n from public.customers where business_id = $1 and name ~ '^Pelanggan [0-9]+$'", [owner.businessId]);
    expect(names.n).toBe(12);
  });
});

describe("transactions", () => {
  it("matches customers by WhatsApp, email or unique name; reports unmatched and ambiguous rows and bad amounts/dates; queues one stats refresh", async () => {
    const wa = randomWhatsapp();
    const email = `beli-${randomUUID().slice(0, 6)}@contoh.id`;
    const uniq = `Unik ${randomUUID().slice(0, 6)}`;
    const twin = `Kembar ${randomUUID().slice(0, 6)}`;
    const ins = (name: string, w: string | null, e: string | null) =>
      sqlOne<{ id: string }>("insert into public.customers (business_id, name, whatsapp, email) values ($1, $2, $3, $4) returning id", [owner.businessId, name, w, e]);
    const byWa = await ins("Pembeli WA", wa, null);
    const byEmail = await ins("Pembeli Email", null, email);
    const byName = await ins(uniq, randomWhatsapp(), null);
    await ins(twin, randomWhatsapp(), null);
    await ins(twin, randomWhatsapp(), null);
    const bytes = await xlsx([
      ["Tanggal", "Nama", "No WA", "Email", "Total", "Produk", "Catatan"],
      [new Date(Date.UTC(2026, 1, 10)), "", wa.replace("+62", "0"), "", 1500000, "Batik Tulis", "lunas"],
      ["15/02/2026", "", "", email.toUpperCase(), "Rp 250.000", "", ""],
      ["2026-02-16", uniq.toUpperCase(), "", "", "75.000,00", "", ""],
      ["17/02/2026", twin, "", "", "10000", "", ""],
      ["18/02/2026", "Tidak Ada", "", "", "10000", "", ""],
      ["31/02/2026", "", wa, "", "10000", "", ""],
      ["19/02/2026", "", wa, "", "1,5jt", "", ""],
      ["19/02/2026", "", wa, "", "1.5", "", ""],
      ["19/02/2026", "", "", "", "10000", "", ""],
      ["1999-12-31", "", wa, "", "10000", "", ""],
      ["20/02/2026", "", wa, "", "0", "", ""],
    ]);
    const imp = await uploadOk("transactions", "penjualan.xlsx", bytes);
    expect((await start(imp.id, imp.mapping as Record<string, number>)).status).toBe(202);
    await runJob(imp.id);
    const summary = await getImport(imp.id);
    expect(summary).toMatchObject({ status: "completed", total_rows: 11, imported_rows: 3, error_rows: 8 });
    const errs = new Map((await rowsOf(imp.id)).map((r) => [r.row_number, r.errors.map((e) => `${e.field}:${e.key}`).join(",")]));
    expect(Object.fromEntries(errs)).toEqual({
      2: "", 3: "", 4: "",
      5: "customer:customerAmbiguous",
      6: "customer:customerNotFound",
      7: "date:dateImpossible",
      8: "amount:amountAmbiguous",
      9: "amount:amountAmbiguous",
      10: "customer:customerMissing",
      11: "date:txDateTooEarly",
      12: "amount:txAmountPositive",
    });
    const txs = await sql<{ customer_id: string; transaction_date: string; amount: string; notes: string | null; item: string | null }>(
      `select t.customer_id, to_char(t.transaction_date, 'YYYY-MM-DD') as transaction_date, t.amount, t.notes,
              (select i.name from public.transaction_items i where i.transaction_id = t.id) as item
         from public.transactions t join public.import_rows r on r.target_id = t.id
        where r.import_id = $1 order by r.row_number`,
      [imp.id],
    );
    expect(txs).toEqual([
      { customer_id: byWa.id, transaction_date: "2026-02-10", amount: "1500000.00", notes: "lunas", item: "Batik Tulis" },
      { customer_id: byEmail.id, transaction_date: "2026-02-15", amount: "250000.00", notes: null, item: null },
      { customer_id: byName.id, transaction_date: "2026-02-16", amount: "75000.00", notes: null, item: null },
    ]);
    const queued = await sql<{ data: { businessId: string; customerIds: string[] } }>(`select data from ${SCHEMA}.job where name = 'customers.refresh_stats'`);
    expect(queued).toHaveLength(1);
    expect(queued[0]?.data.businessId).toBe(owner.businessId);
    expect([...(queued[0]?.data.customerIds ?? [])].sort()).toEqual([byWa.id, byEmail.id, byName.id].sort());
    const tx1 = await sqlOne<{ id: string }>("select id from public.transactions where customer_id = $1", [byWa.id]);
    const trail = await sql<{ table_name: string }>(
      "select table_name from public.audit_log where action = 'insert' and record_id in ($1, (select id::text from public.transaction_items where transaction_id = $2::uuid)) order by 1",
      [tx1.id, tx1.id],
    );
    expect(trail.map((r) => r.table_name)).toEqual(["transaction_items", "transactions"]);
    // One timeline event per customer per import (count and total), not one per imported sale.
    const added = await sql<{ amount: string; count: string }>(
      "select metadata ->> 'amount' as amount, metadata ->> 'count' as count from public.customer_activities where customer_id = $1 and kind = 'transaction_added'",
      [byWa.id],
    );
    expect(added).toEqual([{ amount: "1500000.00", count: "1" }]);
    // Re-running the job adds no sale.
    await runJob(imp.id);
    const again = await sqlOne<{ n: number }>("select count(*)::int as n from public.transactions where customer_id = any($1::uuid[])", [[byWa.id, byEmail.id, byName.id]]);
    expect(again.n).toBe(3);
    const events = await sqlOne<{ n: number }>("select count(*)::int as n from public.customer_activities where customer_id = $1 and kind = 'transaction_added'", [byWa.id]);
    expect(events.n).toBe(1);
  });
});

describe("tenancy", () => {
  it("another business sees 404 for the import, its preview and its error file", async () => {
    const imp = await uploadOk("customers", "rahasia.csv", `Nama,No WA\nRahasia,${randomWhatsapp()}\n`);
    for (const res of [
      await getRoute(jsonReq(otherCookie, `/api/imports/${imp.id}`, "GET"), params(imp.id)),
      await previewRoute(jsonReq(otherCookie, `/api/imports/${imp.id}/preview`, "POST", { mapping: {} }), params(imp.id)),
      await errorsRoute(jsonReq(otherCookie, `/api/imports/${imp.id}/errors`, "GET"), params(imp.id)),
      await startRoute(jsonReq(otherCookie, `/api/imports/${imp.id}/start`, "POST", { mapping: { name: 0 } }), params(imp.id)),
    ]) {
      expect(res.status).toBe(404);
    }
    expect(String(imp.storage_path).startsWith(`${owner.businessId}/`)).toBe(true);
    const files = await sql<{ name: string }>("select name from storage.objects where bucket_id = 'import-files' and name = $1", [imp.storage_path]);
    expect(files).toHaveLength(1);
  });
});
