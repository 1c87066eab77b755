/**
 * The local Storage service through the real `@supabase/supabase-js` client: uploads
 * (multipart Blob and raw Buffer), downloads, list, signed URLs, moves and copies, bucket
 * limits, and RLS on storage.objects deciding who may do what. The test creates its own
 * buckets and a test-only policy ("users write only under `<their uid>/`") and removes
 * them afterwards. User JWTs are minted with the stack's secret, so no Auth service is needed.
 */
import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { SignJWT } from "jose";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEnv, type TestEnv } from "./helpers/env";

let env: TestEnv;
let db: pg.Client;
let admin: SupabaseClient;
let alice: SupabaseClient;
let bob: SupabaseClient;
let anon: SupabaseClient;
const aliceId = randomUUID();
const bobId = randomUUID();
const run = randomUUID().slice(0, 8);
const PRIVATE = `t-private-${run}`;
const PUBLIC = `t-public-${run}`;
const SIZE_LIMIT = 256 * 1024;

async function userJwt(sub: string, expiresIn = 3600): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub, role: "authenticated", aud: "authenticated", email: `${sub}@example.test` })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(now)
    .setExpirationTime(now + expiresIn)
    .sign(new TextEncoder().encode(env.jwtSecret));
}

function client(key: string, bearer?: string): SupabaseClient {
  return createClient(env.url, key, {
    auth: { persistSession: false, autoRefreshToken: false },
    global: bearer ? { headers: { Authorization: `Bearer ${bearer}` } } : {},
  });
}

/** A raw request, for what the client library cannot express (no apikey, un-normalised paths). */
async function raw(path: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown> | string }> {
  const res = await fetch(`${env.url}/storage/v1${path}`, init);
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
  } catch {
    return { status: res.status, body: text };
  }
}

function bytesOf(blob: Blob | null): Promise<Buffer> {
  if (!blob) throw new Error("no data");
  return blob.arrayBuffer().then((b) => Buffer.from(b));
}

const policyName = (what: string) => `storage test ${run} ${what}`;

beforeAll(async () => {
  env = await testEnv();
  db = new pg.Client({ connectionString: env.dbUrl });
  await db.connect();
  admin = client(env.serviceRoleKey);
  alice = client(env.anonKey, await userJwt(aliceId));
  bob = client(env.anonKey, await userJwt(bobId));
  anon = client(env.anonKey);

  const priv = await admin.storage.createBucket(PRIVATE, {
    public: false,
    fileSizeLimit: SIZE_LIMIT,
    // storage-js labels non-Blob bodies "text/plain;charset=UTF-8" by default; like hosted
    // Storage, only a verbatim entry lets that through.
    allowedMimeTypes: ["text/plain", "text/plain;charset=UTF-8", "image/*", "application/octet-stream"],
  });
  expect(priv.error).toBeNull();
  expect((await admin.storage.createBucket(PUBLIC, { public: true })).error).toBeNull();

  // The test-only policy: inside PRIVATE, a user reads and writes only under "<uid>/".
  const own = `bucket_id = '${PRIVATE}' and (storage.foldername(name))[1] = (select auth.uid()::text)`;
  await db.query(`create policy "${policyName("select")}" on storage.objects for select to authenticated using (${own})`);
  await db.query(`create policy "${policyName("insert")}" on storage.objects for insert to authenticated with check (${own})`);
  await db.query(`create policy "${policyName("update")}" on storage.objects for update to authenticated using (${own}) with check (${own})`);
  await db.query(`create policy "${policyName("delete")}" on storage.objects for delete to authenticated using (${own})`);
});

afterAll(async () => {
  for (const what of ["select", "insert", "update", "delete"]) {
    await db?.query(`drop policy if exists "${policyName(what)}" on storage.objects`);
  }
  for (const bucket of [PRIVATE, PUBLIC]) {
    await admin?.storage.emptyBucket(bucket);
    await admin?.storage.deleteBucket(bucket);
  }
  await db?.end();
});

