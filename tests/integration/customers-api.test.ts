/**
 * /api/customers through the route handlers (called the way Next.js calls them) against the
 * local stack: the envelope, validation, Idempotency-Key, duplicates naming the existing
 * customer, versions (409), soft delete refused with debt, and 404 for another business's ids.
 */
import { createServerClient } from "@supabase/ssr";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as activitiesRoute from "../../src/app/api/customers/[id]/activities/route";
import * as contactsRoute from "../../src/app/api/customers/[id]/contacts/route";
import * as ledgerRoute from "../../src/app/api/customers/[id]/ledger/route";
import * as notesRoute from "../../src/app/api/customers/[id]/notes/route";
import * as restoreRoute from "../../src/app/api/customers/[id]/restore/route";
import * as itemRoute from "../../src/app/api/customers/[id]/route";
import * as listRoute from "../../src/app/api/customers/route";
import * as statsRoute from "../../src/app/api/customers/stats/route";
import { resetEnvCache } from "../../src/lib/env";
import { setLogSink } from "../../src/lib/logger";
import { closeDb } from "./helpers/db";
import { testEnv } from "./helpers/env";
import { addMember, randomWhatsapp, registerOwner, TEST_PASSWORD } from "./helpers/users";

interface Envelope<T = Record<string, unknown>> {
  success: boolean;
  data: T;
  error?: { code: string; message: string; details?: Record<string, unknown> };
  meta?: { page: number; limit: number; total: number };
}
type Customer = { id: string; name: string; whatsapp: string | null; updatedAt: string; deletedAt: string | null };

