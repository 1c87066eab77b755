/**
 * Exports (issue 4 item 8) against the local stack, through the real route handlers:
 * the list filters are respected (same rows as search_customers), formula-looking cells are
 * neutralised, CSV has a BOM and Indonesian headers, XLSX reads back with exceljs, "export
 * selected" only takes this business's ids, keyset paging loses and repeats nothing, and
 * another business (or no session) gets nothing.
 */
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as exportCustomersRoute, POST as exportSelectedRoute } from "../../src/app/api/customers/export/route";
import { GET as exportTransactionsRoute } from "../../src/app/api/transactions/export/route";
import { customerExportPages } from "../../src/lib/exports/customers";
import { setLogSink } from "../../src/lib/logger";
import { closeDb, sql, sqlOne } from "./helpers/db";
import { sessionCookie, useStackEnv } from "./helpers/next-request";
import { addMember, randomWhatsapp, registerOwner, type TestOwner } from "./helpers/users";

let owner: TestOwner, other: TestOwner;
let ownerCookie = "", otherCookie = "", viewerCookie = "";
let restoreLogs: () => void = () => undefined;
const ids: Record<string, string> = {};
let vipTag = "";

const req = (cookie: string, path: string, init: { method?: string; body?: unknown } = {}) =>
  new NextRequest(`http://localhost${path}`, {
    method: init.method ?? "GET",
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    headers: { cookie, "content-type": "application/json" },
  });

async function customer(businessId: string, key: string, fields: Record<string, string | null>): Promise<string> {
  const row = await sqlOne<{ id: string }>(
    `insert into public.customers (business_id, name, whatsapp, email, address, city, type, status)
     values ($1, $2, $3, $4, $5, $6, coalesce($7, 'private')::public.customer_type, coalesce($8, 'active')::public.customer_status) returning id`,
    [businessId, fields.name, fields.whatsapp ?? randomWhatsapp(), fields.email ?? null, fields.address ?? null, fields.city ?? null, fields.type ?? null, fields.status ?? null],
  );
  ids[key] = row.id;
  return row.id;
}

/** The CSV body without its BOM, parsed with a real CSV parser. */
async function csvOf(res: Response): Promise<{ bom: boolean; rows: string[][] }> {
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
  const bom = text.startsWith("\uFEFF");
  return { bom, rows: parse(bom ? text.slice(1) : text, { relax_column_count: false }) as string[][] };
}

/** exceljs types its input as the pre-generic Node Buffer; the bytes are the same. */
async function loadXlsx(res: Response): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await res.arrayBuffer()) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  return workbook;
}

const column = (rows: string[][], header: string) => {
  const i = rows[0]?.indexOf(header) ?? -1;
  return rows.slice(1).map((r) => r[i] ?? "");
};