describe("uploads and downloads", () => {
  it("stores a Blob (multipart) and gives the same bytes back", async () => {
    const text = `halo dari toko ${run}\n`;
    const up = await alice.storage.from(PRIVATE).upload(`${aliceId}/notes/hello.txt`, new Blob([text], { type: "text/plain" }));
    expect(up.error).toBeNull();
    expect(up.data).toMatchObject({ path: `${aliceId}/notes/hello.txt`, fullPath: `${PRIVATE}/${aliceId}/notes/hello.txt` });
    expect(up.data?.id).toMatch(/^[0-9a-f-]{36}$/);

    const down = await alice.storage.from(PRIVATE).download(`${aliceId}/notes/hello.txt`);
    expect(down.error).toBeNull();
    expect((await bytesOf(down.data)).toString("utf8")).toBe(text);
    expect(down.data?.type).toBe("text/plain");

    const { rows } = await db.query("select owner, owner_id, metadata from storage.objects where bucket_id = $1 and name = $2", [
      PRIVATE,
      `${aliceId}/notes/hello.txt`,
    ]);
    expect(rows[0]).toMatchObject({ owner: aliceId, owner_id: aliceId });
    expect(rows[0].metadata).toMatchObject({ size: Buffer.byteLength(text), mimetype: "text/plain", cacheControl: "max-age=3600" });
    expect(rows[0].metadata.eTag).toMatch(/^"[0-9a-f]{32}"$/);
  });

  it("stores a Buffer (raw body) with its content type and cache control", async () => {
    const bytes = randomBytes(100 * 1024);
    const path = `${aliceId}/data.bin`;
    const up = await alice.storage.from(PRIVATE).upload(path, bytes, { contentType: "application/octet-stream", cacheControl: "60" });
    expect(up.error).toBeNull();
    const down = await alice.storage.from(PRIVATE).download(path);
    expect((await bytesOf(down.data)).equals(bytes)).toBe(true);

    const res = await fetch(`${env.url}/storage/v1/object/authenticated/${PRIVATE}/${path}`, {
      headers: { apikey: env.anonKey, Authorization: `Bearer ${await userJwt(aliceId)}` },
    });
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("cache-control")).toBe("max-age=60");
    expect(res.headers.get("content-length")).toBe(String(bytes.length));
    await res.arrayBuffer();
  });

  it("refuses to overwrite without x-upsert, and replaces with it or with update()", async () => {
    const path = `${aliceId}/replace.txt`;
    expect((await alice.storage.from(PRIVATE).upload(path, Buffer.from("one"))).error).toBeNull();
    const again = await alice.storage.from(PRIVATE).upload(path, Buffer.from("two"));
    expect(again.error).toMatchObject({ statusCode: "409", message: "The resource already exists" });

    expect((await alice.storage.from(PRIVATE).upload(path, Buffer.from("two"), { upsert: true })).error).toBeNull();
    expect((await bytesOf((await alice.storage.from(PRIVATE).download(path)).data)).toString()).toBe("two");
    expect((await alice.storage.from(PRIVATE).update(path, new Blob(["three"], { type: "text/plain" }))).error).toBeNull();
    expect((await bytesOf((await alice.storage.from(PRIVATE).download(path)).data)).toString()).toBe("three");
  });

  it("reports object info and existence", async () => {
    const info = await alice.storage.from(PRIVATE).info(`${aliceId}/replace.txt`);
    expect(info.error).toBeNull();
    expect(info.data).toMatchObject({ name: `${aliceId}/replace.txt`, bucketId: PRIVATE, size: 5, contentType: "text/plain" });
    expect((await alice.storage.from(PRIVATE).exists(`${aliceId}/replace.txt`)).data).toBe(true);
    expect((await alice.storage.from(PRIVATE).exists(`${aliceId}/nope.txt`)).data).toBe(false);
  });

  it("refuses bodies over the bucket's size limit and types outside its list", async () => {
    const big = randomBytes(SIZE_LIMIT + 1);
    const raw413 = await alice.storage.from(PRIVATE).upload(`${aliceId}/big.bin`, big, { contentType: "application/octet-stream" });
    expect(raw413.error).toMatchObject({ statusCode: "413", message: "The object exceeded the maximum allowed size" });
    const blob413 = await alice.storage.from(PRIVATE).upload(`${aliceId}/big2.bin`, new Blob([big], { type: "image/png" }));
    expect(blob413.error).toMatchObject({ statusCode: "413" });

    // A streamed body of unknown length is cut off once it crosses the limit.
    const chunks = [big.subarray(0, SIZE_LIMIT / 2), big.subarray(SIZE_LIMIT / 2)];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const streamed = await alice.storage.from(PRIVATE).upload(`${aliceId}/big3.bin`, stream, { contentType: "application/octet-stream" });
    expect(streamed.error).toMatchObject({ statusCode: "413" });

    const pdf = await alice.storage.from(PRIVATE).upload(`${aliceId}/doc.pdf`, Buffer.from("%PDF-1.4"), { contentType: "application/pdf" });
    expect(pdf.error).toMatchObject({ statusCode: "415", message: "mime type application/pdf is not supported" });
    expect(pdf.error).toMatchObject({ code: "InvalidMimeType" });

    const { rowCount } = await db.query("select 1 from storage.objects where bucket_id = $1 and name like $2", [PRIVATE, `${aliceId}/big%`]);
    expect(rowCount).toBe(0);
  });
});