async function sessionCookie(email: string): Promise<string> {
  const jar = new Map<string, string>();
  const client = createServerClient(process.env.NEXT_PUBLIC_SUPABASE_URL ?? "", process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY ?? "", {
    cookies: {
      getAll: () => [...jar].map(([name, value]) => ({ name, value })),
      setAll: (cookies) => cookies.forEach((c) => (c.value ? jar.set(c.name, c.value) : jar.delete(c.name))),
    },
  });
  const { error } = await client.auth.signInWithPassword({ email, password: TEST_PASSWORD });
  if (error) throw new Error(`sign-in failed: ${error.message}`);
  return [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
}

type Handler = (request: NextRequest, context?: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call<T = Record<string, unknown>>(
  handler: Handler, cookie: string, path: string,
  init: { method?: string; body?: unknown; params?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Envelope<T>; headers: Headers }> {
  const request = new NextRequest(`http://localhost${path}`, {
    method: init.method ?? "GET",
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    headers: { cookie, "content-type": "application/json", ...init.headers },
  });
  const res = await handler(request, { params: Promise.resolve(init.params ?? {}) });
  return { status: res.status, body: (await res.json()) as Envelope<T>, headers: res.headers };
}

let ownerCookie = "";
let strangerCookie = "";
let viewerCookie = "";
let restoreLogs: () => void = () => undefined;

beforeAll(async () => {
  const env = await testEnv();
  process.env.NEXT_PUBLIC_SUPABASE_URL ??= env.url;
  process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY ??= env.anonKey;
  process.env.SUPABASE_SERVICE_ROLE_KEY ??= env.serviceRoleKey;
  process.env.DATABASE_URL ??= env.dbUrl;
  process.env.NEXT_PUBLIC_SITE_URL ??= "http://localhost:3000";
  resetEnvCache();
  restoreLogs = setLogSink(() => undefined);
  const [owner, stranger] = await Promise.all([registerOwner("capi-owner"), registerOwner("capi-stranger")]);
  const viewer = await addMember(owner, "viewer", "capi-viewer");
  [ownerCookie, strangerCookie, viewerCookie] = await Promise.all([sessionCookie(owner.email), sessionCookie(stranger.email), sessionCookie(viewer.email)]);
});

afterAll(async () => {
  restoreLogs();
  await closeDb();
});

const create = (cookie: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  call<Customer>(listRoute.POST, cookie, "/api/customers", { method: "POST", body, headers });

describe("POST /api/customers", () => {
  it("normalises what people type, answers 201 and replays an Idempotency-Key", async () => {
    const digits = randomWhatsapp().slice(3);
    const key = `cust-${digits}`;
    const first = await create(ownerCookie, { name: "  Sri Wahyuni ", whatsapp: `0${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`, city: "Solo" }, { "idempotency-key": key });
    expect(first.status).toBe(201);
    expect(first.body.data).toMatchObject({ name: "Sri Wahyuni", whatsapp: `+62${digits}`, deletedAt: null });
    const again = await create(ownerCookie, { name: "  Sri Wahyuni ", whatsapp: `0${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`, city: "Solo" }, { "idempotency-key": key });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body.data.id).toBe(first.body.data.id);
  });

  it("refuses bad input with per-field messages and creates nothing", async () => {
    const noContact = await create(ownerCookie, { name: "Tanpa Kontak" });
    expect(noContact.status).toBe(400);
    expect(noContact.body.error?.details).toHaveProperty("whatsapp");
    const landline = await create(ownerCookie, { name: "Kantor", whatsapp: "021-5551234" });
    expect(landline.body.error?.details?.whatsapp).toMatch(/HP|mobile/i);
    const email = await create(ownerCookie, { name: "Surel", email: "bukan-email" });
    expect(email.body.error?.code).toBe("VALIDATION_ERROR");
    expect(email.body.error?.details).toHaveProperty("email");
  });

  it("a duplicate WhatsApp number or email answers 409 naming the existing customer", async () => {
    const whatsapp = randomWhatsapp();
    const existing = await create(ownerCookie, { name: "Asli", whatsapp, email: `asli-${whatsapp.slice(-6)}@toko.id` });
    const dup = await create(ownerCookie, { name: "Kembar", whatsapp: `0${whatsapp.slice(3)}` });
    expect(dup.status).toBe(409);
    expect(dup.body.error?.details).toMatchObject({ field: "whatsapp", existingId: existing.body.data.id, existingName: "Asli" });
    const dupEmail = await create(ownerCookie, { name: "Kembar", email: `ASLI-${whatsapp.slice(-6)}@toko.id` });
    expect(dupEmail.body.error?.details).toMatchObject({ field: "email", existingId: existing.body.data.id });
  });

  it("a viewer may read but not create", async () => {
    expect((await create(viewerCookie, { name: "Viewer", whatsapp: randomWhatsapp() })).status).toBe(403);
    expect((await call(listRoute.GET, viewerCookie, "/api/customers")).status).toBe(200);
  });
});

describe("GET /api/customers", () => {
  it("searches with hostile text safely and returns the page meta", async () => {
    await create(ownerCookie, { name: "Bengkel (Jaya), 100%", whatsapp: randomWhatsapp() });
    for (const q of [",", "()", "%", "'", '"', "or(id.not.is.null)", "name.ilike.*", "1'; drop table customers; --"]) {
      const res = await call<Customer[]>(listRoute.GET, ownerCookie, `/api/customers?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
      expect(res.body.meta, q).toMatchObject({ page: 1, limit: 25 });
    }
    const hit = await call<Customer[]>(listRoute.GET, ownerCookie, `/api/customers?q=${encodeURIComponent("(Jaya), 100%")}`);
    expect(hit.body.data.map((c) => c.name)).toContain("Bengkel (Jaya), 100%");
    const typo = await call<Customer[]>(listRoute.GET, ownerCookie, `/api/customers?q=Bengkl`);
    expect(typo.body.data.map((c) => c.name)).toContain("Bengkel (Jaya), 100%");
    const bad = await call(listRoute.GET, ownerCookie, "/api/customers?sort=password&limit=1000");
    expect(bad.status).toBe(400);
    const stats = await call<{ total: number }>(statsRoute.GET, ownerCookie, "/api/customers/stats");
    expect(stats.body.data.total).toBeGreaterThan(0);
  });
});

describe("/api/customers/:id", () => {
  it("updates with the version, answers 409 for a stale one, keeping the other edit", async () => {
    const c = (await create(ownerCookie, { name: "Versi", whatsapp: randomWhatsapp() })).body.data;
    const params = { id: c.id };
    const ok = await call<Customer & { city: string }>(itemRoute.PATCH, ownerCookie, `/api/customers/${c.id}`, { method: "PATCH", params, body: { expectedUpdatedAt: c.updatedAt, city: "Malang" } });
    expect(ok.status).toBe(200);
    expect(ok.body.data.city).toBe("Malang");
    const stale = await call(itemRoute.PATCH, ownerCookie, `/api/customers/${c.id}`, { method: "PATCH", params, body: { expectedUpdatedAt: c.updatedAt, city: "Kediri" } });
    expect(stale.status).toBe(409);
    expect(stale.body.error?.code).toBe("CONFLICT");
    const now = await call<{ city: string; lifetime: { transactionsCount: number } }>(itemRoute.GET, ownerCookie, `/api/customers/${c.id}`, { params });
    expect(now.body.data).toMatchObject({ city: "Malang", lifetime: { transactionsCount: 0 } });
  });

  it("answers 404 for another business's customer on every route, changing nothing", async () => {
    const c = (await create(ownerCookie, { name: "Milik Orang", whatsapp: randomWhatsapp() })).body.data;
    const params = { id: c.id };
    const path = `/api/customers/${c.id}`;
    const attempts = [
      await call(itemRoute.GET, strangerCookie, path, { params }),
      await call(itemRoute.PATCH, strangerCookie, path, { method: "PATCH", params, body: { expectedUpdatedAt: c.updatedAt, name: "Diretas" } }),
      await call(itemRoute.DELETE, strangerCookie, path, { method: "DELETE", params, body: { reason: "x" } }),
      await call(restoreRoute.POST, strangerCookie, `${path}/restore`, { method: "POST", params }),
      await call(ledgerRoute.GET, strangerCookie, `${path}/ledger`, { params }),
      await call(ledgerRoute.POST, strangerCookie, `${path}/ledger`, { method: "POST", params, body: { entryType: "credit", amount: 1000, description: "x" } }),
      await call(notesRoute.GET, strangerCookie, `${path}/notes`, { params }),
      await call(notesRoute.POST, strangerCookie, `${path}/notes`, { method: "POST", params, body: { body: "x" } }),
      await call(activitiesRoute.GET, strangerCookie, `${path}/activities`, { params }),
    ];
    expect(attempts.map((a) => a.status)).toEqual(attempts.map(() => 404));
    const mine = await call<Customer>(itemRoute.GET, ownerCookie, path, { params });
    expect(mine.body.data).toMatchObject({ name: "Milik Orang", updatedAt: c.updatedAt });
  });

  it("refuses to delete while in debt (saying how much), then deletes, lists and restores", async () => {
    const c = (await create(ownerCookie, { name: "Berutang", whatsapp: randomWhatsapp() })).body.data;
    const params = { id: c.id };
    const path = `/api/customers/${c.id}`;
    const debit = await call<{ newBalance: number }>(ledgerRoute.POST, ownerCookie, `${path}/ledger`, { method: "POST", params, body: { entryType: "debit", amount: 75000, description: "Bon kain" } });
    expect(debit.status).toBe(201);
    expect(debit.body.data).toMatchObject({ previousBalance: 0, newBalance: -75000 });
    const refused = await call(itemRoute.DELETE, ownerCookie, path, { method: "DELETE", params, body: { reason: "Tutup" } });
    expect(refused.status).toBe(409);
    expect(refused.body.error?.message).toContain("75.000");
    const badAmount = await call(ledgerRoute.POST, ownerCookie, `${path}/ledger`, { method: "POST", params, body: { entryType: "credit", amount: -5, description: "x" } });
    expect(badAmount.status).toBe(400);
    await call(ledgerRoute.POST, ownerCookie, `${path}/ledger`, { method: "POST", params, body: { entryType: "credit", amount: 75000, description: "Pembayaran" } });
    const deleted = await call(itemRoute.DELETE, ownerCookie, path, { method: "DELETE", params, body: { reason: "Tutup" } });
    expect(deleted.status).toBe(200);
    const listed = await call<Customer[]>(listRoute.GET, ownerCookie, "/api/customers?deleted=true&q=Berutang");
    expect(listed.body.data.map((x) => x.id)).toContain(c.id);
    const restored = await call(restoreRoute.POST, ownerCookie, `${path}/restore`, { method: "POST", params });
    expect(restored.status).toBe(200);
    const ledger = await call<unknown[]>(ledgerRoute.GET, ownerCookie, `${path}/ledger`, { params });
    expect(ledger.body.data).toHaveLength(2);
  });

  it("adds a note that shows up on the timeline", async () => {
    const c = (await create(ownerCookie, { name: "Bercatatan", whatsapp: randomWhatsapp() })).body.data;
    const params = { id: c.id };
    const note = await call(notesRoute.POST, ownerCookie, `/api/customers/${c.id}/notes`, { method: "POST", params, body: { noteType: "complaint", body: "Warna luntur", isInternal: true } });
    expect(note.status).toBe(201);
    const timeline = await call<{ kind: string; body: string | null }[]>(activitiesRoute.GET, ownerCookie, `/api/customers/${c.id}/activities`, { params });
    expect(timeline.body.data.map((a) => a.kind)).toEqual(["note", "created"]);
    expect(timeline.body.data[0]?.body).toBe("Warna luntur");
  });

  it("logs manual activities only, and stores extra contacts normalised", async () => {
    const c = (await create(ownerCookie, { name: "Aktivitas", whatsapp: randomWhatsapp() })).body.data;
    const params = { id: c.id };
    const path = `/api/customers/${c.id}`;
    const call1 = await call(activitiesRoute.POST, ownerCookie, `${path}/activities`, { method: "POST", params, body: { kind: "meeting", title: "Ketemu di toko" } });
    expect(call1.status).toBe(201);
    const forged = await call(activitiesRoute.POST, ownerCookie, `${path}/activities`, { method: "POST", params, body: { kind: "balance_changed", title: "x" } });
    expect(forged.status).toBe(400);
    const contact = await call<{ whatsapp: string }>(contactsRoute.POST, ownerCookie, `${path}/contacts`, { method: "POST", params, body: { name: "Bu Tini", relation: "admin", whatsapp: "0813 1111 2222" } });
    expect(contact.status).toBe(201);
    expect(contact.body.data.whatsapp).toBe("+6281311112222");
    const noWay = await call(contactsRoute.POST, ownerCookie, `${path}/contacts`, { method: "POST", params, body: { name: "Tanpa" } });
    expect(noWay.status).toBe(400);
    const foreign = await call(contactsRoute.GET, strangerCookie, `${path}/contacts`, { params });
    expect(foreign.status).toBe(404);
    const list = await call<unknown[]>(contactsRoute.GET, ownerCookie, `${path}/contacts`, { params });
    expect(list.body.data).toHaveLength(1);
  });
});