beforeAll(async () => {
  await useStackEnv();
  restoreLogs = setLogSink(() => undefined);
  [owner, other] = await Promise.all([registerOwner("ekspor"), registerOwner("eksporlain")]);
  const viewer = await addMember(owner, "viewer", "eksporviewer");
  [ownerCookie, otherCookie, viewerCookie] = await Promise.all([sessionCookie(owner.email), sessionCookie(other.email), sessionCookie(viewer.email)]);

  await customer(owner.businessId, "formula", { name: '=HYPERLINK("http://jahat.example","klik")', city: "Pekalongan", email: "formula@contoh.id" });
  await customer(owner.businessId, "plus", { name: "+SUM(1,2)", city: "@Solo", address: "-Jl. Minus 1" });
  await customer(owner.businessId, "tab", { name: "\t=1+1", city: "\r=2" });
  await customer(owner.businessId, "indo", { name: "Bu Siti Nurhalizah — “Batik Ñusantara”", city: "Pekalongan", address: "Jl. Ahmad Yani No. 5, RT 01/RW 02\nKel. Kergon" });
  await customer(owner.businessId, "inactive", { name: "Pak Joko Tidak Aktif", status: "inactive", type: "business", city: "Batang" });
  await customer(owner.businessId, "deleted", { name: "Bu Dewi Terhapus", city: "Pekalongan" });
  await sql("update public.customers set deleted_at = now(), deleted_reason = 'uji' where id = $1", [ids.deleted]);
  vipTag = (await sqlOne<{ id: string }>("insert into public.tags (business_id, name) values ($1, 'VIP') returning id", [owner.businessId])).id;
  await sql("insert into public.customer_tags (business_id, customer_id, tag_id) values ($1, $2, $3), ($1, $4, $3)", [owner.businessId, ids.indo, vipTag, ids.inactive]);
  // A current RFM segment for one customer (rows the RFM engine writes).
  await sql(
    `insert into public.customer_rfm (customer_id, business_id, analysis_date, last_purchase_date, recency_days, frequency, monetary, r_score, f_score, m_score, fm_score, segment)
     values ($1, $2, current_date, current_date, 0, 12, 9000000, 5, 5, 5, 5, 'champions')`, [ids.inactive, owner.businessId]);
  await customer(other.businessId, "otherCustomer", { name: "Pelanggan Usaha Lain", city: "Pekalongan" });

  // Sales: two completed (one with items), one voided, one for the other business.
  const tx = async (businessId: string, customerId: string, date: string, amount: number, notes: string | null) =>
    (await sqlOne<{ id: string }>(
      "insert into public.transactions (business_id, customer_id, transaction_date, amount, payment_method, notes) values ($1, $2, $3, $4, 'transfer', $5) returning id",
      [businessId, customerId, date, amount, notes],
    )).id;
  ids.tx1 = await tx(owner.businessId, ids.indo as string, "2026-03-01", 350000, "=cmd|' /C calc'!A0");
  await sql("insert into public.transaction_items (business_id, transaction_id, position, name, quantity, unit_price) values ($1, $2, 1, 'Kemeja batik', 2, 150000), ($1, $2, 2, 'Selendang', 1, 50000)", [owner.businessId, ids.tx1]);
  ids.tx2 = await tx(owner.businessId, ids.inactive as string, "2026-03-15", 125000, null);
  ids.tx3 = await tx(owner.businessId, ids.indo as string, "2026-02-01", 99000, null);
  await sql("update public.transactions set status = 'voided', voided_at = now(), void_reason = 'salah input' where id = $1", [ids.tx3]);
  ids.txOther = await tx(other.businessId, ids.otherCustomer as string, "2026-03-01", 500000, null);
});

afterAll(async () => {
  restoreLogs();
  await closeDb();
});