describe("listing", () => {
  it("lists one level, folders first with a null id, and searches", async () => {
    const root = await alice.storage.from(PRIVATE).list(aliceId);
    expect(root.error).toBeNull();
    const names = (root.data ?? []).map((e) => [e.name, e.id === null]);
    expect(names).toEqual([
      ["notes", true],
      ["data.bin", false],
      ["replace.txt", false],
    ]);
    const file = root.data?.find((e) => e.name === "data.bin");
    expect(file?.metadata).toMatchObject({ size: 100 * 1024, mimetype: "application/octet-stream" });

    const page = await alice.storage.from(PRIVATE).list(aliceId, { limit: 1, offset: 1 });
    expect(page.data?.map((e) => e.name)).toEqual(["data.bin"]);
    const found = await alice.storage.from(PRIVATE).list(aliceId, { search: "rep" });
    expect(found.data?.map((e) => e.name)).toEqual(["replace.txt"]);
  });

  it("shows each user only what RLS lets them select", async () => {
    expect((await bob.storage.from(PRIVATE).list(aliceId)).data).toEqual([]);
    const top = await alice.storage.from(PRIVATE).list();
    expect(top.data?.map((e) => e.name)).toEqual([aliceId]);
  });
});

describe("signed URLs", () => {
  it("serves a signed URL without any credentials", async () => {
    const signed = await alice.storage.from(PRIVATE).createSignedUrl(`${aliceId}/replace.txt`, 60);
    expect(signed.error).toBeNull();
    const url = signed.data?.signedUrl ?? "";
    expect(url).toContain(`/storage/v1/object/sign/${PRIVATE}/${aliceId}/replace.txt?token=`);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("three");
  });

  it("refuses a tampered, expired or misdirected token", async () => {
    const signed = await alice.storage.from(PRIVATE).createSignedUrl(`${aliceId}/replace.txt`, 60);
    const url = new URL(signed.data?.signedUrl ?? "");
    const token = url.searchParams.get("token") ?? "";
    const [h, p, s = ""] = token.split(".");
    const flipped = `${h}.${p}.${s.slice(0, -2)}${s.endsWith("AA") ? "BB" : "AA"}`;
    url.searchParams.set("token", flipped);
    const tampered = await raw(url.pathname.replace("/storage/v1", "") + url.search);
    expect(tampered.status).toBe(400);
    expect(tampered.body).toMatchObject({ statusCode: "400", error: "InvalidJWT" });

    const key = new TextEncoder().encode(env.jwtSecret);
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ url: `${PRIVATE}/${aliceId}/replace.txt`, scope: "download" })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuedAt(now - 120)
      .setExpirationTime(now - 60)
      .sign(key);
    const old = await raw(`/object/sign/${PRIVATE}/${aliceId}/replace.txt?token=${expired}`);
    expect(old.status).toBe(400);
    expect(old.body).toMatchObject({ statusCode: "400", code: "InvalidJWT" });

    // A valid token for one object opens no other.
    const other = await raw(`/object/sign/${PRIVATE}/${aliceId}/data.bin?token=${token}`);
    expect(other.body).toMatchObject({ code: "InvalidSignature" });
  });

  it("signs many paths, reporting the ones the caller cannot see", async () => {
    const { data, error } = await alice.storage
      .from(PRIVATE)
      .createSignedUrls([`${aliceId}/replace.txt`, `${aliceId}/missing.txt`], 60);
    expect(error).toBeNull();
    expect(data?.[0]?.error).toBeNull();
    expect(await (await fetch(data?.[0]?.signedUrl ?? "")).text()).toBe("three");
    expect(data?.[1]).toMatchObject({ signedUrl: null, error: "Either the object does not exist or you do not have access to it" });
  });

  it("uploads through a signed upload URL", async () => {
    const path = `${aliceId}/via-signed.txt`;
    const created = await alice.storage.from(PRIVATE).createSignedUploadUrl(path);
    expect(created.error).toBeNull();
    const done = await anon.storage.from(PRIVATE).uploadToSignedUrl(path, created.data?.token ?? "", Buffer.from("signed"));
    expect(done.error).toBeNull();
    expect((await bytesOf((await alice.storage.from(PRIVATE).download(path)).data)).toString()).toBe("signed");
    // Bob may not even ask for an upload URL into Alice's folder.
    const refused = await bob.storage.from(PRIVATE).createSignedUploadUrl(`${aliceId}/bob.txt`);
    expect(refused.error).toMatchObject({ statusCode: "403" });
  });
});

