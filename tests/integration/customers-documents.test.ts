/**
 * Customer documents in Storage: the private bucket `customer-documents` created by the
 * migration (10 MB, PDF / JPEG / PNG / WEBP) and its policies keyed on the first folder =
 * business id, through the real Storage API with each user's session.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, sqlOne } from "./helpers/db";
import { addMember, randomWhatsapp, registerOwner, type TestOwner, type TestUser } from "./helpers/users";

const BUCKET = "customer-documents";
const pdf = (bytes = 64) => new Blob([new Uint8Array(bytes).fill(37)], { type: "application/pdf" });

let owner: TestOwner;
let other: TestOwner;
let viewer: TestUser;
let customerId = "";

beforeAll(async () => {
  [owner, other] = await Promise.all([registerOwner("doc-owner"), registerOwner("doc-other")]);
  viewer = await addMember(owner, "viewer", "doc-viewer");
  customerId = (await sqlOne<{ id: string }>("insert into public.customers (business_id, name, whatsapp) values ($1, 'Dok', $2) returning id", [owner.businessId, randomWhatsapp()])).id;
});

afterAll(closeDb);

describe("bucket customer-documents", () => {
  it("is private with the size and type limits", async () => {
    const bucket = await sqlOne<{ public: boolean; file_size_limit: string; allowed_mime_types: string[] }>(
      "select public, file_size_limit::text, allowed_mime_types from storage.buckets where id = $1", [BUCKET],
    );
    expect(bucket).toEqual({ public: false, file_size_limit: "10485760", allowed_mime_types: ["application/pdf", "image/jpeg", "image/png", "image/webp"] });
  });

  it("lets staff upload into their own business folder and members read it via a signed URL", async () => {
    const path = `${owner.businessId}/${customerId}/${randomUUID()}-kontrak.pdf`;
    const up = await owner.client.storage.from(BUCKET).upload(path, pdf(), { contentType: "application/pdf" });
    expect(up.error).toBeNull();
    const row = await owner.client.from("customer_documents").insert({
      business_id: owner.businessId, customer_id: customerId, doc_type: "contract", title: "Kontrak", storage_path: path, mime_type: "application/pdf", size_bytes: 64,
    }).select("uploaded_by").single();
    expect(row.data?.uploaded_by).toBe(owner.id);
    const signed = await viewer.client.storage.from(BUCKET).createSignedUrl(path, 60);
    expect(signed.error).toBeNull();
    const res = await fetch(signed.data?.signedUrl ?? "");
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBe(64);
  });

  it("refuses another business's folder, viewers, wrong types and files over 10 MB", async () => {
    const foreign = await other.client.storage.from(BUCKET).upload(`${owner.businessId}/${customerId}/${randomUUID()}.pdf`, pdf(), { contentType: "application/pdf" });
    expect(foreign.error).not.toBeNull();
    const notUuid = await owner.client.storage.from(BUCKET).upload(`bukan-uuid/${randomUUID()}.pdf`, pdf(), { contentType: "application/pdf" });
    expect(notUuid.error).not.toBeNull();
    const asViewer = await viewer.client.storage.from(BUCKET).upload(`${owner.businessId}/${customerId}/${randomUUID()}.pdf`, pdf(), { contentType: "application/pdf" });
    expect(asViewer.error).not.toBeNull();
    const exe = await owner.client.storage.from(BUCKET).upload(`${owner.businessId}/${customerId}/${randomUUID()}.exe`, new Blob(["MZ"], { type: "application/x-msdownload" }), { contentType: "application/x-msdownload" });
    expect(exe.error).not.toBeNull();
    const big = await owner.client.storage.from(BUCKET).upload(`${owner.businessId}/${customerId}/${randomUUID()}.pdf`, pdf(10 * 1024 * 1024 + 1), { contentType: "application/pdf" });
    expect(big.error).not.toBeNull();
    const count = await sqlOne<{ n: number }>("select count(*)::int as n from storage.objects where bucket_id = $1 and name like $2", [BUCKET, `${owner.businessId}/%`]);
    expect(count.n).toBe(1);
  });

  it("does not let another business sign a URL for the file", async () => {
    const path = `${owner.businessId}/${customerId}/${randomUUID()}-faktur.pdf`;
    expect((await owner.client.storage.from(BUCKET).upload(path, pdf(), { contentType: "application/pdf" })).error).toBeNull();
    const signed = await other.client.storage.from(BUCKET).createSignedUrl(path, 60);
    expect(signed.error).not.toBeNull();
  });
});