describe("GET /api/customers/export (CSV)", () => {
  it("streams a UTF-8 CSV with a BOM, Indonesian headers and the live customers of this business only", async () => {
    const res = await exportCustomersRoute(req(ownerCookie, "/api/customers/export?format=csv"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="pelanggan-\d{4}-\d{2}-\d{2}\.csv"$/);
    const { bom, rows } = await csvOf(res);
    expect(bom).toBe(true);
    expect(rows[0]).toEqual(["ID", "Nama", "WhatsApp", "Telepon", "Email", "Alamat", "Kota", "Tipe", "Status", "Saldo", "Tag", "Jumlah Transaksi", "Total Belanja", "Pembelian Terakhir", "Segmen RFM", "Terdaftar"]);
    const exported = new Set(column(rows, "ID"));
    expect(exported).toEqual(new Set([ids.formula, ids.plus, ids.tab, ids.indo, ids.inactive]));
    // Indonesian text, curly quotes and a newline inside a field survive the round trip.
    const indo = rows.find((r) => r[0] === ids.indo);
    expect(indo?.[1]).toBe("Bu Siti Nurhalizah — “Batik Ñusantara”");
    expect(indo?.[5]).toBe("Jl. Ahmad Yani No. 5, RT 01/RW 02\nKel. Kergon");
    expect(indo?.[10]).toBe("VIP");
    expect(indo?.[13]).toBe(""); // customer_stats not refreshed in this test: no purchase date yet
    expect(indo?.[14]).toBe("Prospek"); // no RFM segment yet
    expect(indo?.[15]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/); // ISO date-time, WIB
  });

  it("neutralises every cell that starts with = + - @ tab or CR by prefixing a single quote", async () => {
    const { rows } = await csvOf(await exportCustomersRoute(req(ownerCookie, "/api/customers/export")));
    const byId = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect(byId.get(ids.formula)?.[1]).toBe(`'=HYPERLINK("http://jahat.example","klik")`);
    expect(byId.get(ids.plus)?.[1]).toBe("'+SUM(1,2)");
    expect(byId.get(ids.plus)?.[6]).toBe("'@Solo");
    expect(byId.get(ids.plus)?.[5]).toBe("'-Jl. Minus 1");
    expect(byId.get(ids.tab)?.[1]).toBe("'\t=1+1");
    expect(byId.get(ids.tab)?.[6]).toBe("'\r=2");
    // WhatsApp numbers start with + too: neutralised in CSV.
    expect(byId.get(ids.indo)?.[2]).toMatch(/^'\+62812\d{8}$/);
    // No cell at all starts with a formula character.
    for (const row of rows.slice(1)) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("respects the list filters: status, type, tag, search, deleted; and sep=semicolon", async () => {
    const ids1 = async (qs: string) => new Set(column((await csvOf(await exportCustomersRoute(req(ownerCookie, `/api/customers/export?${qs}`)))).rows, "ID"));
    expect(await ids1("status=inactive")).toEqual(new Set([ids.inactive]));
    expect(await ids1("type=business")).toEqual(new Set([ids.inactive]));
    expect(await ids1(`tag=${vipTag}`)).toEqual(new Set([ids.indo, ids.inactive]));
    expect(await ids1("q=nurhalizah")).toEqual(new Set([ids.indo]));
    expect(await ids1("q=batang")).toEqual(new Set([ids.inactive]));
    expect(await ids1("deleted=true")).toEqual(new Set([ids.deleted]));
    expect(await ids1("segment=none")).toEqual(new Set([ids.formula, ids.plus, ids.tab, ids.indo]));
    expect(await ids1("segment=champions")).toEqual(new Set([ids.inactive]));
    const juara = (await csvOf(await exportCustomersRoute(req(ownerCookie, "/api/customers/export?segment=champions")))).rows;
    expect(column(juara, "Segmen RFM")).toEqual(["Juara"]);
    const semi = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await (await exportCustomersRoute(req(ownerCookie, "/api/customers/export?sep=semicolon&status=inactive"))).arrayBuffer());
    expect(semi.split("\r\n")[0]).toBe("\uFEFFID;Nama;WhatsApp;Telepon;Email;Alamat;Kota;Tipe;Status;Saldo;Tag;Jumlah Transaksi;Total Belanja;Pembelian Terakhir;Segmen RFM;Terdaftar");
  });

  it("matches search_customers row for row on each filter combination", async () => {
    const combos: Record<string, unknown>[] = [
      {}, { p_status: "inactive" }, { p_type: "business" }, { p_tag_id: vipTag }, { p_search: "pekalongan" },
      { p_search: "Siti" }, { p_deleted: true }, { p_search: "0812" }, { p_created_from: "2020-01-01", p_created_to: "2099-12-31" },
      { p_segment: "none" }, { p_segment: "champions" },
    ];
    for (const combo of combos) {
      const { data: listed, error } = await owner.client.rpc("search_customers", { p_business_id: owner.businessId, p_limit: 100, ...combo });
      expect(error).toBeNull();
      const { data: exported, error: exportError } = await owner.client.rpc("export_customers_page", { p_business_id: owner.businessId, ...combo });
      expect(exportError).toBeNull();
      expect(new Set((exported ?? []).map((r) => r.id)), JSON.stringify(combo)).toEqual(new Set((listed ?? []).map((r) => r.id)));
    }
  });

  it("follows the list's search rule: typo-similar names only while fewer than 25 customers contain the text", async () => {
    const big = await registerOwner("eksporbanyak");
    const rows = async (fn: "search_customers" | "export_customers_page") => {
      const { data, error } = await big.client.rpc(fn, { p_business_id: big.businessId, p_search: "kusumawati", ...(fn === "search_customers" ? { p_limit: 100 } : {}) });
      expect(error).toBeNull();
      return new Set((data ?? []).map((r) => r.id));
    };
    const typo = (await sqlOne<{ id: string }>("insert into public.customers (business_id, name, whatsapp) values ($1, 'Bu Kusumawaty', $2) returning id", [big.businessId, randomWhatsapp()])).id;
    const add = async (n: number, from: number) => {
      for (let i = from; i < from + n; i++) await sql("insert into public.customers (business_id, name, whatsapp) values ($1, $2, $3)", [big.businessId, `Ibu Kusumawati ${i}`, randomWhatsapp()]);
    };

    // Few contain the text (probably misspelt): the similar name joins in, in both.
    await add(3, 0);
    const fewListed = await rows("search_customers");
    expect(fewListed.size).toBe(4);
    expect(fewListed.has(typo)).toBe(true);
    expect(await rows("export_customers_page")).toEqual(fewListed);

    // 25 or more contain it: taken literally, in the list and in the export alike.
    await add(27, 3);
    const listed = await rows("search_customers");
    expect(listed.size).toBe(30);
    expect(listed.has(typo)).toBe(false);
    expect(await rows("export_customers_page")).toEqual(listed);
    // The streamed file (keyset pages) holds the same rows.
    const pages = [];
    for await (const page of customerExportPages(big.client, { p_business_id: big.businessId, p_search: "kusumawati" }, 7)) pages.push(...page.map((r) => r.id));
    expect(new Set(pages)).toEqual(listed);
    expect(pages).toHaveLength(30);
  }, 30_000);

  it("has every filter parameter of search_customers (fails when the list gains a filter the export lacks)", async () => {
    const args = async (fn: string) =>
      (await sql<{ names: string[] }>("select coalesce(p.proargnames, '{}') as names from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' and p.proname = $1", [fn]))
        .flatMap((r) => r.names);
    const listArgs = (await args("search_customers")).filter((a) => a.startsWith("p_") && !["p_sort", "p_direction", "p_limit", "p_offset"].includes(a));
    const exportArgs = new Set(await args("export_customers_page"));
    expect(listArgs.filter((a) => !exportArgs.has(a))).toEqual([]);
  });

  it("pages by keyset without losing or repeating a row", async () => {
    const pages = [];
    for await (const page of customerExportPages(owner.client, { p_business_id: owner.businessId }, 2)) pages.push(page.map((r) => r.id));
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    const { data } = await owner.client.rpc("export_customers_page", { p_business_id: owner.businessId });
    expect(pages.flat()).toEqual((data ?? []).map((r) => r.id));
  });

  it("lets a viewer export; refuses a bad filter (400), no session (401) and another business's id in the RPC (403)", async () => {
    expect((await exportCustomersRoute(req(viewerCookie, "/api/customers/export"))).status).toBe(200);
    const bad = await exportCustomersRoute(req(ownerCookie, "/api/customers/export?format=pdf"));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("VALIDATION_ERROR");
    expect((await exportCustomersRoute(req("", "/api/customers/export"))).status).toBe(401);
    const { error } = await other.client.rpc("export_customers_page", { p_business_id: owner.businessId });
    expect(error?.code).toBe("42501");
    expect(error?.hint).toBe("forbidden");
  });

  it("gives another business only its own customers", async () => {
    const { rows } = await csvOf(await exportCustomersRoute(req(otherCookie, "/api/customers/export")));
    expect(column(rows, "ID")).toEqual([ids.otherCustomer]);
  });
});

describe("POST /api/customers/export (selected rows)", () => {
  it("exports only the ticked ids of this business; another business's id is simply absent", async () => {
    const res = await exportSelectedRoute(req(ownerCookie, "/api/customers/export", { method: "POST", body: { format: "csv", customerIds: [ids.indo, ids.formula, ids.otherCustomer] } }));
    expect(res.status).toBe(200);
    expect(new Set(column((await csvOf(res)).rows, "ID"))).toEqual(new Set([ids.indo, ids.formula]));
    const empty = await exportSelectedRoute(req(ownerCookie, "/api/customers/export", { method: "POST", body: { customerIds: [] } }));
    expect(empty.status).toBe(400);
  });
});

describe("XLSX", () => {
  it("reads back with exceljs: headers, typed numbers and dates, text cells that are never formulas", async () => {
    const res = await exportCustomersRoute(req(ownerCookie, "/api/customers/export?format=xlsx"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/\.xlsx"$/);
    const workbook = await loadXlsx(res);
    const sheet = workbook.getWorksheet("Pelanggan");
    expect(sheet).toBeDefined();
    if (!sheet) return;
    expect(sheet.getRow(1).getCell(2).value).toBe("Nama");
    expect(sheet.rowCount).toBe(6);
    const rows = new Map<string, ExcelJS.Row>();
    sheet.eachRow((row, n) => { if (n > 1) rows.set(String(row.getCell(1).value), row); });
    const formula = rows.get(ids.formula as string);
    expect(formula?.getCell(2).value).toBe(`'=HYPERLINK("http://jahat.example","klik")`);
    expect(formula?.getCell(2).type).toBe(ExcelJS.ValueType.String);
    const indo = rows.get(ids.indo as string);
    expect(indo?.getCell(2).value).toBe("Bu Siti Nurhalizah — “Batik Ñusantara”");
    expect(indo?.getCell(3).value).toMatch(/^\+62812\d{8}$/); // a typed text cell: no quote needed
    expect(indo?.getCell(10).value).toBe(0);
    expect(indo?.getCell(16).value).toBeInstanceOf(Date);
    expect(indo?.getCell(16).numFmt).toBe("dd/mm/yyyy hh:mm");
    for (const row of rows.values()) row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula));
  });
});

describe("GET /api/transactions/export", () => {
  it("exports the filtered sales with items, status and escaped notes, newest first", async () => {
    const all = await csvOf(await exportTransactionsRoute(req(ownerCookie, "/api/transactions/export?status=all")));
    expect(all.rows[0]?.slice(0, 5)).toEqual(["ID Transaksi", "Tanggal", "Pelanggan", "WhatsApp", "Jumlah"]);
    expect(column(all.rows, "ID Transaksi")).toEqual([ids.tx2, ids.tx1, ids.tx3]);
    const tx1 = all.rows.find((r) => r[0] === ids.tx1);
    expect(tx1?.slice(1, 3)).toEqual(["2026-03-01", "Bu Siti Nurhalizah — “Batik Ñusantara”"]);
    expect(tx1?.[4]).toBe("350000");
    expect(tx1?.[7]).toBe("Kemeja batik x2; Selendang x1");
    expect(tx1?.[8]).toBe("'=cmd|' /C calc'!A0");
    expect(all.rows.find((r) => r[0] === ids.tx3)?.[6]).toBe("Dibatalkan");

    const completed = await csvOf(await exportTransactionsRoute(req(ownerCookie, "/api/transactions/export")));
    expect(column(completed.rows, "ID Transaksi")).toEqual([ids.tx2, ids.tx1]);
    const ranged = await csvOf(await exportTransactionsRoute(req(ownerCookie, `/api/transactions/export?from=2026-03-10&to=2026-03-31&customerId=${ids.inactive}`)));
    expect(column(ranged.rows, "ID Transaksi")).toEqual([ids.tx2]);
    const bad = await exportTransactionsRoute(req(ownerCookie, "/api/transactions/export?from=2026-04-01&to=2026-03-01"));
    expect(bad.status).toBe(400);
  });

  it("reads back as XLSX with a real date and number, and never shows another business's sales", async () => {
    const workbook = await loadXlsx(await exportTransactionsRoute(req(ownerCookie, "/api/transactions/export?format=xlsx")));
    const sheet = workbook.getWorksheet("Transaksi");
    expect(sheet?.getRow(2).getCell(2).value).toEqual(new Date(Date.UTC(2026, 2, 15)));
    expect(sheet?.getRow(2).getCell(5).value).toBe(125000);
    const mine = await csvOf(await exportTransactionsRoute(req(otherCookie, "/api/transactions/export?status=all")));
    expect(column(mine.rows, "ID Transaksi")).toEqual([ids.txOther]);
  });
});