describe("RLS across users", () => {
  it("keeps another user from reading, writing or deleting across the policy", async () => {
    const read = await bob.storage.from(PRIVATE).download(`${aliceId}/replace.txt`);
    expect(read.error).toMatchObject({ status: 400, statusCode: "404", message: "Object not found" });
    const sign = await bob.storage.from(PRIVATE).createSignedUrl(`${aliceId}/replace.txt`, 60);
    expect(sign.error).toMatchObject({ statusCode: "404" });

    const write = await bob.storage.from(PRIVATE).upload(`${aliceId}/evil.txt`, Buffer.from("x"));
    expect(write.error).toMatchObject({ status: 400, statusCode: "403", message: "new row violates row-level security policy" });
    const overwrite = await bob.storage.from(PRIVATE).upload(`${aliceId}/replace.txt`, Buffer.from("x"), { upsert: true });
    expect(overwrite.error).toMatchObject({ statusCode: "403" });

    const removed = await bob.storage.from(PRIVATE).remove([`${aliceId}/replace.txt`]);
    expect(removed.data).toEqual([]);
    const moved = await bob.storage.from(PRIVATE).move(`${aliceId}/replace.txt`, `${bobId}/stolen.txt`);
    expect(moved.error).toMatchObject({ statusCode: "404" });
    const copied = await bob.storage.from(PRIVATE).copy(`${aliceId}/replace.txt`, `${bobId}/stolen.txt`);
    expect(copied.error).toMatchObject({ statusCode: "404" });
    expect((await bytesOf((await alice.storage.from(PRIVATE).download(`${aliceId}/replace.txt`)).data)).toString()).toBe("three");

    const own = await bob.storage.from(PRIVATE).upload(`${bobId}/mine.txt`, Buffer.from("bob"));
    expect(own.error).toBeNull();
    const noSession = await anon.storage.from(PRIVATE).upload(`${bobId}/anon.txt`, Buffer.from("x"));
    expect(noSession.error).toMatchObject({ statusCode: "403" });
  });

  it("moves and copies within the caller's own folder, not into someone else's", async () => {
    const bucket = alice.storage.from(PRIVATE);
    expect((await bucket.copy(`${aliceId}/data.bin`, `${aliceId}/copy.bin`)).error).toBeNull();
    expect((await bucket.move(`${aliceId}/copy.bin`, `${aliceId}/moved/copy.bin`)).error).toBeNull();
    expect((await bucket.download(`${aliceId}/copy.bin`)).error).toMatchObject({ statusCode: "404" });
    const a = await bytesOf((await bucket.download(`${aliceId}/data.bin`)).data);
    expect((await bytesOf((await bucket.download(`${aliceId}/moved/copy.bin`)).data)).equals(a)).toBe(true);

    expect((await bucket.copy(`${aliceId}/data.bin`, `${bobId}/gift.bin`)).error).toMatchObject({ statusCode: "403" });
    expect((await bucket.move(`${aliceId}/data.bin`, `${bobId}/gift.bin`)).error).toMatchObject({ statusCode: "403" });
  });

  it("deletes the row and the file together", async () => {
    const removed = await alice.storage.from(PRIVATE).remove([`${aliceId}/moved/copy.bin`, `${aliceId}/via-signed.txt`]);
    expect(removed.error).toBeNull();
    expect(removed.data?.map((o) => o.name).sort()).toEqual([`${aliceId}/moved/copy.bin`, `${aliceId}/via-signed.txt`]);
    expect((await alice.storage.from(PRIVATE).download(`${aliceId}/via-signed.txt`)).error).toMatchObject({ statusCode: "404" });
    // Re-uploading the same key works: nothing half-deleted was left behind.
    expect((await alice.storage.from(PRIVATE).upload(`${aliceId}/via-signed.txt`, Buffer.from("again"))).error).toBeNull();
  });
});

