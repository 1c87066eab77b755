/**
 * Deleting a customer document (deleteDocumentAction, 20260302000200_customer_documents_delete.sql):
 * owner / admin only; the row goes (audited with its old values) and so does the Storage
 * object. Staff, another business and a malformed id change nothing.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { deleteDocumentAction } from "../../src/features/customers/actions";
import { setLogSink } from "../../src/lib/logger";
import { closeDb, sql, sqlOne } from "./helpers/db";
import { sessionCookie, useRequest, useStackEnv } from "./helpers/next-request";
import { addMember, randomWhatsapp, registerOwner, type TestOwner, type TestUser } from "./helpers/users";

vi.mock("next/headers", async () => (await import("./helpers/next-request")).nextHeadersMock);

const BUCKET = "customer-documents";
let owner: TestOwner;
let other: TestOwner;
let staff: TestUser;
let admin: TestUser;
let customerId = "";
const cookies = { owner: "", other: "", staff: "", admin: "" };
let restoreLogs: () => void = () => undefined;

/** Uploads a small PDF as the owner and records its row, like the documents panel does. */
async function newDocument(title: string): Promise<{ id: string; path: string }> {
  const path = `${owner.businessId}/${customerId}/${randomUUID()}-${title}.pdf`;
  const up = await owner.client.storage.from(BUCKET).upload(path, new Blob([new Uint8Array(64).fill(37)], { type: "application/pdf" }), { contentType: "application/pdf" });
  if (up.error) throw new Error(up.error.message);
  const { data, error } = await owner.client
    .from("customer_documents")
    .insert({ business_id: owner.businessId, customer_id: customerId, doc_type: "contract", title, storage_path: path, mime_type: "application/pdf", size_bytes: 64 })
    .select("id")
    .single();
  if (error) throw new Error(error.message);
  return { id: data.id, path };
}

const exists = async (doc: { id: string; path: string }) => ({
  row: (await sqlOne<{ n: number }>("select count(*)::int as n from public.customer_documents where id = $1", [doc.id])).n,
  object: (await sqlOne<{ n: number }>("select count(*)::int as n from storage.objects where bucket_id = $1 and name = $2", [BUCKET, doc.path])).n,
});

beforeAll(async () => {
  await useStackEnv();
  restoreLogs = setLogSink(() => undefined);
  [owner, other] = await Promise.all([registerOwner("docdel-owner"), registerOwner("docdel-other")]);
  [staff, admin] = await Promise.all([addMember(owner, "staff", "docdel-staff"), addMember(owner, "admin", "docdel-admin")]);
  customerId = (await sqlOne<{ id: string }>("insert into public.customers (business_id, name, whatsapp) values ($1, 'Dok Hapus', $2) returning id", [owner.businessId, randomWhatsapp()])).id;
  [cookies.owner, cookies.other, cookies.staff, cookies.admin] = await Promise.all([
    sessionCookie(owner.email), sessionCookie(other.email), sessionCookie(staff.email), sessionCookie(admin.email),
  ]);
});

afterAll(async () => {
  restoreLogs();
  await closeDb();
});

describe("deleteDocumentAction", () => {
  it("refuses staff (FORBIDDEN), another business (NOT_FOUND) and a malformed id, changing nothing", async () => {
    const doc = await newDocument("kontrak");
    useRequest(cookies.staff);
    const asStaff = await deleteDocumentAction({ id: doc.id });
    expect(asStaff.success ? null : asStaff.error.code).toBe("FORBIDDEN");
    useRequest(cookies.other);
    const asOther = await deleteDocumentAction({ id: doc.id });
    expect(asOther.success ? null : asOther.error.code).toBe("NOT_FOUND");
    useRequest(cookies.owner);
    const bad = await deleteDocumentAction({ id: "bukan-uuid" });
    expect(bad.success ? null : bad.error.code).toBe("VALIDATION_ERROR");
    // Staff cannot go around the action either: the row's delete policy is admin+ now.
    const direct = await staff.client.from("customer_documents").delete().eq("id", doc.id).select("id");
    expect(direct.data ?? []).toEqual([]);
    expect(await exists(doc)).toEqual({ row: 1, object: 1 });
  });

  it.each(["owner", "admin"] as const)("lets the %s delete: row and file gone, the deletion audited with the old row", async (who) => {
    const doc = await newDocument(`faktur-${who}`);
    useRequest(cookies[who]);
    const result = await deleteDocumentAction({ id: doc.id });
    expect(result).toMatchObject({ success: true, data: { id: doc.id } });
    expect(await exists(doc)).toEqual({ row: 0, object: 0 });
    expect((await owner.client.storage.from(BUCKET).createSignedUrl(doc.path, 60)).error).not.toBeNull();
    const audit = await sql<{ action: string; actor_id: string; before: { title: string; storage_path: string } }>(
      "select action, actor_id, before from public.audit_log where table_name = 'customer_documents' and record_id = $1 and action = 'delete'",
      [doc.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]?.before).toMatchObject({ title: `faktur-${who}`, storage_path: doc.path });
    expect(audit[0]?.actor_id).toBe(who === "owner" ? owner.id : admin.id);
  });
});