describe("keys and credentials", () => {
  it("refuses path traversal, absolute paths and NUL with InvalidKey", async () => {
    const headers = { apikey: env.serviceRoleKey, Authorization: `Bearer ${env.serviceRoleKey}`, "content-type": "text/plain" };
    for (const key of [`${aliceId}/..%2F..%2F..%2Fescape.txt`, "%2Fetc%2Fpasswd", `${aliceId}/a%00b.txt`, `${aliceId}//x.txt`, "..%2Fx.txt"]) {
      const res = await raw(`/object/${PRIVATE}/${key}`, { method: "POST", headers, body: "x" });
      expect(res.status, key).toBe(400);
      expect(res.body, key).toMatchObject({ code: "InvalidKey", statusCode: "400" });
    }
    // Sent verbatim (fetch would resolve the dots before sending).
    const literal = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
      const u = new URL(env.url);
      const req = http.request(
        { host: u.hostname, port: u.port, path: `/storage/v1/object/${PRIVATE}/${aliceId}/../../${PUBLIC}/x`, headers },
        (res) => {
          let body = "";
          res.on("data", (d: Buffer) => (body += d.toString()));
          res.on("end", () => resolve({ status: res.statusCode, body }));
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(literal.status).toBe(400);
    expect(JSON.parse(literal.body)).toMatchObject({ code: "InvalidKey" });

    const viaClient = await admin.storage.from(PRIVATE).upload(`${aliceId}/..%2F..%2Fx.txt`, Buffer.from("x"));
    expect(viaClient.error).toMatchObject({ statusCode: "400" });
    const read = await raw(`/object/authenticated/${PRIVATE}/..%2F${PUBLIC}%2Fx`, { headers });
    expect(read.body).toMatchObject({ code: "InvalidKey" });
    const { rowCount } = await db.query("select 1 from storage.objects where name like '%..%' or name like '/%'");
    expect(rowCount).toBe(0);
  });

  it("wants a valid apikey and a valid bearer token", async () => {
    expect((await raw(`/object/list/${PRIVATE}`, { method: "POST", body: "{}" })).status).toBe(401);
    const bad = await raw(`/bucket`, { headers: { apikey: "not-a-key" } });
    expect(bad).toMatchObject({ status: 401, body: { message: "Invalid API key" } });
    const expired = client(env.anonKey, await userJwt(aliceId, -60));
    const res = await expired.storage.from(PRIVATE).list(aliceId);
    expect(res.error).toMatchObject({ statusCode: "403" });
  });
});

describe("public buckets and bucket management", () => {
  it("serves public-bucket objects by public URL and never private ones", async () => {
    expect((await admin.storage.from(PUBLIC).upload("logo/toko.txt", Buffer.from("public!"))).error).toBeNull();
    const res = await fetch(admin.storage.from(PUBLIC).getPublicUrl("logo/toko.txt").data.publicUrl);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("public!");

    const priv = await fetch(anon.storage.from(PRIVATE).getPublicUrl(`${aliceId}/replace.txt`).data.publicUrl);
    expect(priv.status).toBe(400);
    expect(await priv.json()).toMatchObject({ statusCode: "404", message: "Bucket not found" });
    const noAuth = await raw(`/object/${PRIVATE}/${aliceId}/replace.txt`);
    expect(noAuth.body).toMatchObject({ statusCode: "404" });
    expect((await raw(`/object/info/public/${PRIVATE}/${aliceId}/replace.txt`)).body).toMatchObject({ statusCode: "404" });
    expect((await raw(`/object/info/public/${PUBLIC}/logo/toko.txt`)).body).toMatchObject({ size: 7 });
  });

  it("lets only the service role manage buckets (no bucket policies exist)", async () => {
    const name = `t-tmp-${run}`;
    const byUser = await alice.storage.createBucket(name);
    expect(byUser.error).toMatchObject({ statusCode: "403" });
    expect((await admin.storage.createBucket(name, { public: false, fileSizeLimit: "1MB" })).error).toBeNull();
    expect((await admin.storage.createBucket(name)).error).toMatchObject({ statusCode: "409" });
    expect((await admin.storage.getBucket(name)).data).toMatchObject({ id: name, public: false, file_size_limit: 1_000_000 });
    expect((await admin.storage.listBuckets()).data?.map((b) => b.id)).toEqual(expect.arrayContaining([name, PRIVATE, PUBLIC]));
    expect((await alice.storage.getBucket(name)).error).toMatchObject({ statusCode: "404" });

    expect((await admin.storage.updateBucket(name, { public: true, allowedMimeTypes: ["text/plain"] })).error).toBeNull();
    expect((await admin.storage.getBucket(name)).data).toMatchObject({ public: true, allowed_mime_types: ["text/plain"] });
    expect((await admin.storage.from(name).upload("a/b.txt", Buffer.from("x"), { contentType: "text/plain" })).error).toBeNull();
    expect((await admin.storage.deleteBucket(name)).error).toMatchObject({ statusCode: "409" });
    expect((await admin.storage.emptyBucket(name)).error).toBeNull();
    expect((await admin.storage.deleteBucket(name)).error).toBeNull();
    expect((await admin.storage.getBucket(name)).error).toMatchObject({ statusCode: "404" });
  });
});
